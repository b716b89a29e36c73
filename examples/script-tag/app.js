// The sample page's own script. No build step and no inline script, so the page works under
// `Content-Security-Policy: script-src 'self'`. It needs the IIFE bundle (global `VideoAllowlist`)
// loaded before it.
(function () {
  'use strict';

  var form = document.getElementById('preflight');
  var button = document.getElementById('run');
  var stop = document.getElementById('stop');
  var running = null; // the AbortController of the run in progress
  var summary = document.getElementById('summary');
  var table = document.getElementById('results');
  var tbody = table.querySelector('tbody');

  // Vonage's public defaults, used when no `local-env.json` sits next to this page.
  var DEFAULTS = { apiUrl: 'https://anvil.opentok.com', loggingUrl: 'https://hlg.tokbox.com/prod', timeoutMs: 5000 };

  var NAMES = { api: 'API', messaging: 'Messaging', logging: 'Logging', media: 'Media', turn: 'TURN' };
  var OVER = { https: 'HTTPS', wss: 'WSS', udp: 'UDP', tcp: 'TCP', tls: 'TLS' };
  var MARKS = { pass: '\u2714 Pass', fail: '\u2716 Fail', skip: '\u2013 Skipped', running: '\u2026 Running' };

  function field(name) {
    return form.elements.namedItem(name);
  }

  function fill(values) {
    var turn = values.turn || {};
    var set = {
      apiUrl: values.apiUrl,
      messagingUrl: values.messagingUrl,
      loggingUrl: values.loggingUrl,
      turnUrls: Array.isArray(turn.urls) ? turn.urls.join('\n') : turn.urls,
      turnUsername: turn.username,
      turnCredential: turn.credential,
      mediaHost: values.media && values.media.host,
      timeoutMs: values.timeoutMs,
      list: values.listText,
    };
    Object.keys(set).forEach(function (name) {
      if (set[name] !== undefined && set[name] !== null) field(name).value = String(set[name]);
    });
  }

  /** The page's defaults: the local environment's targets when the server provides them. */
  function loadDefaults() {
    return fetch('./local-env.json', { cache: 'no-store' })
      .then(function (res) {
        return res.ok ? res.json() : DEFAULTS;
      })
      .catch(function () {
        return DEFAULTS;
      })
      .then(fill);
  }

  function readOptions() {
    var value = function (name) {
      return field(name).value.trim();
    };
    var options = { list: field('list').value, timeoutMs: Number(value('timeoutMs')) || 5000 };
    ['apiUrl', 'messagingUrl', 'loggingUrl'].forEach(function (name) {
      if (value(name)) options[name] = value(name);
    });
    var urls = value('turnUrls').split(/\s+/).filter(Boolean);
    if (urls.length > 0) {
      options.turn = { urls: urls };
      if (value('turnUsername')) options.turn.username = value('turnUsername');
      if (field('turnCredential').value) options.turn.credential = field('turnCredential').value;
    }
    // With the session's credentials, the session info names the messaging, TURN and media servers.
    if (value('apiKey') && value('sessionId') && field('token').value)
      options.credentials = { apiKey: value('apiKey'), sessionId: value('sessionId'), token: field('token').value };
    // Media needs raw UDP/TCP sockets a page cannot open: the report shows it skipped, with the reason.
    if (value('mediaHost')) options.media = { host: value('mediaHost') };
    return options;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function keyOf(c) {
    return c.category + ' ' + c.transport + ' ' + c.target;
  }

  function rowFor(c) {
    var key = keyOf(c);
    var rows = tbody.querySelectorAll('tr');
    for (var i = 0; i < rows.length; i++) if (rows[i].dataset.key === key) return rows[i];
    var tr = el('tr');
    tr.dataset.key = key;
    tbody.appendChild(tr);
    return tr;
  }

  function addressCell(c) {
    var td = el('td', 'addr');
    if (c.addresses && c.addresses.length > 0) {
      c.addresses.forEach(function (a) {
        var line = el('div', a.allowed ? 'in' : 'out');
        line.textContent =
          a.ip + (a.allowed ? ' \u2014 inside the list (' + a.block + ')' : ' \u2014 OUTSIDE the list');
        td.appendChild(line);
      });
    } else if (c.status === 'skip' || c.status === 'running' || c.latencyMs === null) {
      // Nothing reached: no address to show.
      td.textContent = '\u2014';
    } else {
      td.appendChild(el('div', 'hidden', 'not visible in the browser'));
    }
    return td;
  }

  function render(c) {
    var tr = rowFor(c);
    tr.textContent = '';
    tr.dataset.status = c.status;
    tr.dataset.category = c.category;
    tr.dataset.transport = c.transport;
    if (c.code) tr.dataset.code = c.code;
    tr.appendChild(el('td', 'mark', MARKS[c.status] || c.status));
    var server = el('td');
    server.appendChild(el('div', '', NAMES[c.category] + ' over ' + OVER[c.transport]));
    if (c.code && c.code !== 'ok') server.appendChild(el('div', 'code', c.code));
    tr.appendChild(server);
    tr.appendChild(el('td', 'target', c.target));
    tr.appendChild(el('td', 'latency', typeof c.latencyMs === 'number' ? Math.round(c.latencyMs) + ' ms' : '\u2014'));
    tr.appendChild(addressCell(c));
    var what = el('td');
    if (c.hint) what.appendChild(el('div', 'hint', c.hint));
    if (c.detail) what.appendChild(el('div', 'detail', c.detail));
    tr.appendChild(what);
  }

  function showSummary(state, text) {
    summary.hidden = false;
    summary.dataset.ok = state;
    summary.textContent = text;
  }

  function finish(report) {
    tbody.textContent = '';
    report.checks.forEach(render);
    var failed = report.checks.filter(function (c) {
      return c.status === 'fail';
    }).length;
    var skipped = report.checks.filter(function (c) {
      return c.status === 'skip';
    }).length;
    var ran = report.checks.length - skipped;
    var took = ' in ' + Math.round(report.durationMs) + ' ms';
    var skips = skipped > 0 ? ' (' + skipped + ' skipped)' : '';
    var stopped = report.checks.filter(function (c) {
      return c.code === 'aborted';
    }).length;
    var text;
    if (report.ok) text = '\u2714 All ' + ran + ' checks passed' + skips + took;
    else if (stopped > 0 && stopped === failed)
      text = '\u25A0 Stopped' + took + ': ' + stopped + ' of ' + ran + ' checks did not finish';
    else text = '\u2716 ' + failed + ' of ' + ran + ' checks failed' + skips + took + ': see what to open below';
    // The library's closing sentence: what was proven, and what was not tested with the option that would test it.
    var sentence = VideoAllowlist.formatReport(report).trim().split('\n').pop();
    var halted = stopped > 0 && stopped === failed;
    showSummary(String(report.ok), halted ? text : text + ' \u2014 ' + sentence);
    window.preflightReport = report;
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    button.disabled = true;
    document.body.dataset.state = 'running';
    tbody.textContent = '';
    table.hidden = false;
    showSummary('running', 'Checking every server at once\u2026');
    var options = readOptions();
    // Stop aborts every check at once: each ends as 'aborted', and every socket and peer connection is closed.
    running = new AbortController();
    options.signal = running.signal;
    stop.disabled = false;
    options.onProgress = function (e) {
      if (e.type === 'start')
        render({ category: e.category, target: e.target, transport: e.transport, status: 'running', addresses: [] });
      else render(e.check);
    };
    Promise.resolve()
      .then(function () {
        return VideoAllowlist.runPreflight(options);
      })
      .then(finish, function (err) {
        table.hidden = true;
        showSummary('false', '\u2716 Could not run the preflight: ' + (err && err.message ? err.message : String(err)));
        window.preflightError = { code: err && err.code, message: err && err.message };
      })
      .then(function () {
        running = null;
        stop.disabled = true;
        button.disabled = false;
        document.body.dataset.state = 'done';
      });
  });

  stop.addEventListener('click', function () {
    if (running) running.abort();
  });

  loadDefaults().then(function () {
    document.body.dataset.state = 'ready';
  });
})();
