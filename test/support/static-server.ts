import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';

/** The page policy the tests hold the examples to: no inline script, no eval. */
export const STRICT_CSP = "script-src 'self'";

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

export interface StaticServerOptions {
  /** URL prefix (`/`, `/dist/`) → directory, or exact URL path → file. Longest prefix wins. */
  mounts: Record<string, string>;
  /** In-memory files by exact URL path (`/local-env.json`). Checked before mounts. */
  files?: Record<string, string>;
  /** `Content-Security-Policy` of every answer. Default {@link STRICT_CSP}; null sends none. */
  csp?: string | null;
  /** Called for paths nothing else serves; return true when it answered. */
  fallback?: (req: IncomingMessage, res: ServerResponse) => boolean;
}

export interface StaticServer {
  /** `http://127.0.0.1:PORT` (no trailing slash). */
  origin: string;
  port: number;
  /** Every path requested, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** A static file server on 127.0.0.1 and a free port, for pages loaded in Chromium. */
export async function startStaticServer(options: StaticServerOptions): Promise<StaticServer> {
  const csp = options.csp === undefined ? STRICT_CSP : options.csp;
  const mounts = Object.entries(options.mounts).sort((a, b) => b[0].length - a[0].length);
  const requests: string[] = [];

  const send = (res: ServerResponse, status: number, type: string, body: string | Buffer): void => {
    const headers: Record<string, string> = { 'content-type': type, 'cache-control': 'no-store' };
    if (csp !== null) headers['content-security-policy'] = csp;
    res.writeHead(status, headers).end(body);
  };

  const lookup = async (path: string): Promise<string | undefined> => {
    for (const [prefix, target] of mounts) {
      if (path === prefix) {
        const s = await stat(target).catch(() => undefined);
        if (s?.isFile()) return target;
        if (s?.isDirectory()) return join(target, 'index.html');
      }
      if (prefix.endsWith('/') && path.startsWith(prefix)) {
        const root = resolve(target);
        const file = resolve(root, normalize(path.slice(prefix.length)));
        if (file !== root && !file.startsWith(root + sep)) return undefined;
        const s = await stat(file).catch(() => undefined);
        if (s?.isFile()) return file;
        if (s?.isDirectory()) return join(file, 'index.html');
      }
    }
    return undefined;
  };

  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push(path);
    const inline = options.files?.[path];
    if (inline !== undefined) return send(res, 200, TYPES[extname(path)] ?? 'text/plain', inline);
    void lookup(path)
      .then(async (file) => {
        if (file) return send(res, 200, TYPES[extname(file)] ?? 'application/octet-stream', await readFile(file));
        if (options.fallback?.(req, res)) return;
        send(res, 404, 'text/plain', `not found: ${path}`);
      })
      .catch(() => send(res, 404, 'text/plain', `not found: ${path}`));
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
