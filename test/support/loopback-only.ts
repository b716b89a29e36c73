/**
 * Test-run guard (a vitest setup file): tests may only talk to 127.0.0.0/8 and ::1. Every name
 * lookup other than `localhost` fails as ENOTFOUND, and every TCP connect or UDP send to an IP
 * literal outside loopback fails, so a test that forgets a target option cannot reach a real server
 * (Vonage's public defaults, say). Each attempt is recorded, and the test that made it fails, naming
 * it. Names under `.invalid` (RFC 2606: never resolvable) fail quietly: tests use them on purpose.
 * Child processes and Chromium are not covered: their tests pass loopback targets explicitly.
 */
import dgram from 'node:dgram';
import dns from 'node:dns';
import net from 'node:net';
import { afterEach, expect } from 'vitest';

const attempts: string[] = [];

/** Takes (and clears) the attempts recorded so far: for the guard's own test. */
export function takeAttempts(): string[] {
  return attempts.splice(0);
}

/** True for 127.0.0.0/8, ::1 and their IPv4-mapped forms. */
export function isLoopbackIp(ip: string): boolean {
  const v4 = ip.replace(/^::ffff:/i, '');
  if (net.isIPv4(v4)) return v4.startsWith('127.');
  return net.isIPv6(ip) && /^(0{0,4}:){2,7}0{0,3}1$|^::1$/i.test(ip);
}

/** A name that may be looked up: localhost, or an IP literal (no query leaves the machine; binding to
 * 0.0.0.0 looks it up too). Where an IP literal is sent to or connected to is checked there. */
function lookupAllowed(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || net.isIP(h) !== 0;
}

/** A destination that may be reached: localhost or a loopback address. */
function allowedName(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || (net.isIP(h) !== 0 && isLoopbackIp(h));
}

function refuse(what: string): Error {
  if (!/\.invalid\.?$/i.test(what)) attempts.push(what);
  return Object.assign(new Error(`getaddrinfo ENOTFOUND ${what} (test guard: loopback only)`), { code: 'ENOTFOUND', hostname: what });
}

type Callback = (err: Error | null, ...rest: unknown[]) => void;
const lookup = dns.lookup;
(dns as { lookup: unknown }).lookup = function guardedLookup(host: string, ...rest: unknown[]) {
  if (typeof host === 'string' && !lookupAllowed(host)) {
    const cb = rest[rest.length - 1] as Callback;
    process.nextTick(cb, refuse(host));
    return {};
  }
  return (lookup as (...a: unknown[]) => unknown).call(dns, host, ...rest);
};
const lookupPromise = dns.promises.lookup;
(dns.promises as { lookup: unknown }).lookup = function guardedLookup(host: string, ...rest: unknown[]) {
  if (typeof host === 'string' && !lookupAllowed(host)) return Promise.reject(refuse(host));
  return (lookupPromise as (...a: unknown[]) => unknown).call(dns.promises, host, ...rest);
};

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
  // net.connect() calls socket.connect([options, cb]) with the normalized arguments as one array.
  const [first, second] = Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
  const host =
    typeof first === 'object' && first !== null && !Array.isArray(first)
      ? (first as { path?: string; host?: string }).path === undefined
        ? ((first as { host?: string }).host ?? 'localhost')
        : null
      : typeof second === 'string'
        ? second
        : typeof first === 'string' && !/^\d+$/.test(first)
          ? null // a pipe path
          : 'localhost';
  if (host !== null && net.isIP(host) !== 0 && !isLoopbackIp(host)) {
    const err = refuse(host);
    process.nextTick(() => this.destroy(err));
    return this;
  }
  return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;

const send = dgram.Socket.prototype.send;
dgram.Socket.prototype.send = function guardedSend(this: dgram.Socket, ...args: unknown[]) {
  // send(msg, [offset, length,] port, address, cb): the address is the first string after the buffer.
  const address = args.slice(1).find((a) => typeof a === 'string') as string | undefined;
  if (address !== undefined && !allowedName(address)) {
    const cb = args.find((a) => typeof a === 'function') as Callback | undefined;
    const err = refuse(address);
    if (cb) process.nextTick(cb, err);
    else process.nextTick(() => this.emit('error', err));
    return;
  }
  return (send as (...a: unknown[]) => void).apply(this, args);
} as typeof dgram.Socket.prototype.send;

afterEach(() => {
  const seen = attempts.splice(0);
  expect(seen, 'this test tried to reach a non-loopback address (tests may only use 127.0.0.0/8 and ::1)').toEqual([]);
});
