import { parseTurnUrl } from './turn-url.js';
import type { TurnProbeRequest } from './types.js';

/**
 * What the messaging, TURN and media checks probe, by category: the messaging URL and the media host
 * (none or one), the TURN URLs (any number). Given as options, or read from the session info.
 */
export interface SessionTargets {
  messaging: string[];
  turn: TurnProbeRequest[];
  media: string[];
}

/**
 * Reads the session-info answer (`GET {apiUrl}/session/{id}?extended=true`): a JSON array whose first
 * element carries `messaging_url`, `ice_servers`, `media_server_hostname`, or `error`. Throws a
 * message (never the raw body, which may echo the token) when the shape is wrong.
 */
export function parseSessionInfo(body: string): SessionTargets {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    throw new Error('session info is not JSON');
  }
  const first: unknown = Array.isArray(data) ? data[0] : data;
  if (!first || typeof first !== 'object') throw new Error('session info is empty');
  const info = first as Record<string, unknown>;
  if (info.error) {
    const error = info.error as Record<string, unknown>;
    throw new Error(`session info error${typeof error.code === 'number' ? ` ${error.code}` : ''}`);
  }
  const turn: TurnProbeRequest[] = [];
  const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  for (const server of Array.isArray(info.ice_servers) ? info.ice_servers : []) {
    if (!server || typeof server !== 'object') continue;
    const entry = server as Record<string, unknown>;
    const urls = ([] as unknown[]).concat(entry.urls ?? [], entry.url ?? []);
    for (const url of urls) {
      if (typeof url !== 'string' || !parseTurnUrl(url)) continue; // stun: URLs are not TURN paths
      turn.push({ url, username: text(entry.username), credential: text(entry.credential) });
    }
  }
  const named = (value: unknown): string[] => (text(value)?.trim() ? [value as string] : []);
  return { messaging: named(info.messaging_url), turn, media: named(info.media_server_hostname) };
}
