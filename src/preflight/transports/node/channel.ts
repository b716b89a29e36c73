import type { ProbeError } from '../../probe-error.js';
import type { StunMessage } from '../stun.js';
import type { NetOptions } from './stream.js';
import { newTrack, probeError, since, type Track } from './track.js';
import { openWire, type ChannelEndpoint, type Wire } from './wire.js';

/** A STUN request/answer channel over UDP (with retransmission) or a TCP/TLS stream (framed). */
export interface StunChannel {
  readonly track: Track;
  transact(message: Buffer, id: Buffer): Promise<StunMessage>;
  /** Sends without waiting for an answer; resolves once the bytes are handed to the kernel. */
  post(message: Buffer): Promise<void>;
  close(): void;
}

/** RFC 5389 §7.2.1: the first retransmission timeout over UDP, doubled after each. */
const RTO_MS = 500;

interface Pending {
  resolve(message: StunMessage): void;
  reject(err: ProbeError): void;
  timer?: NodeJS.Timeout;
}

/** Opens a channel; rejects with the mapped code, or `aborted`. The caller closes it. */
export async function openChannel(
  endpoint: ChannelEndpoint,
  net: NetOptions,
  signal: AbortSignal,
): Promise<StunChannel> {
  const track = newTrack();
  const pending = new Map<string, Pending>();
  let broken: ProbeError | null = null;
  const breakAll = (err: ProbeError): void => {
    broken ??= err;
    for (const waiting of pending.values()) {
      clearTimeout(waiting.timer);
      waiting.reject(err);
    }
    pending.clear();
  };
  const onMessage = (message: StunMessage): void => {
    const key = message.transactionId.toString('hex');
    const waiting = pending.get(key);
    if (!waiting || message.cls === 'request' || message.cls === 'indication') return;
    track.firstByteMs ??= since(track);
    clearTimeout(waiting.timer);
    pending.delete(key);
    waiting.resolve(message);
  };
  const onAbort = (): void => breakAll(probeError('aborted', 'aborted', track));
  signal.addEventListener('abort', onAbort, { once: true });
  let wire: Wire;
  try {
    wire = await openWire(endpoint, { net, signal, track, onMessage, breakAll, isBroken: () => broken !== null });
  } catch (err) {
    signal.removeEventListener('abort', onAbort);
    throw err;
  }
  return {
    track,
    transact(message, id) {
      if (broken) return Promise.reject(broken);
      return new Promise<StunMessage>((resolve, reject) => {
        const entry: Pending = { resolve, reject };
        pending.set(id.toString('hex'), entry);
        wire.send(message);
        if (endpoint.kind !== 'udp') return;
        // Retransmit with a doubling interval; the check's deadline ends it.
        let rto = RTO_MS;
        const again = (): void => {
          wire.send(message);
          rto *= 2;
          entry.timer = setTimeout(again, rto);
        };
        entry.timer = setTimeout(again, rto);
      });
    },
    post: (message) => (broken ? Promise.resolve() : wire.post(message)),
    close() {
      signal.removeEventListener('abort', onAbort);
      breakAll(probeError('aborted', 'channel closed', track));
      wire.close();
    },
  };
}

/** Opens a channel, runs `body` on it, and closes it whatever happens. */
export async function withChannel<T>(
  endpoint: ChannelEndpoint,
  net: NetOptions,
  signal: AbortSignal,
  body: (channel: StunChannel) => Promise<T>,
): Promise<T> {
  const channel = await openChannel(endpoint, net, signal);
  try {
    return await body(channel);
  } finally {
    channel.close();
  }
}
