import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { lookup as dnsLookup } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { connect as netConnect, isIP, type LookupFunction, type Socket } from 'node:net';
import { X509Certificate } from 'node:crypto';
import { connect as tlsConnect, createSecureContext, rootCertificates, type SecureContext } from 'node:tls';
import { WebSocket } from 'ws';
import { ProbeError } from '../probe-error.js';
import { settleOnce } from '../settle.js';
import { PreflightOptionError } from '../errors.js';
import { parseTurnUrl } from '../turn-url.js';
import type {
  HttpProbeRequest,
  HttpProbeResult,
  MediaProbeRequest,
  ProbeResult,
  ProbeTimings,
  ReasonCode,
  Transport,
  TurnProbeRequest,
  TurnProbeResult,
} from '../types.js';
import {
  Attr,
  MAGIC_COOKIE,
  Method,
  REQUESTED_TRANSPORT_UDP,
  decode,
  encode,
  errorCode,
  getAttr,
  longTermKey,
  messageLength,
  newTransactionId,
  xorAddress,
  type StunAttribute,
  type StunMessage,
} from './stun.js';

/** Options of {@link nodeTransport}. */
export interface NodeTransportOptions {
  /**
   * Extra trusted CA certificates (PEM), added to Node's own roots: a TLS-inspecting proxy's CA, or
   * the local environment's self-signed certificate. Verification is never turned off. Anything
   * but PEM certificates is refused ({@link PreflightOptionError} on `ca`).
   */
  ca?: string | Buffer | Array<string | Buffer>;
  /**
   * Name resolution, `dns.lookup`-compatible (tests inject one). Default: `dns.lookup`, except that
   * names under `.invalid` fail at once without a query (RFC 6761).
   */
  lookup?: LookupFunction;
  /** Largest body read for `readBody` (session info), in bytes. Default 1 MiB. */
  maxBodyBytes?: number;
}

/** Names under `.invalid` never resolve (RFC 6761 §6.4): answer locally, send no query. */
export const defaultLookup: LookupFunction = (hostname, options, callback) => {
  if (/(^|\.)invalid\.?$/i.test(hostname)) {
    const err: NodeJS.ErrnoException = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
      code: 'ENOTFOUND',
      syscall: 'getaddrinfo',
      hostname,
    });
    process.nextTick(() => callback(err, '', 4));
    return;
  }
  dnsLookup(hostname, options, callback);
};

/**
 * The Node transport: raw `net`/`tls`/`dgram` sockets and `ws`, so every probe sees the remote
 * address it reached and times DNS, TCP, TLS and first byte. Each failure gets its reason code where
 * it is detected; every socket and timer is released when the signal aborts.
 */
export function nodeTransport(options: NodeTransportOptions = {}): Transport {
  const extra = options.ca === undefined ? [] : Array.isArray(options.ca) ? options.ca : [options.ca];
  // One trust store per transport, built here: a context built from `ca` parses every root
  // certificate (~145 PEMs, 25-100 ms of blocked event loop), so building one per connection held
  // up every check started after a TLS one. Without extra CAs, Node's default context is cheap.
  const secureContext =
    extra.length > 0 ? createSecureContext({ ca: [...rootCertificates, ...extra.map(pemCa)] }) : undefined;
  const lookup = options.lookup ?? defaultLookup;
  const maxBody = options.maxBodyBytes ?? 1 << 20;
  const net: NetOptions = { secureContext, lookup };
  return {
    kind: 'node',
    http: (req, signal) => probeHttp(req, signal, net, maxBody),
    websocket: (url, signal) => probeWebSocket(url, signal, net),
    turn: (req, signal) => probeTurn(req, signal, net),
    media: (req, signal) => probeMedia(req, signal, net),
  };
}

/**
 * One `ca` entry as PEM text, checked: Node's TLS silently skips what is not a PEM certificate, so a
 * DER file or a wrong file would be "trusted" while trusting nothing.
 */
function pemCa(ca: string | Buffer, index: number, all: unknown[]): string {
  const option = all.length > 1 ? ['ca', index] : ['ca'];
  const pem = String(ca);
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g);
  if (!blocks) {
    throw new PreflightOptionError(
      option,
      'no PEM certificate ("-----BEGIN CERTIFICATE-----") in it',
      'convert a DER file first: openssl x509 -inform der -in CA.cer -out CA.pem',
    );
  }
  blocks.forEach((block, i) => {
    try {
      new X509Certificate(block);
    } catch {
      throw new PreflightOptionError(option, `certificate ${i + 1} does not parse`);
    }
  });
  return pem;
}

interface NetOptions {
  secureContext: SecureContext | undefined;
  lookup: LookupFunction;
}

/** What a connection learned so far; read by the error mapping to name the failed phase. */
interface Track {
  t0: number;
  dnsMs?: number;
  connectMs?: number;
  tlsMs?: number;
  firstByteMs?: number;
  remote: string | null;
  /** The peer closed its side (FIN) before the probe finished. */
  fin: boolean;
}

const now = (): number => performance.now();
const newTrack = (): Track => ({ t0: now(), remote: null, fin: false });
const since = (t: Track): number => now() - t.t0;

function timings(t: Track): ProbeTimings {
  const out: ProbeTimings = { totalMs: since(t) };
  if (t.dnsMs !== undefined) out.dnsMs = t.dnsMs;
  if (t.connectMs !== undefined) out.connectMs = t.connectMs;
  if (t.tlsMs !== undefined) out.tlsMs = t.tlsMs;
  if (t.firstByteMs !== undefined) out.firstByteMs = t.firstByteMs;
  return out;
}

const TLS_CODE = /^(ERR_TLS_|ERR_SSL_)|CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|HOSTNAME_MISMATCH/;

/** The reason code of a socket error, chosen from its errno and the phase the connection was in. */
function codeOf(err: NodeJS.ErrnoException, t: Track, secure: boolean): ReasonCode {
  const c = err.code ?? '';
  if (c === 'ECONNREFUSED') return 'refused';
  if (c === 'ENOTFOUND' || c.startsWith('EAI_') || c === 'ENODATA') return 'dns';
  if (c === 'EHOSTUNREACH' || c === 'ENETUNREACH' || c === 'ENETDOWN' || c === 'EADDRNOTAVAIL') return 'unreachable';
  if (c === 'ETIMEDOUT') return 'timeout';
  if (TLS_CODE.test(c)) return 'tls';
  if (c === 'ECONNRESET' || c === 'EPIPE' || c === 'ECONNABORTED') return 'reset';
  // Node's HTTP parser refused the answer (HPE_INVALID_CONSTANT...): something answered, not in HTTP.
  if (c.startsWith('HPE_')) return 'bad-response';
  // A TLS handshake that failed without an errno (alert from the peer) is a TLS failure.
  if (secure && t.connectMs !== undefined && t.tlsMs === undefined && /SSL|TLS|alert|handshake/i.test(err.message))
    return 'tls';
  return 'error';
}

function probeError(
  code: ReasonCode,
  message: string,
  t: Track,
  cause?: unknown,
  phase?: ProbeError['phase'],
): ProbeError {
  return new ProbeError(code, message, { cause, remoteAddress: t.remote, timings: timings(t), phase });
}

function fromSocketError(err: NodeJS.ErrnoException, t: Track, secure: boolean, what: string): ProbeError {
  const code = codeOf(err, t, secure);
  // The HTTP parser refused bytes the server sent: an answer came, and its time is the latency.
  if ((err.code ?? '').startsWith('HPE_')) t.firstByteMs ??= since(t);
  const inTls = t.connectMs !== undefined && ((secure && t.tlsMs === undefined) || what === 'TLS handshake');
  const where =
    t.connectMs === undefined
      ? 'connecting'
      : secure && t.tlsMs === undefined
        ? 'in the TLS handshake'
        : `waiting for the ${what}`;
  // The phase the hint names: no route (the errno says so), the TLS handshake, or the HTTP body.
  const phase =
    code === 'unreachable'
      ? 'route'
      : inTls
        ? 'tls'
        : t.connectMs !== undefined && what === 'HTTP body'
          ? 'body'
          : undefined;
  return probeError(code, `${where}: ${err.code ?? err.message}`, t, err, phase);
}

/**
 * {@link settleOnce} for a probe that gathers its cleanups as it goes (socket, request, timer): each
 * registered cleanup runs once when the probe settles (last first; one registered after that runs at
 * once); abort rejects with `aborted`; a throw from `body` fails the probe (`error` unless it is a
 * {@link ProbeError}).
 */
function bounded<T>(
  signal: AbortSignal,
  body: (api: { ok(v: T): void; fail(e: ProbeError): void; cleanup(fn: () => void): void }) => void,
): Promise<T> {
  return settleOnce<T>(
    signal,
    () => new ProbeError('aborted', 'aborted'),
    (settle) => {
      const cleanups: Array<() => void> = [];
      let done = false;
      try {
        body({ ok: settle, fail: settle, cleanup: (fn) => (done ? fn() : cleanups.push(fn)) });
      } catch (err) {
        settle(err instanceof ProbeError ? err : new ProbeError('error', String(err), { cause: err }));
      }
      return () => {
        done = true;
        for (const c of cleanups.splice(0).reverse()) {
          try {
            c();
          } catch {
            /* release the rest */
          }
        }
      };
    },
  );
}

/** Opens TCP (or TLS over it) and records the phases on `t`. */
function openStream(host: string, port: number, secure: boolean, net: NetOptions, t: Track, alpn?: string[]): Socket {
  // Time DNS in the resolver's callback: the socket's 'lookup' event is skipped on the
  // happy-eyeballs path (autoSelectFamily), so it cannot be relied on.
  const lookup: LookupFunction = (hostname, options, callback) =>
    net.lookup(hostname, options, (err, address, family) => {
      t.dnsMs ??= since(t);
      callback(err, address, family);
    });
  const common = { host, port, lookup };
  const s: Socket = secure
    ? tlsConnect({
        ...common,
        ...(net.secureContext ? { secureContext: net.secureContext } : {}),
        servername: isIP(host) ? undefined : host,
        ...(alpn ? { ALPNProtocols: alpn } : {}),
      })
    : netConnect(common);
  s.on('connect', () => {
    t.connectMs = since(t);
    t.remote = s.remoteAddress ?? null;
  });
  if (secure) s.on('secureConnect', () => (t.tlsMs = since(t)));
  s.on('end', () => (t.fin = true));
  return s;
}

function stripBrackets(h: string): string {
  return h.startsWith('[') ? h.slice(1, -1) : h;
}

function probeHttp(
  req: HttpProbeRequest,
  signal: AbortSignal,
  net: NetOptions,
  maxBody: number,
): Promise<HttpProbeResult> {
  return bounded<HttpProbeResult>(signal, ({ ok, fail, cleanup }) => {
    const u = new URL(req.url);
    const secure = u.protocol === 'https:';
    const t = newTrack();
    const host = stripBrackets(u.hostname);
    const port = Number(u.port || (secure ? 443 : 80));
    const body = req.body === undefined ? undefined : Buffer.from(req.body);
    const r = httpRequest({
      host,
      port,
      path: `${u.pathname}${u.search}`,
      method: req.method,
      headers: { ...req.headers, ...(body ? { 'Content-Length': String(body.length) } : {}), Connection: 'close' },
      // No agent: with createConnection set, the request runs on our own socket (no pooling, no keep-alive).
      createConnection: () => openStream(host, port, secure, net, t, ['http/1.1']),
    });
    cleanup(() => r.destroy());
    r.on('error', (err: NodeJS.ErrnoException) => {
      // A clean close before any answer ("socket hang up") after the handshake: the peer hung up.
      if (t.fin && err.code === 'ECONNRESET' && (t.tlsMs !== undefined || !secure)) {
        return fail(probeError('reset', 'closed by the server before any HTTP answer', t, err, 'answer'));
      }
      fail(fromSocketError(err, t, secure, 'HTTP answer'));
    });
    r.on('response', (res) => {
      t.firstByteMs = since(t);
      cleanup(() => res.destroy());
      const status = res.statusCode ?? 0;
      if (!req.readBody) return ok({ remoteAddress: t.remote, timings: timings(t), status });
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > maxBody) return fail(probeError('bad-response', `answer larger than ${maxBody} bytes`, t));
        chunks.push(c);
      });
      res.on('error', (err: NodeJS.ErrnoException) => fail(fromSocketError(err, t, secure, 'HTTP body')));
      res.on('end', () =>
        ok({ remoteAddress: t.remote, timings: timings(t), status, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    r.end(body);
  });
}

function probeWebSocket(url: string, signal: AbortSignal, net: NetOptions): Promise<ProbeResult> {
  return bounded<ProbeResult>(signal, ({ ok, fail, cleanup }) => {
    const secure = new URL(url).protocol === 'wss:';
    const t = newTrack();
    const ws = new WebSocket(url, {
      perMessageDeflate: false,
      followRedirects: false,
      createConnection: ((o: { host: string; port: number | string }) =>
        openStream(stripBrackets(o.host), Number(o.port), secure, net, t, ['http/1.1'])) as never,
    });
    cleanup(() => ws.terminate());
    ws.on('upgrade', () => (t.firstByteMs = since(t)));
    ws.on('open', () => ok({ remoteAddress: t.remote, timings: timings(t), detail: 'WebSocket upgraded (HTTP 101)' }));
    ws.on('unexpected-response', (r, res) => {
      t.firstByteMs = since(t);
      // 101 without "Upgrade: websocket": answered, but not as a WebSocket server would.
      if (res.statusCode === 101)
        fail(probeError('bad-response', 'HTTP 101 without an "Upgrade: websocket" header', t));
      else fail(probeError('ws-closed', `upgrade refused: HTTP ${res.statusCode ?? '?'} instead of 101`, t));
      r.destroy();
    });
    ws.on('error', (err: NodeJS.ErrnoException) => {
      const upgrading = t.connectMs !== undefined && (!secure || t.tlsMs !== undefined);
      if (upgrading && (err.code === 'ECONNRESET' || err.code === 'EPIPE' || /hang up|closed/i.test(err.message))) {
        return fail(
          probeError(
            'ws-closed',
            `connection closed during the WebSocket upgrade (${err.code ?? err.message})`,
            t,
            err,
          ),
        );
      }
      // The 101 came but ws refused it (wrong Sec-WebSocket-Accept, a subprotocol or extension not asked for).
      if (t.firstByteMs !== undefined && err.code === undefined) {
        return fail(probeError('bad-response', `the WebSocket handshake answer is wrong: ${err.message}`, t, err));
      }
      fail(fromSocketError(err, t, secure, 'WebSocket upgrade'));
    });
  });
}

/** A STUN request/answer channel over UDP (with retransmission) or a TCP/TLS stream (framed). */
interface StunChannel {
  readonly t: Track;
  transact(msg: Buffer, tid: Buffer): Promise<StunMessage>;
  /** Sends without waiting for an answer; resolves once the bytes are handed to the kernel. */
  post(msg: Buffer): Promise<void>;
  close(): void;
}

const RTO_MS = 500;

function resolveHost(
  host: string,
  net: NetOptions,
  t: Track,
  signal: AbortSignal,
): Promise<{ address: string; family: number }> {
  const family = isIP(host);
  if (family) return Promise.resolve({ address: host, family });
  return bounded(signal, ({ ok, fail }) => {
    net.lookup(host, {}, (err, address, fam) => {
      t.dnsMs = since(t);
      if (err) return fail(fromSocketError(err, t, false, 'DNS answer'));
      if (typeof address === 'string') return ok({ address, family: fam ?? isIP(address) });
      const first = address[0];
      if (!first) return fail(probeError('dns', `${host}: no address`, t));
      ok({ address: first.address, family: first.family });
    });
  });
}

/** False once the bytes cannot start a STUN message: top two bits set, or no magic cookie. */
function looksLikeStun(buf: Buffer): boolean {
  if (buf.length >= 1 && (buf[0]! & 0xc0) !== 0) return false;
  return buf.length < 8 || buf.readUInt32BE(4) === MAGIC_COOKIE;
}

/** ` (it starts "HTTP/1.1 400 Bad Request")` for printable text, else nothing. */
function preview(buf: Buffer): string {
  const text = buf.subarray(0, 24).toString('latin1').split(/\r?\n/)[0]!;
  return /^[\x20-\x7e]{4,}$/.test(text) ? ` (it starts ${JSON.stringify(text)})` : '';
}

/** Opens a channel; rejects with the mapped code, or `aborted`. The caller closes it. */
async function openChannel(
  host: string,
  port: number,
  kind: 'udp' | 'tcp' | 'tls',
  net: NetOptions,
  signal: AbortSignal,
): Promise<StunChannel> {
  const t = newTrack();
  const pending = new Map<
    string,
    { resolve(m: StunMessage): void; reject(e: ProbeError): void; timer?: NodeJS.Timeout }
  >();
  let broken: ProbeError | null = null;
  const breakAll = (e: ProbeError): void => {
    broken ??= e;
    for (const p of pending.values()) {
      clearTimeout(p.timer);
      p.reject(e);
    }
    pending.clear();
  };
  const onMessage = (m: StunMessage): void => {
    const key = m.transactionId.toString('hex');
    const p = pending.get(key);
    if (!p || m.cls === 'request' || m.cls === 'indication') return;
    if (t.firstByteMs === undefined) t.firstByteMs = since(t);
    clearTimeout(p.timer);
    pending.delete(key);
    p.resolve(m);
  };
  const onAbort = (): void => breakAll(probeError('aborted', 'aborted', t));
  signal.addEventListener('abort', onAbort, { once: true });

  let send: (b: Buffer) => void;
  let post: (b: Buffer) => Promise<void>;
  let closeSocket: () => void;
  if (kind === 'udp') {
    const { address, family } = await resolveHost(host, net, t, signal);
    const sock: UdpSocket = createSocket(family === 6 ? 'udp6' : 'udp4');
    let closed = false;
    closeSocket = () => {
      if (closed) return;
      closed = true;
      try {
        sock.close();
      } catch {
        /* not running */
      }
    };
    sock.on('message', (b) => {
      const m = decode(b);
      if (m) onMessage(m);
    });
    sock.on('error', (err: NodeJS.ErrnoException) => breakAll(fromSocketError(err, t, false, 'STUN answer')));
    try {
      await bounded<void>(signal, ({ ok, fail, cleanup }) => {
        cleanup(() => sock.off('error', onErr));
        const onErr = (err: NodeJS.ErrnoException): void => fail(fromSocketError(err, t, false, 'UDP connect'));
        sock.once('error', onErr);
        sock.connect(port, address, () => {
          t.connectMs = since(t);
          t.remote = sock.remoteAddress().address;
          ok();
        });
      });
    } catch (err) {
      closeSocket();
      signal.removeEventListener('abort', onAbort);
      throw err;
    }
    send = (b) => {
      if (!closed) sock.send(b);
    };
    post = (b) =>
      new Promise<void>((resolve) => {
        if (closed) return resolve();
        sock.send(b, () => resolve());
      });
  } else {
    const secure = kind === 'tls';
    const sock = openStream(host, port, secure, net, t);
    closeSocket = () => sock.destroy();
    let buf = Buffer.alloc(0);
    sock.on('data', (d: Buffer) => {
      if (broken) return;
      buf = Buffer.concat([buf, d]);
      // Something other than STUN on the port (a web server answering HTTP): say so at its first
      // bytes, instead of waiting for a length read from its text until the deadline or the close.
      if (!looksLikeStun(buf)) {
        if (t.firstByteMs === undefined) t.firstByteMs = since(t);
        return breakAll(probeError('bad-response', `not a STUN answer${preview(buf)}`, t));
      }
      for (let n = messageLength(buf); n !== null && buf.length >= n; n = messageLength(buf)) {
        const m = decode(buf.subarray(0, n));
        buf = buf.subarray(n);
        if (m) onMessage(m);
        else return breakAll(probeError('bad-response', 'not a STUN answer', t));
      }
    });
    sock.on('error', (err: NodeJS.ErrnoException) => breakAll(fromSocketError(err, t, secure, 'STUN answer')));
    sock.on('close', () =>
      breakAll(
        probeError(t.connectMs === undefined ? 'refused' : 'reset', 'connection closed before a STUN answer', t),
      ),
    );
    try {
      await bounded<void>(signal, ({ ok, fail, cleanup }) => {
        const onErr = (err: NodeJS.ErrnoException): void => fail(fromSocketError(err, t, secure, 'TLS handshake'));
        sock.once('error', onErr);
        cleanup(() => sock.off('error', onErr));
        sock.once(secure ? 'secureConnect' : 'connect', () => ok());
      });
    } catch (err) {
      closeSocket();
      signal.removeEventListener('abort', onAbort);
      throw err;
    }
    send = (b) => {
      if (!sock.destroyed) sock.write(b);
    };
    post = (b) =>
      new Promise<void>((resolve) => {
        if (sock.destroyed) return resolve();
        sock.write(b, () => resolve());
      });
  }

  return {
    t,
    transact(msg, tid) {
      if (broken) return Promise.reject(broken);
      return new Promise<StunMessage>((resolve, reject) => {
        const entry: { resolve(m: StunMessage): void; reject(e: ProbeError): void; timer?: NodeJS.Timeout } = {
          resolve,
          reject,
        };
        pending.set(tid.toString('hex'), entry);
        send(msg);
        if (kind === 'udp') {
          // RFC 5389 §7.2.1: retransmit with a doubling interval; the check's deadline ends it.
          let rto = RTO_MS;
          const again = (): void => {
            send(msg);
            rto *= 2;
            entry.timer = setTimeout(again, rto);
          };
          entry.timer = setTimeout(again, rto);
        }
      });
    },
    post(msg) {
      return broken ? Promise.resolve() : post(msg);
    },
    close() {
      signal.removeEventListener('abort', onAbort);
      breakAll(probeError('aborted', 'channel closed', t));
      closeSocket();
    },
  };
}

function probeTurn(req: TurnProbeRequest, signal: AbortSignal, net: NetOptions): Promise<TurnProbeResult> {
  const u = parseTurnUrl(req.url);
  if (!u) return Promise.reject(new ProbeError('error', 'not a TURN URL'));
  const kind = u.secure ? 'tls' : u.transport;
  return withChannel(u.host, u.port, kind, net, signal, async (ch) => {
    const t = ch.t;
    const result = (outcome: 'relay' | 'reached', detail: string, relayAddress?: string): TurnProbeResult => ({
      remoteAddress: t.remote,
      timings: timings(t),
      outcome,
      detail,
      ...(relayAddress ? { relayAddress } : {}),
    });
    const base: StunAttribute[] = [{ type: Attr.REQUESTED_TRANSPORT, value: REQUESTED_TRANSPORT_UDP }];
    const tid = newTransactionId();
    const first = await ch.transact(encode(Method.Allocate, tid, { attributes: base, fingerprint: true }), tid);
    if (first.cls === 'success') {
      const relay = relayOf(first);
      await release(ch, [], undefined);
      return result('relay', `relay allocated without authentication${relay ? ` at ${relay}` : ''}`, relay);
    }
    const code = errorCode(first);
    const hasCreds = req.username !== undefined && req.credential !== undefined;
    if (!hasCreds) {
      return result(
        'reached',
        code === 401
          ? 'Allocate answered 401 (credentials required): the path is open'
          : `Allocate answered ${code ?? 'an error'}: the path is open`,
      );
    }
    if (code !== 401)
      throw probeError('bad-response', `Allocate answered ${code ?? 'an error'} before authentication`, t);
    const realm = getAttr(first, Attr.REALM);
    let nonce = getAttr(first, Attr.NONCE);
    if (!realm || !nonce) throw probeError('bad-response', '401 without REALM or NONCE', t);
    const key = longTermKey(req.username!, realm.toString('utf8'), req.credential!);
    for (let attempt = 0; attempt < 2; attempt++) {
      const auth: StunAttribute[] = [
        { type: Attr.USERNAME, value: Buffer.from(req.username!, 'utf8') },
        { type: Attr.REALM, value: realm },
        { type: Attr.NONCE, value: nonce },
      ];
      const tid2 = newTransactionId();
      const res = await ch.transact(
        encode(Method.Allocate, tid2, { attributes: [...base, ...auth], integrityKey: key, fingerprint: true }),
        tid2,
      );
      if (res.cls === 'success') {
        const relay = relayOf(res);
        await release(ch, auth, key);
        return result('relay', `relay allocated${relay ? ` at ${relay}` : ''}`, relay);
      }
      const c = errorCode(res);
      if (c === 438 && getAttr(res, Attr.NONCE)) {
        nonce = getAttr(res, Attr.NONCE)!; // stale nonce: retry once with the new one
        continue;
      }
      if (c === 401) throw probeError('turn-unauthorized', 'the TURN server refused the credentials (401)', t);
      throw probeError('bad-response', `authenticated Allocate answered ${c ?? 'an error'}`, t);
    }
    throw probeError('bad-response', 'the TURN server kept answering 438 (stale nonce)', t);
  });
}

function relayOf(m: StunMessage): string | undefined {
  const v = getAttr(m, Attr.XOR_RELAYED_ADDRESS);
  const a = v ? xorAddress(v, m.transactionId) : null;
  return a ? `${a.ip.includes(':') ? `[${a.ip}]` : a.ip}:${a.port}` : undefined;
}

/**
 * Frees the allocation at once (Refresh, LIFETIME 0) instead of leaving it to expire. Sent, not
 * awaited: the verdict is known, and waiting for the answer cost every TURN check one more round trip
 * (the channel closes once the request is on the wire; closing a TCP/TLS connection frees its
 * allocation anyway). At most 100 ms for the kernel to take it.
 */
async function release(ch: StunChannel, auth: StunAttribute[], key: Buffer | undefined): Promise<void> {
  const tid = newTransactionId();
  const zero = { type: Attr.LIFETIME, value: Buffer.alloc(4) };
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    ch.post(
      encode(Method.Refresh, tid, {
        attributes: [zero, ...auth],
        ...(key ? { integrityKey: key } : {}),
        fingerprint: true,
      }),
    ),
    new Promise((r) => (timer = setTimeout(r, 100))),
  ]).catch(() => {});
  clearTimeout(timer);
}

async function withChannel<T>(
  host: string,
  port: number,
  kind: 'udp' | 'tcp' | 'tls',
  net: NetOptions,
  signal: AbortSignal,
  body: (ch: StunChannel) => Promise<T>,
): Promise<T> {
  const ch = await openChannel(host, port, kind, net, signal);
  try {
    return await body(ch);
  } finally {
    ch.close();
  }
}

function probeMedia(req: MediaProbeRequest, signal: AbortSignal, net: NetOptions): Promise<ProbeResult> {
  if (req.protocol === 'tcp') {
    return bounded<ProbeResult>(signal, ({ ok, fail, cleanup }) => {
      const t = newTrack();
      const s = openStream(req.host, req.port, false, net, t);
      cleanup(() => s.destroy());
      s.on('error', (err: NodeJS.ErrnoException) => fail(fromSocketError(err, t, false, 'TCP connect')));
      s.once('connect', () => ok({ remoteAddress: t.remote, timings: timings(t), detail: 'TCP connection accepted' }));
    });
  }
  // UDP: only an answer proves the path. A STUN Binding request is what a media server's ICE agent
  // (or a TURN server) may answer; silence ends at the check's deadline as `timeout`.
  return withChannel(req.host, req.port, 'udp', net, signal, async (ch) => {
    const tid = newTransactionId();
    const answer = await ch.transact(encode(Method.Binding, tid, { fingerprint: true }), tid);
    return {
      remoteAddress: ch.t.remote,
      timings: timings(ch.t),
      detail: `STUN Binding answered (${answer.cls}) over UDP`,
    };
  });
}
