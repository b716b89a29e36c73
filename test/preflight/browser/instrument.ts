/**
 * Injected before any page script (Playwright init script, which CSP does not govern): records every
 * RTCPeerConnection the page makes (`window.__pcs`) and counts requests for camera or microphone
 * (`window.__mediaAsks`), so tests can check that all peer connections end closed and none asked.
 */
export const INSTRUMENT = `(() => {
  const Native = window.RTCPeerConnection;
  const pcs = [];
  window.__pcs = pcs;
  window.__mediaAsks = 0;
  if (typeof Native === 'function') {
    window.RTCPeerConnection = class extends Native {
      constructor(...args) {
        super(...args);
        pcs.push(this);
      }
    };
  }
  const md = navigator.mediaDevices;
  if (md) {
    for (const name of ['getUserMedia', 'getDisplayMedia']) {
      const original = md[name];
      if (typeof original !== 'function') continue;
      md[name] = function (...args) {
        window.__mediaAsks++;
        return original.apply(md, args);
      };
    }
  }
})();`;
