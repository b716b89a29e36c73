// The loopback-only guard of the test run: tests may only talk to 127.0.0.0/8 and ::1. Installed in
// every vitest worker by test/support/loopback-only.ts, and in Node child processes the tests start
// (CLI, examples, demo) through `--import` of loopback-guard-child.mjs.
//
// Every name lookup other than localhost or an IP literal fails as ENOTFOUND (fetch, net and tls all
// look names up through dns.lookup), and every TCP connect or UDP send to an IP literal outside
// loopback fails. `record` is told each refused destination, except names under `.invalid` (RFC 2606:
// never resolvable), which tests use on purpose.
import dgram from 'node:dgram';
import dns from 'node:dns';
import net from 'node:net';

/** True for 127.0.0.0/8, ::1 and their IPv4-mapped forms. */
export function isLoopbackIp(ip) {
  const v4 = ip.replace(/^::ffff:/i, '');
  if (net.isIPv4(v4)) return v4.startsWith('127.');
  return net.isIPv6(ip) && /^(0{0,4}:){2,7}0{0,3}1$|^::1$/i.test(ip);
}

const bare = (host) => host.replace(/^\[|\]$/g, '').toLowerCase();
// A lookup of an IP literal sends no query (binding to 0.0.0.0 looks it up too); where an IP literal is
// connected or sent to is checked there.
const lookupAllowed = (host) => bare(host) === 'localhost' || net.isIP(bare(host)) !== 0;
const reachable = (host) => bare(host) === 'localhost' || (net.isIP(bare(host)) !== 0 && isLoopbackIp(bare(host)));

let installed = false;

/** Patches dns, net and dgram in this process; `record(destination)` hears of every refusal. */
export function installLoopbackGuard(record) {
  if (installed) return;
  installed = true;
  const refuse = (what) => {
    if (!/\.invalid\.?$/i.test(what)) record(what);
    return Object.assign(new Error(`getaddrinfo ENOTFOUND ${what} (test guard: loopback only)`), {
      code: 'ENOTFOUND',
      hostname: what,
    });
  };

  const lookup = dns.lookup;
  dns.lookup = function guardedLookup(host, ...rest) {
    if (typeof host === 'string' && !lookupAllowed(host)) {
      process.nextTick(rest[rest.length - 1], refuse(host));
      return {};
    }
    return lookup.call(dns, host, ...rest);
  };
  const lookupPromise = dns.promises.lookup;
  dns.promises.lookup = function guardedLookup(host, ...rest) {
    if (typeof host === 'string' && !lookupAllowed(host)) return Promise.reject(refuse(host));
    return lookupPromise.call(dns.promises, host, ...rest);
  };

  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function guardedConnect(...args) {
    // net.connect() calls socket.connect([options, cb]) with the normalized arguments as one array.
    const [first, second] = Array.isArray(args[0]) ? args[0] : args;
    let host = 'localhost';
    if (typeof first === 'object' && first !== null)
      host = first.path === undefined ? (first.host ?? 'localhost') : null;
    else if (typeof second === 'string') host = second;
    else if (typeof first === 'string' && !/^\d+$/.test(first)) host = null; // a pipe path
    if (host !== null && net.isIP(host) !== 0 && !isLoopbackIp(host)) {
      const err = refuse(host);
      process.nextTick(() => this.destroy(err));
      return this;
    }
    return connect.apply(this, args);
  };

  const send = dgram.Socket.prototype.send;
  dgram.Socket.prototype.send = function guardedSend(...args) {
    // send(msg, [offset, length,] port, address, cb): the address is the first string after the message.
    const address = args.slice(1).find((a) => typeof a === 'string');
    if (address !== undefined && !reachable(address)) {
      const cb = args.find((a) => typeof a === 'function');
      const err = refuse(address);
      if (cb) process.nextTick(cb, err);
      else process.nextTick(() => this.emit('error', err));
      return;
    }
    return send.apply(this, args);
  };
}
