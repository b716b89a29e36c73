import { createSocket } from 'node:dgram';
import { isIP } from 'node:net';
import { MAGIC_COOKIE, decode, messageLength, type StunMessage } from '../stun.js';
import { bounded } from './bounded.js';
import { fromSocketError } from './errors.js';
import type { Duplex } from 'node:stream';
import { ProbeError } from '../../probe-error.js';
import { connectStream, type NetOptions } from './stream.js';
import { probeError, since, type Track } from './track.js';

/** Where a STUN channel goes: UDP, a TCP stream, or TLS. */
export interface ChannelEndpoint {
  host: string;
  port: number;
  kind: 'udp' | 'tcp' | 'tls';
}

/** How a channel's bytes go out once connected. */
export interface Wire {
  send(bytes: Buffer): void;
  /** Resolves once the bytes are handed to the kernel (at once when closed). */
  post(bytes: Buffer): Promise<void>;
  close(): void;
}

/** What a wire reports to its channel: each STUN message, and the failure that ends it. */
export interface Link {
  net: NetOptions;
  signal: AbortSignal;
  track: Track;
  onMessage(message: StunMessage): void;
  breakAll(err: ProbeError): void;
  isBroken(): boolean;
}

/** Connects a wire; on failure it is closed, and the rejection carries the mapped code. */
export function openWire(endpoint: ChannelEndpoint, link: Link): Promise<Wire> {
  return endpoint.kind === 'udp' ? openUdp(endpoint, link) : openFramed(endpoint, link);
}

async function resolveHost(host: string, link: Link): Promise<{ address: string; family: number }> {
  const family = isIP(host);
  if (family) return { address: host, family };
  const { track } = link;
  return bounded(link.signal, ({ ok, fail }) => {
    link.net.lookup(host, {}, (err, address, found) => {
      track.dnsMs = since(track);
      if (err) return fail(fromSocketError(err, track, false, 'DNS answer'));
      if (typeof address === 'string') return ok({ address, family: found ?? isIP(address) });
      const first = address[0];
      if (!first) return fail(probeError('dns', `${host}: no address`, track));
      ok({ address: first.address, family: first.family });
    });
  });
}

async function openUdp({ host, port }: ChannelEndpoint, link: Link): Promise<Wire> {
  const { track } = link;
  const { address, family } = await resolveHost(host, link);
  const socket = createSocket(family === 6 ? 'udp6' : 'udp4');
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    try {
      socket.close();
    } catch {
      /* not running */
    }
  };
  socket.on('message', (bytes) => {
    const message = decode(bytes);
    if (message) link.onMessage(message);
  });
  socket.on('error', (err: NodeJS.ErrnoException) => link.breakAll(fromSocketError(err, track, false, 'STUN answer')));
  try {
    await bounded<void>(link.signal, ({ ok, fail, cleanup }) => {
      const onError = (err: NodeJS.ErrnoException): void => fail(fromSocketError(err, track, false, 'UDP connect'));
      cleanup(() => socket.off('error', onError));
      socket.once('error', onError);
      socket.connect(port, address, () => {
        track.connectMs = since(track);
        track.remote = socket.remoteAddress().address;
        ok();
      });
    });
  } catch (err) {
    close();
    throw err;
  }
  return {
    send: (bytes) => void (closed || socket.send(bytes)),
    post: (bytes) => new Promise<void>((resolve) => (closed ? resolve() : socket.send(bytes, () => resolve()))),
    close,
  };
}

/** False once the bytes cannot start a STUN message: top two bits set, or no magic cookie. */
function looksLikeStun(bytes: Buffer): boolean {
  if (bytes.length >= 1 && (bytes[0]! & 0xc0) !== 0) return false;
  return bytes.length < 8 || bytes.readUInt32BE(4) === MAGIC_COOKIE;
}

/** ` (it starts "HTTP/1.1 400 Bad Request")` for printable text, else nothing. */
function preview(bytes: Buffer): string {
  const text = bytes.subarray(0, 24).toString('latin1').split(/\r?\n/)[0]!;
  return /^[\x20-\x7e]{4,}$/.test(text) ? ` (it starts ${JSON.stringify(text)})` : '';
}

/** STUN over TCP or TLS: messages framed by their length (RFC 5389 §7.2.2). */
async function openFramed({ host, port, kind }: ChannelEndpoint, link: Link): Promise<Wire> {
  const { track } = link;
  const secure = kind === 'tls';
  // Through the HTTPS proxy when one applies (browsers tunnel TURN over TCP/TLS so); handed over connected.
  let socket: Duplex;
  try {
    socket = await connectStream(
      { host, port, secure, scheme: secure ? 'turns' : 'turn' },
      link.net,
      track,
      link.signal,
    );
  } catch (err) {
    throw err instanceof ProbeError
      ? err
      : fromSocketError(err as NodeJS.ErrnoException, track, secure, 'TLS handshake');
  }
  if (link.signal.aborted) {
    socket.destroy();
    throw probeError('aborted', 'aborted', track);
  }
  let buffered = Buffer.alloc(0);
  socket.on('data', (data: Buffer) => {
    if (link.isBroken()) return;
    buffered = Buffer.concat([buffered, data]);
    // Something other than STUN on the port (a web server answering HTTP): say so at its first
    // bytes, instead of waiting for a length read from its text until the deadline or the close.
    if (!looksLikeStun(buffered)) {
      track.firstByteMs ??= since(track);
      return link.breakAll(probeError('bad-response', `not a STUN answer${preview(buffered)}`, track));
    }
    for (
      let length = messageLength(buffered);
      length !== null && buffered.length >= length;
      length = messageLength(buffered)
    ) {
      const message = decode(buffered.subarray(0, length));
      buffered = buffered.subarray(length);
      if (!message) return link.breakAll(probeError('bad-response', 'not a STUN answer', track));
      link.onMessage(message);
    }
  });
  socket.on('error', (err: NodeJS.ErrnoException) => link.breakAll(fromSocketError(err, track, secure, 'STUN answer')));
  socket.on('close', () => {
    const code = track.connectMs === undefined ? 'refused' : 'reset';
    link.breakAll(probeError(code, 'connection closed before a STUN answer', track));
  });
  return {
    send: (bytes) => void (socket.destroyed || socket.write(bytes)),
    post: (bytes) =>
      new Promise<void>((resolve) => (socket.destroyed ? resolve() : socket.write(bytes, () => resolve()))),
    close: () => socket.destroy(),
  };
}
