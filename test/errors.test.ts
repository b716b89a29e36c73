import { describe, expect, it } from 'vitest';
import { VideoAllowlistError } from '../src/errors.js';

class ExampleError extends VideoAllowlistError {}

describe('VideoAllowlistError', () => {
  it('carries a stable code and the subclass name', () => {
    const err = new ExampleError('example-code', 'do this instead');
    expect(err).toBeInstanceOf(Error);
    expect(err.code).toBe('example-code');
    expect(err.name).toBe('ExampleError');
    expect(err.message).toBe('do this instead');
  });

  it('keeps the cause it is given, and has none otherwise', () => {
    const cause = new Error('ECONNRESET');
    expect(new ExampleError('example-code', 'cut', { cause }).cause).toBe(cause);
    expect('cause' in new ExampleError('example-code', 'plain')).toBe(false);
  });
});
