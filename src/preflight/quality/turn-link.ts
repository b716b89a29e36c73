import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { connect as tcpConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect, type SecureContext } from 'node:tls';
import { ProbeError } from '../probe-error.js';
import { decode, messageLength, type StunMessage } from '../transports/stun.js';

/**
 * One connection to a TURN server that carries both STUN messages and ChannelData (RFC 8656 §12):
 * a UDP socket, or a TCP / TLS stream framed by the STUN length or the ChannelData length (padded
 * to 4 bytes on a stream). Requests are matched to answers by transaction id; over UDP they are
 * retransmitted (RFC 8489 §6.2.1). Node only.
 */
export interface TurnLink {
  /** Sends a request and waits for its success or error answer. */
  transact(msg: Buffer, transactionId: Buffer): Promise<StunMessage>;
  /** Sends a datagram or a framed message without waiting. */
  send(data: Buffer): void;
  /** Called with each ChannelData message: channel number and payload. */
  onChannelData: ((channel: number, data: Buffer) => void) | null;
  /** The server address as connected to. */
  readonly remote: string;
  close(): void;
}

export interface LinkOptions {
  host: string;
  port: number;
  kind: 'udp' | 'tcp' | 'tls';
  /** Trusted CAs for TLS, PEM; default Node's. */
  ca?: string | string[];
  /** A TLS context holding the trusted CAs (the Node transport's), instead of `ca`. */
  secureContext?: SecureContext;
  signal: AbortSignal;
}

const RTO_MS = 250;

export async function openLink(options: LinkOptions): Promise<TurnLink> {
  const pending = new Map<string, { resolve(m: StunMessage): void; reject(e: Error): void; timer?: NodeJS.Timeout }>();
  let broken: Error | null = null;
  const breakAll = (e: Error): void => {
    broken ??= e;
    for (const waiter of pending.values()) {
      clearTimeout(waiter.timer);
      waiter.reject(e);
    }
    pending.clear();
  };
  const link: TurnLink = {
    onChannelData: null,
    remote: options.host,
    transact: () => Promise.reject(new Error('not open')),
    send: () => {},
    close: () => {},
  };
  const onPacket = (b: Buffer): void => {
    if (b.length >= 4 && b[0]! >= 0x40 && b[0]! <= 0x7f) {
      const len = b.readUInt16BE(2);
      if (b.length >= 4 + len) link.onChannelData?.(b.readUInt16BE(0), b.subarray(4, 4 + len));
      return;
    }
    const message = decode(b);
    if (!message || message.cls === 'request' || message.cls === 'indication') return;
    const waiter = pending.get(message.transactionId.toString('hex'));
    if (!waiter) return;
    clearTimeout(waiter.timer);
    pending.delete(message.transactionId.toString('hex'));
    waiter.resolve(message);
  };
  const onAbort = (): void => breakAll(new ProbeError('aborted', 'aborted'));
  options.signal.addEventListener('abort', onAbort, { once: true });

  let write: (b: Buffer) => void;
  let closeSocket: () => void;
  try {
    if (options.kind === 'udp') {
      const sock: UdpSocket = createSocket(isIP(options.host) === 6 ? 'udp6' : 'udp4');
      closeSocket = () => {
        try {
          sock.close();
        } catch {
          /* already closed */
        }
      };
      sock.on('message', onPacket);
      sock.on('error', (err) => breakAll(new ProbeError('error', `TURN over UDP: ${err.message}`, { cause: err })));
      await new Promise<void>((resolve, reject) => {
        sock.once('error', reject);
        sock.connect(options.port, options.host, () => {
          sock.off('error', reject);
          resolve();
        });
      });
      write = (b) => sock.send(b);
    } else {
      const sock: Socket =
        options.kind === 'tls'
          ? tlsConnect({
              host: options.host,
              port: options.port,
              ...(options.secureContext ? { secureContext: options.secureContext } : { ca: options.ca }),
              servername: isIP(options.host) ? undefined : options.host,
            })
          : tcpConnect(options.port, options.host);
      sock.setNoDelay(true);
      closeSocket = () => sock.destroy();
      let buf: Buffer = Buffer.alloc(0);
      sock.on('data', (d: Buffer) => {
        buf = buf.length ? Buffer.concat([buf, d]) : d;
        for (;;) {
          const channel = buf.length >= 4 && buf[0]! >= 0x40 && buf[0]! <= 0x7f;
          const frameLength = channel ? 4 + ((buf.readUInt16BE(2) + 3) & ~3) : messageLength(buf);
          if (frameLength === null || buf.length < frameLength) break;
          onPacket(buf.subarray(0, frameLength));
          buf = buf.subarray(frameLength);
        }
      });
      sock.on('error', (err) =>
        breakAll(new ProbeError('error', `TURN over ${options.kind}: ${err.message}`, { cause: err })),
      );
      sock.on('close', () => breakAll(new ProbeError('reset', 'the TURN connection closed')));
      await new Promise<void>((resolve, reject) => {
        sock.once('error', reject);
        sock.once(options.kind === 'tls' ? 'secureConnect' : 'connect', () => {
          sock.off('error', reject);
          resolve();
        });
      });
      write = (b) => {
        if (!sock.destroyed) sock.write(b);
      };
    }
  } catch (err) {
    options.signal.removeEventListener('abort', onAbort);
    throw new ProbeError(
      'unreachable',
      `TURN ${options.kind} ${options.host}:${options.port}: ${(err as Error).message}`,
      { cause: err },
    );
  }
  link.send = (b) => {
    if (!broken) write(b);
  };
  link.transact = (msg, tid) => {
    if (broken) return Promise.reject(broken);
    return new Promise<StunMessage>((resolve, reject) => {
      const entry: { resolve(m: StunMessage): void; reject(e: Error): void; timer?: NodeJS.Timeout } = {
        resolve,
        reject,
      };
      pending.set(tid.toString('hex'), entry);
      write(msg);
      if (options.kind !== 'udp') return;
      let rto = RTO_MS;
      const again = (): void => {
        write(msg);
        rto *= 2;
        entry.timer = setTimeout(again, rto);
      };
      entry.timer = setTimeout(again, rto);
    });
  };
  link.close = () => {
    options.signal.removeEventListener('abort', onAbort);
    breakAll(new ProbeError('aborted', 'link closed'));
    closeSocket();
  };
  return link;
}

/** A ChannelData message (RFC 8656 §12.4), padded to 4 bytes when it goes over a stream. */
export function channelData(channel: number, data: Buffer, stream: boolean): Buffer {
  const pad = stream ? (4 - (data.length % 4)) % 4 : 0;
  const out = Buffer.alloc(4 + data.length + pad);
  out.writeUInt16BE(channel, 0);
  out.writeUInt16BE(data.length, 2);
  data.copy(out, 4);
  return out;
}
