/**
 * Injected before any page script (Playwright init script, which CSP does not govern): records every
 * RTCPeerConnection the page makes (`window.__pcs`) and counts requests for camera or microphone
 * (`window.__mediaAsks`), and Content-Security-Policy violations (`window.__csp`), so tests can check that
 * all peer connections end closed, nothing asked for a device, and the page kept to its policy.
 */
export const INSTRUMENT = `(() => {
  const Native = window.RTCPeerConnection;
  const pcs = [];
  window.__pcs = pcs;
  window.__mediaAsks = 0;
  window.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
  if (typeof Native === 'function') {
    window.RTCPeerConnection = class extends Native {
      constructor(...args) {
        super(...args);
        pcs.push(this);
      }
    };
  }
  // Every way a page can ask for a camera, a microphone or the screen: the modern and the legacy ones.
  const count = (owner, names) => {
    if (!owner) return;
    for (const name of names) {
      const original = owner[name];
      if (typeof original !== 'function') continue;
      owner[name] = function (...args) {
        window.__mediaAsks++;
        return original.apply(owner, args);
      };
    }
  };
  count(navigator.mediaDevices, ['getUserMedia', 'getDisplayMedia']);
  count(navigator, ['getUserMedia', 'webkitGetUserMedia']);
})();`;
