import dgram from 'node:dgram';
import dns from 'node:dns';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { tmpdir } from 'node:os';
import { CHILD_GUARD_MARKER, runChild } from './support/child.js';
import { isLoopbackIp, takeAttempts } from './support/loopback-only.js';

const connectError = (host: string, port: number): Promise<NodeJS.ErrnoException | null> =>
  new Promise((res) => {
    const s = net.connect({ host, port });
    s.once('error', (e) => res(e));
    s.once('connect', () => (s.destroy(), res(null)));
  });

describe('the test-run guard: loopback only', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.255.0.9', true],
    ['::1', true],
    ['0:0:0:0:0:0:0:1', true],
    ['::ffff:127.0.0.1', true],
    ['192.0.2.1', false],
    ['::2', false],
    ['2001:db8::1', false],
    ['::ffff:192.0.2.1', false],
  ])('isLoopbackIp(%s) is %s', (ip, loop) => {
    expect(isLoopbackIp(ip)).toBe(loop);
  });

  it('refuses a TCP connect to an address outside loopback, and records it', async () => {
    const err = await connectError('192.0.2.1', 443);
    expect(err?.code).toBe('ENOTFOUND');
    expect(takeAttempts()).toEqual(['192.0.2.1']);
  });

  it('refuses to look up a real name (fetch and net go through dns.lookup), and records it', async () => {
    const err = await connectError('anvil.opentok.com', 443);
    expect(err?.code).toBe('ENOTFOUND');
    await expect(fetch('https://hlg.tokbox.com/prod/logging/ClientEvent')).rejects.toThrow();
    await expect(dns.promises.lookup('example.com')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    expect(takeAttempts()).toEqual(['anvil.opentok.com', 'hlg.tokbox.com', 'example.com']);
  });

  it('refuses a UDP send outside loopback, and records it', async () => {
    const sock = dgram.createSocket('udp4');
    const err = await new Promise<Error | null>((res) => sock.send(Buffer.from('x'), 3478, '192.0.2.1', (e) => res(e)));
    sock.close();
    expect(err).toMatchObject({ code: 'ENOTFOUND' });
    expect(takeAttempts()).toEqual(['192.0.2.1']);
  });

  it('lets loopback and localhost through, and .invalid names fail quietly', async () => {
    const server = net.createServer((s) => s.end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as net.AddressInfo;
    expect(await connectError('127.0.0.1', port)).toBeNull();
    expect(await connectError('localhost', port)).toBeNull();
    expect((await connectError('media.test.invalid', port))?.code).toBe('ENOTFOUND');
    await new Promise((r) => server.close(r));
    expect(takeAttempts()).toEqual([]);
  });
});

describe('the same guard in Node child processes (runChild)', () => {
  const env = { PATH: process.env.PATH };
  it.each([
    ['a TCP connect outside loopback', "require('net').connect(443, '192.0.2.1').on('error', () => {})", '192.0.2.1'],
    ['a real name through fetch', "fetch('https://hlg.tokbox.com/prod').catch(() => {})", 'hlg.tokbox.com'],
    [
      'a UDP send outside loopback',
      "const s = require('dgram').createSocket('udp4'); s.send('x', 3478, '192.0.2.1', () => s.close())",
      '192.0.2.1',
    ],
  ])('makes the run fail on %s, naming it', async (_name, code, destination) => {
    await expect(runChild(process.execPath, ['-e', code], { cwd: tmpdir(), env })).rejects.toThrow(
      `${CHILD_GUARD_MARKER} ${destination}`,
    );
  });

  it('lets a child reach loopback', async () => {
    const server = net.createServer((s) => s.end('hi'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as net.AddressInfo;
    const r = await runChild(
      process.execPath,
      ['-e', `require('net').connect(${port}, '127.0.0.1').on('data', (d) => process.stdout.write(d))`],
      { cwd: tmpdir(), env },
    );
    await new Promise((r2) => server.close(r2));
    expect(r).toMatchObject({ code: 0, stdout: 'hi' });
  });
});
