import { BlockList, isIP } from 'node:net';
import { PreflightOptionError } from '../errors.js';

/**
 * Which proxy a Node probe goes through, decided like curl: options first, then the environment.
 * proxy-from-env reads only `process.env` and has no way to take options or a list, so these few
 * rules are written here and compared with it in test/preflight/proxy/resolve.test.ts.
 */
export interface ProxySettings {
  /**
   * The HTTP(S) proxy every TCP probe goes through (`http://proxy:3128`, `https://user:pass@proxy:443`),
   * instead of `HTTPS_PROXY` / `HTTP_PROXY` / `ALL_PROXY`. `false`: connect directly, whatever the
   * environment says. UDP is never proxied.
   */
  proxy?: string | false;
  /**
   * Hosts reached directly, as `NO_PROXY` lists them: `example.com` (and its subdomains when written
   * `.example.com` or `*.example.com`), `host:port`, an IP address, a CIDR block, or `*` for every host.
   * Replaces `NO_PROXY` when given.
   */
  noProxy?: string | string[];
  /** The environment to read (`HTTPS_PROXY`...). Default `process.env`. */
  env?: Record<string, string | undefined>;
}

/** What a probe reaches: the scheme decides the proxy variable (`wss` and TURN over TCP use the HTTPS one). */
export interface ProxyTarget {
  scheme: 'http' | 'https' | 'ws' | 'wss' | 'turn' | 'turns';
  host: string;
  port: number;
}

/** A proxy to go through, parsed. `display` has no user info: it is what a report may show. */
export interface ProxyEndpoint {
  url: URL;
  display: string;
  /** Where the setting came from: `proxy` (the option) or the variable's name (`HTTPS_PROXY`). */
  source: string;
}

/** Lowercase first, as curl and proxy-from-env read them. */
function envOf(env: Record<string, string | undefined>, name: string): [string, string] | null {
  for (const key of [name.toLowerCase(), name.toUpperCase()]) {
    const value = env[key]?.trim();
    if (value) return [key, value];
  }
  return null;
}

/** The proxy `target` goes through, or null for a direct connection. Throws {@link PreflightOptionError} for a proxy URL that is not http(s). */
export function resolveProxy(target: ProxyTarget, settings: ProxySettings = {}): ProxyEndpoint | null {
  if (settings.proxy === false) return null;
  const env = settings.env ?? process.env;
  const noProxy = settings.noProxy ?? envOf(env, 'no_proxy')?.[1] ?? '';
  if (bypass(target, Array.isArray(noProxy) ? noProxy.join(',') : noProxy)) return null;
  if (settings.proxy !== undefined) return parseProxy(settings.proxy, 'proxy');
  // A WebSocket uses the proxy of its HTTP scheme (curl); TURN over TCP/TLS the HTTPS one (browsers tunnel it so).
  const plain = target.scheme === 'http' || target.scheme === 'ws';
  const found = envOf(env, plain ? 'http_proxy' : 'https_proxy') ?? envOf(env, 'all_proxy');
  return found ? parseProxy(found[1], found[0]) : null;
}

/** A proxy URL; without a scheme, `http://` (as curl assumes). */
export function parseProxy(value: string, source: string): ProxyEndpoint {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
  } catch {
    throw new PreflightOptionError([source], 'not a proxy URL (http://host:port)');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new PreflightOptionError(
      [source],
      `${url.protocol}// proxies are not supported`,
      'give an HTTP proxy (http://host:port or https://host:port)',
    );
  }
  if (!url.hostname) throw new PreflightOptionError([source], 'the proxy URL has no host');
  return { url, display: `${url.protocol}//${url.host}`, source };
}

const DEFAULT_PORT: Record<ProxyTarget['scheme'], number> = {
  http: 80,
  https: 443,
  ws: 80,
  wss: 443,
  turn: 3478,
  turns: 5349,
};

/**
 * True when a `NO_PROXY` entry names the target, as curl reads the list: a name covers itself and
 * its subdomains, an IP address itself, a CIDR block its addresses, `*` everything; `host:port` only
 * that port (as proxy-from-env adds).
 */
export function bypass(target: ProxyTarget, list: string): boolean {
  const entries = list
    .toLowerCase()
    .split(/[,\s]+/)
    .filter(Boolean);
  if (entries.includes('*')) return true;
  const host = target.host
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  const port = target.port || DEFAULT_PORT[target.scheme];
  const family = isIP(host);
  return entries.some((entry) => {
    const match = /^(\[[^\]]+\]|[^:]+|[0-9a-f:]+)(?::(\d+))?$/.exec(entry);
    let name = match ? match[1]! : entry;
    if (match?.[2] && Number(match[2]) !== port) return false;
    name = name.replace(/^\[|\]$/g, '');
    if (family && name.includes('/')) return inBlock(host, family, name);
    if (family && isIP(name)) return name === host || (family === 6 && sameV6(name, host));
    // curl: a name covers itself and its subdomains; a leading `.` or `*.` changes nothing.
    name = name.replace(/^\*?\./, '');
    return host === name || host.endsWith(`.${name}`);
  });
}

function inBlock(host: string, family: number, cidr: string): boolean {
  const [net, bits] = cidr.split('/');
  const netFamily = isIP(net!);
  if (!netFamily || netFamily !== family || !/^\d+$/.test(bits ?? '')) return false;
  const list = new BlockList();
  try {
    list.addSubnet(net!, Number(bits), netFamily === 6 ? 'ipv6' : 'ipv4');
  } catch {
    return false;
  }
  return list.check(host, netFamily === 6 ? 'ipv6' : 'ipv4');
}

function sameV6(entry: string, host: string): boolean {
  const list = new BlockList();
  list.addAddress(entry, 'ipv6');
  return list.check(host, 'ipv6');
}
