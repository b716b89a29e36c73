import { expect } from 'vitest';
import type { AllowlistLike, Category } from '../../src/allowlist/types.js';

/** A tiny AllowlistLike: each category allows exactly the given addresses (a /32 each). */
export function listOf(allowed: Partial<Record<Category, string[]>>): AllowlistLike {
  return {
    check(ip, options) {
      const cats = options?.category ? [options.category] : (Object.keys(allowed) as Category[]);
      for (const c of cats) {
        if (allowed[c]?.includes(ip)) return { allowed: true, block: `${ip}/32`, category: c, description: null };
      }
      return { allowed: false, block: null, category: null, description: null };
    },
  };
}

/** 127.0.0.1 allowed in every category. */
export const LOOPBACK = listOf({
  api: ['127.0.0.1'],
  turn: ['127.0.0.1'],
  media: ['127.0.0.1'],
  logging: ['127.0.0.1'],
});

const WATCHED = new Set([
  'TCPSocketWrap',
  'TCPServerWrap',
  'TCPWrap',
  'UDPWrap',
  'TLSWrap',
  'Timeout',
  'ProcessWrap',
  'GetAddrInfoReqWrap',
  'TCPConnectWrap',
]);

function counts(): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of process.getActiveResourcesInfo()) if (WATCHED.has(r)) m.set(r, (m.get(r) ?? 0) + 1);
  return m;
}

/** Snapshot the sockets, timers and child processes alive now; `expectNone()` waits (≤ 2 s) until no more are. */
export function resourceBaseline(): { expectNone(): Promise<void> } {
  const base = counts();
  const extra = (): string[] => {
    const out: string[] = [];
    for (const [k, v] of counts()) if (v > (base.get(k) ?? 0)) out.push(`${k} x${v - (base.get(k) ?? 0)}`);
    return out;
  };
  return {
    async expectNone() {
      const until = Date.now() + 2000;
      while (extra().length > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      expect(extra()).toEqual([]);
    },
  };
}

export function elapsed(): () => number {
  const t0 = performance.now();
  return () => performance.now() - t0;
}
