/**
 * Test-run guard (a vitest setup file): tests may only talk to 127.0.0.0/8 and ::1 (see
 * loopback-guard.mjs). Each refused attempt fails the test that made it, naming the destination.
 */
import { afterEach, expect } from 'vitest';
import { installLoopbackGuard } from './loopback-guard.mjs';

export { isLoopbackIp } from './loopback-guard.mjs';

const attempts: string[] = [];
installLoopbackGuard((what) => void attempts.push(what));

/** Takes (and clears) the attempts recorded so far: for the guard's own test. */
export function takeAttempts(): string[] {
  return attempts.splice(0);
}

afterEach(() => {
  const seen = attempts.splice(0);
  expect(seen, 'this test tried to reach a non-loopback address (tests may only use 127.0.0.0/8 and ::1)').toEqual([]);
});
