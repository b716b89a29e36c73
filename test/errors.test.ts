import { describe, expect, it } from 'vitest';
import { formatPath, VideoAllowlistError, type ErrorCode } from '../src/errors.js';

class ExampleError extends VideoAllowlistError {}

describe('VideoAllowlistError', () => {
  it('carries a stable code and the subclass name', () => {
    const err = new ExampleError('invalid-option', 'do this instead');
    expect(err).toBeInstanceOf(Error);
    expect(err.code).toBe('invalid-option');
    expect(err.name).toBe('ExampleError');
    expect(err.message).toBe('do this instead');
  });

  it('keeps the cause it is given, and has none otherwise', () => {
    const cause = new Error('ECONNRESET');
    expect(new ExampleError('invalid-option', 'cut', { cause }).cause).toBe(cause);
    expect('cause' in new ExampleError('invalid-option', 'plain')).toBe(false);
  });

  it('carries the path, reason and hint it is given; by default no path, the message as reason, no hint', () => {
    const err = new ExampleError('invalid-option', 'turn.urls[1]: not a TURN URL', {
      path: ['turn', 'urls', 1],
      reason: 'not a TURN URL',
      hint: 'Write turn:HOST:PORT or turns:HOST:PORT.',
    });
    expect([err.path, err.reason, err.hint]).toEqual([
      ['turn', 'urls', 1],
      'not a TURN URL',
      'Write turn:HOST:PORT or turns:HOST:PORT.',
    ]);
    const plain = new ExampleError('invalid-option', 'plain');
    expect([plain.path, plain.reason, plain.hint]).toEqual([[], 'plain', '']);
  });
});

describe('ErrorCode', () => {
  it('is a union of literals: a mistyped code does not compile (tsc checks the directive)', () => {
    const err: VideoAllowlistError = new ExampleError('unsupported-sdk-version', 'old');
    // @ts-expect-error: 'unsuported-sdk-version' is not an ErrorCode, so the comparison cannot be true.
    expect(err.code === 'unsuported-sdk-version').toBe(false);
    // @ts-expect-error: nor can a constructor be given one.
    expect(new ExampleError('no-such-code', 'x').code).toBe('no-such-code');
    const known: ErrorCode = err.code;
    expect(known).toBe('unsupported-sdk-version');
  });
});

describe('formatPath', () => {
  it.each([
    [['turn', 'urls', 1], 'turn.urls[1]'],
    [['apiKey'], 'apiKey'],
    [['line', 3, 'column', 7], 'line[3].column[7]'],
    [[], ''],
  ] as const)('%j is %s', (path, text) => {
    expect(formatPath(path)).toBe(text);
  });
});
