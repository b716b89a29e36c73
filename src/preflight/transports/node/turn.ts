import { ProbeError } from '../../probe-error.js';
import { parseTurnUrl } from '../../turn-url.js';
import type { TurnProbeRequest, TurnProbeResult } from '../../types.js';
import {
  Attr,
  Method,
  REQUESTED_TRANSPORT_UDP,
  encode,
  errorCode,
  getAttr,
  longTermAuth,
  newTransactionId,
  xorAddress,
  type StunAttribute,
  type StunMessage,
} from '../stun.js';
import { withChannel, type StunChannel } from './channel.js';
import type { NetOptions } from './stream.js';
import { probeError, timings } from './track.js';

/** What every Allocate asks for: a UDP relay. */
const WANTS_UDP: StunAttribute[] = [{ type: Attr.REQUESTED_TRANSPORT, value: REQUESTED_TRANSPORT_UDP }];

/**
 * One TURN URL over its own transport. An unauthenticated Allocate first: its answer proves the
 * path; with credentials, the authenticated Allocate must get a relay (401: `turn-unauthorized`).
 * The relay is freed at once.
 */
export function probeTurn(req: TurnProbeRequest, signal: AbortSignal, net: NetOptions): Promise<TurnProbeResult> {
  const url = parseTurnUrl(req.url);
  if (!url) return Promise.reject(new ProbeError('error', 'not a TURN URL'));
  const endpoint = { host: url.host, port: url.port, kind: url.secure ? ('tls' as const) : url.transport };
  return withChannel(endpoint, net, signal, async (channel) => {
    const result = (outcome: 'relay' | 'reached', detail: string, relayAddress?: string): TurnProbeResult => ({
      remoteAddress: channel.track.remote,
      timings: timings(channel.track),
      outcome,
      detail,
      ...(relayAddress ? { relayAddress } : {}),
    });
    const id = newTransactionId();
    const first = await channel.transact(encode(Method.Allocate, id, { attributes: WANTS_UDP, fingerprint: true }), id);
    if (first.cls === 'success') {
      const relay = relayOf(first);
      await release(channel, { auth: [] });
      return result('relay', `relay allocated without authentication${relay ? ` at ${relay}` : ''}`, relay);
    }
    const code = errorCode(first);
    if (req.username === undefined || req.credential === undefined) {
      const said = code === 401 ? '401 (credentials required)' : `${code ?? 'an error'}`;
      return result('reached', `Allocate answered ${said}: the path is open`);
    }
    if (code !== 401)
      throw probeError('bad-response', `Allocate answered ${code ?? 'an error'} before authentication`, channel.track);
    const relay = await allocate(channel, first, { username: req.username, credential: req.credential });
    return result('relay', `relay allocated${relay ? ` at ${relay}` : ''}`, relay);
  });
}

/** The authenticated Allocate after the 401 `challenge`: the relay address; a stale nonce is retried once. */
async function allocate(
  channel: StunChannel,
  challenge: StunMessage,
  credentials: { username: string; credential: string },
): Promise<string | undefined> {
  const track = channel.track;
  const longTerm = longTermAuth(challenge, credentials);
  if (!longTerm) throw probeError('bad-response', '401 without REALM or NONCE', track);
  const key = longTerm.key;
  for (let attempt = 0; attempt < 2; attempt++) {
    const auth = longTerm.attributes();
    const id = newTransactionId();
    const attributes = [...WANTS_UDP, ...auth];
    const answer = await channel.transact(
      encode(Method.Allocate, id, { attributes, integrityKey: key, fingerprint: true }),
      id,
    );
    if (answer.cls === 'success') {
      await release(channel, { auth, key });
      return relayOf(answer);
    }
    const code = errorCode(answer);
    if (longTerm.renew(answer)) continue; // stale nonce: retry once with the new one
    if (code === 401) throw probeError('turn-unauthorized', 'the TURN server refused the credentials (401)', track);
    throw probeError('bad-response', `authenticated Allocate answered ${code ?? 'an error'}`, track);
  }
  throw probeError('bad-response', 'the TURN server kept answering 438 (stale nonce)', track);
}

function relayOf(message: StunMessage): string | undefined {
  const value = getAttr(message, Attr.XOR_RELAYED_ADDRESS);
  const address = value ? xorAddress(value, message.transactionId) : null;
  return address ? `${address.ip.includes(':') ? `[${address.ip}]` : address.ip}:${address.port}` : undefined;
}

/**
 * Frees the allocation at once (Refresh, LIFETIME 0) instead of leaving it to expire. Sent, not
 * awaited: the verdict is known, and waiting for the answer cost every TURN check one more round trip
 * (the channel closes once the request is on the wire; closing a TCP/TLS connection frees its
 * allocation anyway). At most 100 ms for the kernel to take it.
 */
async function release(channel: StunChannel, signed: { auth: StunAttribute[]; key?: Buffer }): Promise<void> {
  const id = newTransactionId();
  const zero = { type: Attr.LIFETIME, value: Buffer.alloc(4) };
  let timer: NodeJS.Timeout | undefined;
  const refresh = encode(Method.Refresh, id, {
    attributes: [zero, ...signed.auth],
    ...(signed.key ? { integrityKey: signed.key } : {}),
    fingerprint: true,
  });
  await Promise.race([channel.post(refresh), new Promise((resolve) => (timer = setTimeout(resolve, 100)))]).catch(
    () => {},
  );
  clearTimeout(timer);
}
