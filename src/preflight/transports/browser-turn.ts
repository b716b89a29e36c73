import type { TurnProbeRequest, TurnProbeResult } from '../types.js';
import { ProbeError } from '../probe-error.js';
import { answeredSince, eventProbe, safeUrl } from './browser-shared.js';

/** RTCPeerConnection refuses a TURN URL without credentials; these only ask the server for its 401. */
const PROBE_USERNAME = 'vonage-video-allowlist-preflight';
const PROBE_CREDENTIAL = 'no-credential';

/**
 * Probe one TURN URL with a relay-only peer connection and a data channel to start gathering.
 * - A relay candidate: `outcome: 'relay'`, `relayAddress` and `remoteAddress` its address (the only
 *   address of the TURN server a page can see, so the one judged against the list).
 * - `icecandidateerror` 401: with real credentials `turn-unauthorized`; without, the server answered,
 *   so `outcome: 'reached'`.
 * - 701 (server not reachable) or any other error: kept, and reported when gathering ends with no relay.
 * The peer connection is closed on every path: result, error, gathering end, abort and timeout.
 */
export function probeTurn(req: TurnProbeRequest, signal: AbortSignal): Promise<TurnProbeResult> {
  const what = `TURN ${safeUrl(req.url)}`;
  return eventProbe<TurnProbeResult>(signal, what, (settle) => {
    if (typeof RTCPeerConnection !== 'function')
      throw new ProbeError('unsupported', 'this browser has no RTCPeerConnection');
    const withCredentials = req.username !== undefined && req.credential !== undefined;
    const start = performance.now();
    const pc = new RTCPeerConnection({
      iceServers: [
        {
          urls: req.url,
          username: withCredentials ? req.username : PROBE_USERNAME,
          credential: withCredentials ? req.credential : PROBE_CREDENTIAL,
        },
      ],
      iceTransportPolicy: 'relay',
    });
    let lastError: ProbeError | undefined;
    pc.onicecandidate = (ev) => {
      const candidate = ev.candidate;
      if (candidate === null)
        return settle(lastError ?? new ProbeError('unreachable', `${what}: gathering ended without a relay candidate`));
      if (candidate.type !== 'relay') return;
      const address = candidate.address ?? candidate.candidate.split(' ')[4];
      // The browser shows no TURN server address but the relay's, which lives on that server: it is
      // the address reported (and judged against the TURN block), and the detail says so.
      if (address) {
        settle({
          outcome: 'relay',
          relayAddress: address,
          remoteAddress: address,
          timings: answeredSince(start),
          detail: `relay allocated at ${address} (the browser shows the relay address, not the server's)`,
        });
      }
    };
    pc.onicecandidateerror = (ev) => {
      const failure = ev as RTCPeerConnectionIceErrorEvent;
      const text = failure.errorText ? ` (${failure.errorText})` : '';
      if (failure.errorCode === 401) {
        // The server answered: its time is the report's latency, as for a pass.
        return settle(
          withCredentials
            ? new ProbeError('turn-unauthorized', `${what}: the server answered and refused the credentials (401)`, {
                timings: answeredSince(start),
              })
            : {
                outcome: 'reached',
                remoteAddress: null,
                timings: answeredSince(start),
                detail: 'the server asked for credentials (401): path open, no relay tried',
              },
        );
      }
      // 701 may come from one local interface while another still gathers: wait for the end.
      // Chromium verifies a `turns:` server's certificate and reports a refusal as a plain 701.
      const tls = req.url.startsWith('turns:')
        ? '; over TLS an untrusted or mismatched certificate looks the same'
        : '';
      lastError =
        failure.errorCode === 701
          ? new ProbeError('unreachable', `${what}: the browser could not reach the server (701)${text}${tls}`, {
              phase: 'unknown',
            })
          : new ProbeError('error', `${what}: the server answered with error ${failure.errorCode}${text}`);
    };
    pc.createDataChannel('preflight');
    let closed = false;
    pc.createOffer()
      .then((offer) => (closed ? undefined : pc.setLocalDescription(offer)))
      .catch((err: unknown) =>
        settle(new ProbeError('error', `${what}: could not start ICE gathering`, { cause: err })),
      );
    return () => {
      closed = true;
      pc.onicecandidate = pc.onicecandidateerror = null;
      pc.close();
    };
  });
}
