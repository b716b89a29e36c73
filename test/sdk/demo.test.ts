import { describe, expect, it } from 'vitest';
import { runSdkDemo } from '../../scripts/demo-sdk.js';

describe('scripts/demo-sdk.ts', () => {
  it('shows ipWhitelist: true on the wire through the library, false through the raw SDK, and the cache bypass refused', async () => {
    const lines: string[] = [];
    const result = await runSdkDemo((line) => lines.push(line));
    expect(result).toEqual({ viaLibrary: true, viaRawSdk: false, cacheBypass: 'allowlist-session-cached' });
    const out = lines.join('\n');
    expect(out).toMatch(/POST +\/log\/logging\/ClientEvent +Connect Failure +ipWhitelist: true/);
    expect(out).toContain('"ipWhitelist":true');
    expect(out).toMatch(/Connect Failure: ipWhitelist: false/);
  });
});
