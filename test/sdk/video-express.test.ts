/**
 * Video Express's script-tag build under happy-dom, in the order docs/video-express.md mentions last:
 * the page loads an OpenTok.js, this library, calls `VideoAllowlist.guard()`, and only then loads Video
 * Express's UMD build, which carries its own OpenTok.js (2.33.1 in 1.10.3) and puts it on `window.OT`.
 * The guard's watch on the global guards that `OT`; its Room's Connect event must carry
 * `ipWhitelist: true`. The docs' recipes themselves (Video Express first, a real `Room.join()`) run in
 * Chromium: test/examples/video-express-script.test.ts and video-express-npm.test.ts.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandIn, type LoadedOT, type SdkSession, type StandIn } from '../support/opentok.js';
import { openVersionWindow, SDK_BUILDS } from '../support/opentok-versions.js';
import { librarySdkScript } from '../support/library-script.js';

const require = createRequire(import.meta.url);
const VE_UMD = readFileSync(require.resolve('@vonage/video-express/umd/video-express.umd.js'), 'utf8');

let standIn: StandIn;
beforeAll(async () => {
  standIn = await startStandIn();
});
afterAll(async () => {
  await standIn?.close();
});

interface RoomCtor {
  new (options: Record<string, unknown>): object;
}

async function roomConnect(guarded: boolean): Promise<unknown> {
  const w = openVersionWindow(SDK_BUILDS.at(-1)!, standIn);
  try {
    w.evaluate(await librarySdkScript());
    const lib = w.window['VideoAllowlist'] as { guard(OT?: unknown, s?: unknown): () => void };
    if (guarded) lib.guard(undefined, { onWarning: () => {} });
    w.evaluate(VE_UMD);
    const OT = w.window['OT'] as LoadedOT;
    expect(OT.version).toBe('v2.33.1'); // Video Express's own copy took the global's place
    OT.setProxyUrl(standIn.origin);
    const id = `1_MX4xMjM0NX5-ve-${process.pid}-${guarded}`;
    const container = w.window.document.createElement('div');
    container.id = 'room';
    w.window.document.body.appendChild(container);
    const { Room } = w.window['VideoExpress'] as { Room: RoomCtor };
    const room = new Room({ apiKey: '12345', sessionId: id, token: 'T1==stand-in-token', roomContainer: 'room' });
    // Room.join() publishes first, and happy-dom has no camera (getUserMedia fails), so the session
    // the Room created (on Video Express's OT, when it was constructed) is connected directly, as join would.
    void room;
    const session = OT.sessions.get(id) as SdkSession; // the session the Room made, from the SDK's cache
    expect(session.id).toBe(id);
    session.connect('T1==stand-in-token', () => {});
    const ended = (): boolean =>
      standIn.connectEvents(id).some((e) => e.variation === 'Failure' || e.variation === 'Success');
    await standIn.waitFor(ended, `the Connect event of the Room ${id}`);
    return standIn.connectEvents(id).find((e) => e.variation === 'Failure' || e.variation === 'Success')?.ipWhitelist;
  } finally {
    await w.close();
  }
}

describe('Video Express 1.10.3 (script-tag build) after guard()', () => {
  it('a Room’s Connect event carries ipWhitelist: true', async () => {
    expect(await roomConnect(true)).toBe(true);
  });

  it('without the guard the same Room sends false (the recipe is what makes it true)', async () => {
    expect(await roomConnect(false)).toBe(false);
  });
});
