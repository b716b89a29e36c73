import type { Transport } from '../types.js';
import { ProbeError } from '../probe-error.js';

/** The browser transport: `fetch`, `WebSocket`, `RTCPeerConnection`. (Stub until implemented.) */
export function browserTransport(): Transport {
  const unsupported = async (): Promise<never> => {
    throw new ProbeError('unsupported', 'the browser transport is not implemented yet');
  };
  return { kind: 'browser', http: unsupported, websocket: unsupported };
}
