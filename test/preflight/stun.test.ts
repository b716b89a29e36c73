import { describe, expect, it } from 'vitest';
import {
  Attr,
  Class,
  Method,
  appendFingerprint,
  appendIntegrity,
  crc32,
  decode,
  encode,
  errorCode,
  getAttr,
  longTermAuth,
  longTermKey,
  messageLength,
  xorAddress,
  xorAddressV4,
} from '../../src/preflight/transports/stun.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

// RFC 5769 §2.1 (sample request) and §2.2 (sample IPv4 response), short-term password as the key.
const PASSWORD = Buffer.from('VOkJxbRl1RmTxUk/WvJxBt');
const REQUEST = hex(`00 01 00 58 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
  80 22 00 10 53 54 55 4e 20 74 65 73 74 20 63 6c 69 65 6e 74
  00 24 00 04 6e 00 01 ff 80 29 00 08 93 2f f9 b1 51 26 3b 36
  00 06 00 09 65 76 74 6a 3a 68 36 76 59 20 20 20
  00 08 00 14 9a ea a7 0c bf d8 cb 56 78 1e f2 b5 b2 d3 f2 49 c1 b5 71 a2
  80 28 00 04 e5 7a 3b cf`);
const RESPONSE = hex(`01 01 00 3c 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
  80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20
  00 20 00 08 00 01 a1 47 e1 12 a6 43
  00 08 00 14 2b 91 f5 99 fd 9e 90 c3 8c 74 89 f9 2a f9 ba 53 f0 6b e7 d7
  80 28 00 04 c0 7d 4c 96`);

/** The message as it stood before MESSAGE-INTEGRITY, with its length field for that point. */
function beforeIntegrity(vector: Buffer): Buffer {
  const cut = vector.length - 24 - 8;
  const head = Buffer.from(vector.subarray(0, cut));
  head.writeUInt16BE(cut - 20, 2);
  return head;
}

describe('encodes and decodes STUN messages as RFC 5389 writes them', () => {
  it.each([
    ['sample request (§2.1)', REQUEST],
    ['sample IPv4 response (§2.2)', RESPONSE],
  ])('reproduces the RFC 5769 %s MESSAGE-INTEGRITY and FINGERPRINT byte for byte', (_name, vector) => {
    expect(appendFingerprint(appendIntegrity(beforeIntegrity(vector), PASSWORD)).equals(vector)).toBe(true);
  });

  it('decodes the RFC 5769 response: class, method, and XOR-MAPPED-ADDRESS 192.0.2.1:32853', () => {
    const m = decode(RESPONSE)!;
    expect(m.cls).toBe('success');
    expect(m.method).toBe(Method.Binding);
    expect(xorAddress(getAttr(m, Attr.XOR_MAPPED_ADDRESS)!, m.transactionId)).toEqual({ ip: '192.0.2.1', port: 32853 });
  });

  it.each([
    [Method.Binding, Class.request, '0001', 'request'],
    [Method.Binding, Class.success, '0101', 'success'],
    [Method.Allocate, Class.request, '0003', 'request'],
    [Method.Allocate, Class.success, '0103', 'success'],
    [Method.Allocate, Class.error, '0113', 'error'],
    [Method.Refresh, Class.request, '0004', 'request'],
    [Method.Binding, 0x010, '0011', 'indication'],
  ] as const)('encodes method %i class %i as type 0x%s and decodes it back', (method, cls, type, name) => {
    const buf = encode(method, Buffer.alloc(12, 7), {}, cls);
    expect(buf.readUInt16BE(0).toString(16).padStart(4, '0')).toBe(type);
    const m = decode(buf)!;
    expect([m.method, m.cls]).toEqual([method, name]);
  });

  it('pads attributes to 4 bytes and round-trips their values', () => {
    const buf = encode(Method.Allocate, Buffer.alloc(12, 1), {
      attributes: [
        { type: Attr.USERNAME, value: Buffer.from('abcde') },
        { type: Attr.REQUESTED_TRANSPORT, value: Buffer.from([17, 0, 0, 0]) },
      ],
    });
    expect(buf.length).toBe(20 + 4 + 8 + 4 + 4);
    expect(messageLength(buf)).toBe(buf.length);
    const m = decode(buf)!;
    expect(getAttr(m, Attr.USERNAME)!.toString()).toBe('abcde');
    expect([...getAttr(m, Attr.REQUESTED_TRANSPORT)!]).toEqual([17, 0, 0, 0]);
  });

  it('reads ERROR-CODE as class*100+number (401, 438)', () => {
    const err = (code: number): Buffer =>
      Buffer.from([0, 0, Math.floor(code / 100), code % 100, ...Buffer.from('x   ')]);
    for (const code of [401, 438, 486]) {
      const m = decode(
        encode(
          Method.Allocate,
          Buffer.alloc(12),
          { attributes: [{ type: Attr.ERROR_CODE, value: err(code) }] },
          Class.error,
        ),
      )!;
      expect(errorCode(m)).toBe(code);
    }
  });

  it('reads only the 3 class bits of ERROR-CODE (the reserved bits above them are ignored), and no code from a value under 4 bytes', () => {
    const withCode = (value: number[]) =>
      decode(
        encode(
          Method.Allocate,
          Buffer.alloc(12),
          { attributes: [{ type: Attr.ERROR_CODE, value: Buffer.from(value) }] },
          Class.error,
        ),
      )!;
    expect(errorCode(withCode([0, 0, 0xf8 | 4, 1]))).toBe(401);
    expect(errorCode(withCode([0, 0, 4]))).toBeNull();
  });

  it('reads no XOR address from a value under 8 bytes', () => {
    expect(xorAddress(Buffer.from([0, 1, 0x12, 0x34]), Buffer.alloc(12))).toBeNull();
  });

  it.each([
    ['too short', Buffer.alloc(10)],
    ['wrong magic cookie', Buffer.from('000100002112a443' + '00'.repeat(12), 'hex')],
    ['length beyond the buffer', Buffer.from('000100082112a442' + '00'.repeat(12), 'hex')],
    ['first two bits set (not STUN)', Buffer.from('c00100002112a442' + '00'.repeat(12), 'hex')],
    ['a length that is not a multiple of 4', Buffer.from('000100022112a442' + '00'.repeat(12) + '0000', 'hex')],
    [
      'an attribute running past the message end',
      Buffer.from('000100042112a442' + '00'.repeat(12) + '00060008', 'hex'),
    ],
  ])('refuses a message with %s', (_name, buf) => {
    expect(decode(buf)).toBeNull();
  });

  it('computes CRC-32 (IEEE) and the long-term key MD5(user:realm:pass)', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(longTermKey('user', 'realm', 'pass').toString('hex')).toBe('8493fbc53ba582fb4c044c456bdc40eb');
  });

  it('encodes an IPv4 XOR address that decodes back', () => {
    expect(xorAddress(xorAddressV4('127.0.0.1', 54321), Buffer.alloc(12))).toEqual({ ip: '127.0.0.1', port: 54321 });
  });
});

describe('the long-term credential of TURN requests (longTermAuth)', () => {
  const attr = (type: number, text: string) => ({ type, value: Buffer.from(text) });
  const answer = (code: number, attributes: Array<{ type: number; value: Buffer }>) =>
    decode(
      encode(
        Method.Allocate,
        Buffer.alloc(12),
        {
          attributes: [
            { type: Attr.ERROR_CODE, value: Buffer.from([0, 0, Math.floor(code / 100), code % 100]) },
            ...attributes,
          ],
        },
        Class.error,
      ),
    )!;
  const credentials = { username: 'alice', credential: 'secret' };

  it('signs with USERNAME, REALM and NONCE from the 401, and the MD5 key of user:realm:password', () => {
    const auth = longTermAuth(answer(401, [attr(Attr.REALM, 'vonage'), attr(Attr.NONCE, 'n1')]), credentials)!;
    expect(auth.key).toEqual(longTermKey('alice', 'vonage', 'secret'));
    expect(auth.attributes().map((a) => [a.type, a.value.toString()])).toEqual([
      [Attr.USERNAME, 'alice'],
      [Attr.REALM, 'vonage'],
      [Attr.NONCE, 'n1'],
    ]);
  });

  it('takes the new NONCE of a 438 Stale Nonce, and nothing from other answers', () => {
    const auth = longTermAuth(answer(401, [attr(Attr.REALM, 'vonage'), attr(Attr.NONCE, 'n1')]), credentials)!;
    expect(auth.renew(answer(401, [attr(Attr.NONCE, 'other')]))).toBe(false);
    expect(auth.renew(answer(438, []))).toBe(false);
    expect(auth.attributes()[2]!.value.toString()).toBe('n1');
    expect(auth.renew(answer(438, [attr(Attr.NONCE, 'n2')]))).toBe(true);
    expect(auth.attributes()[2]!.value.toString()).toBe('n2');
  });

  it('is null for a 401 without REALM or NONCE', () => {
    expect(longTermAuth(answer(401, [attr(Attr.NONCE, 'n1')]), credentials)).toBeNull();
    expect(longTermAuth(answer(401, [attr(Attr.REALM, 'vonage')]), credentials)).toBeNull();
  });
});
