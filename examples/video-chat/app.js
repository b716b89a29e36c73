// The video chat page's own script: no build step, no inline script (works under a
// `script-src 'self' https://video.enterprise.vonage.com` policy). It needs OpenTok.js and
// this library's script (global `VideoAllowlist`) loaded before it.
(function () {
  'use strict';

  var form = document.getElementById('chat');
  var checkButton = document.getElementById('check');
  var joinButton = document.getElementById('join');
  var leaveButton = document.getElementById('leave');
  var status = document.getElementById('status');
  var MARKS = { pass: '\u2714 Pass', fail: '\u2716 Fail', skip: '\u2013 Skipped' };
  var session = null;
  var publisher = null;

  function field(name) {
    return form.elements.namedItem(name);
  }

  function value(name) {
    return field(name).value.trim();
  }

  function step(name) {
    document.body.dataset.step = name;
  }

  function say(text, state) {
    status.textContent = text;
    status.dataset.state = state || 'info';
  }

  function el(tag, text) {
    var node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /** A value of the report this page does not know in detail (newer fields), as one readable line. */
  // The report's recommendation ({ level, reason }) and a TURN check's quality figures, in words.
  function advice(r) {
    return r ? { video: 'Video call', 'audio-only': 'Audio only', none: 'No call' }[r.level] + ': ' + r.reason : '';
  }
  function figures(q) {
    if (!q) return '';
    var rtt = q.rttMs ? 'RTT ' + q.rttMs.median + ' ms, ' : '';
    return rtt + 'loss ' + Math.round(q.lossRatio * 1000) / 10 + '%, jitter ' + q.jitterMs + ' ms, MOS ' + q.mos;
  }

  // 1. Every OT.initSession on this page, from this script or any other, carries ipWhitelist: true.
  try {
    VideoAllowlist.guard();
    var build = VideoAllowlist.allowlistBuild();
    if (build.fullEffect === false)
      say(
        'This OpenTok.js build (' +
          VideoAllowlist.sdkVersion() +
          ') sends ipWhitelist: true but does not fetch the allowed-list configuration: load the Enterprise build.',
      );
  } catch (err) {
    // No OT (the SDK script did not load) or an SDK older than 2.15.0: joining is not safe.
    say('Cannot join safely: ' + err.message, 'error');
    joinButton.disabled = true;
  }

  // 2. The allowed IP list: pasted, or read from the file saved from the account page.
  field('listFile').addEventListener('change', function () {
    var file = field('listFile').files[0];
    if (!file) return;
    file.text().then(function (text) {
      field('list').value = text;
    });
  });

  // Call quality: media through the TURN servers for a few seconds (5 by default; `?qualitySeconds=N`
  // shortens or lengthens it, e.g. for a test). The figures land on each TURN row, plus a recommendation.
  var asked = /[?&]qualitySeconds=([\d.]+)/.exec(document.location.search);
  var qualitySeconds = (asked && Number(asked[1])) || 5;
  document.getElementById('quality-seconds').textContent = String(qualitySeconds);

  function showReport(report) {
    var box = document.getElementById('recommendation');
    var failed = report.checks.filter(function (c) {
      return c.status === 'fail';
    }).length;
    // `recommendation` (what to do next) when the library gives one; else the summary of the checks.
    box.textContent =
      advice(report.recommendation) ||
      (report.ok
        ? '\u2714 This network reaches every server your list allows.'
        : '\u2716 ' + failed + ' checks failed: see what to do below.');
    box.dataset.ok = String(report.ok);
    var tbody = document.querySelector('#checks tbody');
    tbody.textContent = '';
    report.checks.forEach(function (c) {
      var tr = el('tr');
      tr.dataset.status = c.status;
      tr.dataset.category = c.category;
      tr.dataset.code = c.code;
      tr.appendChild(el('td', MARKS[c.status] || c.status));
      tr.appendChild(el('td', c.category + ' over ' + c.transport.toUpperCase()));
      tr.appendChild(el('td', figures(c.quality) || '\u2014'));
      tr.appendChild(el('td', c.hint || (c.code === 'ok' ? '' : c.code)));
      tbody.appendChild(tr);
    });
    document.getElementById('report-text').textContent = VideoAllowlist.formatReport(report);
    document.getElementById('report').hidden = false;
  }

  checkButton.addEventListener('click', function () {
    if (!form.reportValidity()) return;
    checkButton.disabled = true;
    step('checking');
    say(
      'Checking every server this session uses' +
        (field('quality').checked ? ' and measuring call quality (' + qualitySeconds + ' s)' : '') +
        '\u2026',
    );
    var options = {
      list: field('list').value,
      credentials: { apiKey: value('apiKey'), sessionId: value('sessionId'), token: value('token') },
    };
    if (value('apiUrl')) options.apiUrl = value('apiUrl');
    if (field('quality').checked) options.quality = { seconds: qualitySeconds };
    VideoAllowlist.runPreflight(options)
      .then(
        function (report) {
          showReport(report);
          say(report.ok ? 'Ready to join.' : 'You can still join, but the call may fail on this network.');
        },
        function (err) {
          // A bad list or option: the message names the line or the field.
          say('Could not check: ' + err.message, 'error');
        },
      )
      .then(function () {
        checkButton.disabled = false;
        step('checked');
      });
  });

  // 3. The call: publish the camera, subscribe to everyone else.
  function fail(what) {
    return function (err) {
      if (!err) return;
      say(what + ': ' + err.message, 'error');
      step('join-failed');
    };
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    joinButton.disabled = true;
    leaveButton.disabled = false;
    step('joining');
    say('Joining\u2026');
    try {
      // The library's initSession (the audit sees it): refused, before the SDK is called, if unsafe.
      session = VideoAllowlist.initSession(OT, value('apiKey'), value('sessionId'));
    } catch (err) {
      fail('Cannot join')(err);
      return;
    }
    session.on('streamCreated', function (e) {
      var box = el('div');
      document.getElementById('subscribers').appendChild(box);
      session.subscribe(
        e.stream,
        box,
        { insertMode: 'append', width: '100%', height: '100%' },
        fail('Cannot show a participant'),
      );
    });
    publisher = OT.initPublisher(
      'publisher',
      { insertMode: 'append', width: '100%', height: '100%' },
      fail('Cannot use the camera'),
    );
    publisher.on('videoElementCreated', function () {
      document.body.dataset.camera = 'on';
    });
    session.connect(value('token'), function (err) {
      if (err) return fail('Cannot connect')(err);
      session.publish(publisher, fail('Cannot publish'));
      say('In the call.');
      step('connected');
    });
  });

  leaveButton.addEventListener('click', function () {
    if (session) session.disconnect();
    if (publisher) publisher.destroy();
    session = publisher = null;
    joinButton.disabled = false;
    leaveButton.disabled = true;
    say('Left the call.');
    step('left');
  });

  step('ready');
})();
