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
});
