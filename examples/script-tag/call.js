// The call page's script: OpenTok.js and video-allowlist-guard.min.js (global VideoAllowlist) load first.
// The credentials stay in the form: nothing is stored.
(function () {
  'use strict';

  var form = document.getElementById('call');
  var status = document.getElementById('status');

  function say(text) {
    status.textContent = text;
  }

  try {
    // Every OT.initSession on this page, from any script, now carries ipWhitelist: true.
    VideoAllowlist.guard();
  } catch (err) {
    // No OpenTok.js, or one older than 2.15.0: the message says which and what to load.
    say('Cannot join safely: ' + err.message);
    document.getElementById('join').disabled = true;
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var field = function (name) {
      return form.elements.namedItem(name).value.trim();
    };
    var session = VideoAllowlist.initSession(OT, field('apiKey'), field('sessionId'));
    session.on('streamCreated', function (e) {
      session.subscribe(e.stream, 'subscribers', { insertMode: 'append' });
    });
    var publisher = OT.initPublisher('publisher', { insertMode: 'append' });
    session.connect(field('token'), function (err) {
      if (err) say('Cannot connect: ' + err.message);
      else session.publish(publisher);
      document.body.dataset.state = err ? 'failed' : 'connected';
    });
  });
  document.body.dataset.state = 'ready';
})();
