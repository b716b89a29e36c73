import { createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * The few STUN/TURN messages the preflight needs (RFC 5389 / RFC 8489 framing, RFC 8656 Allocate and
 * Refresh), encoded and decoded by hand: Binding, Allocate with REQUESTED-TRANSPORT, Refresh, the
 * long-term credential MESSAGE-INTEGRITY (HMAC-SHA1 keyed by MD5(username:realm:password)) and
 * FINGERPRINT. About 150 lines, tested against the RFC 5769 vectors and the real coturn; the npm
 * STUN packages are either unmaintained or bring a whole ICE agent. Node only (`node:crypto`).
 */

export const MAGIC_COOKIE = 0x2112a442;
export const HEADER_LENGTH = 20;

export const Method = { Binding: 0x001, Allocate: 0x003, Refresh: 0x004 } as const;
export const Class = { request: 0x000, success: 0x100, error: 0x110 } as const;
export type StunClass = 'request' | 'indication' | 'success' | 'error';

export const Attr = {
  MAPPED_ADDRESS: 0x0001,
  USERNAME: 0x0006,
  MESSAGE_INTEGRITY: 0x0008,
  ERROR_CODE: 0x0009,
  LIFETIME: 0x000d,
  XOR_RELAYED_ADDRESS: 0x0016,
  REQUESTED_TRANSPORT: 0x0019,
  XOR_MAPPED_ADDRESS: 0x0020,
  REALM: 0x0014,
  NONCE: 0x0015,
  SOFTWARE: 0x8022,
  FINGERPRINT: 0x8028,
} as const;

export interface StunAttribute {
  type: number;
  value: Buffer;
}

export interface StunMessage {
  method: number;
  cls: StunClass;
  transactionId: Buffer;
  attributes: StunAttribute[];
}

/** Long-term credential key (RFC 5389 §15.4): MD5(username ":" realm ":" password). */
export function longTermKey(username: string, realm: string, password: string): Buffer {
  return createHash('md5').update(`${username}:${realm}:${password}`, 'utf8').digest();
}

/** The long-term credential of a TURN request (RFC 8489 §9.2): its key and the attributes that sign it. */
export interface LongTermAuth {
  /** The MESSAGE-INTEGRITY key. */
  key: Buffer;
  /** USERNAME, REALM and the current NONCE, to append to a request's attributes. */
  attributes(): StunAttribute[];
  /** After a 438 Stale Nonce that carries a new NONCE: take it and say true (retry once); else false. */
  renew(answer: StunMessage): boolean;
}

/** The long-term credential from a 401 `challenge`, or null when it lacks REALM or NONCE. */
export function longTermAuth(
  challenge: StunMessage,
  credentials: { username: string; credential: string },
): LongTermAuth | null {
  const realm = getAttr(challenge, Attr.REALM);
  let nonce = getAttr(challenge, Attr.NONCE);
  if (!realm || !nonce) return null;
  const username = { type: Attr.USERNAME, value: Buffer.from(credentials.username, 'utf8') };
  return {
    key: longTermKey(credentials.username, realm.toString('utf8'), credentials.credential),
    attributes: () => [username, { type: Attr.REALM, value: realm }, { type: Attr.NONCE, value: nonce! }],
    renew(answer) {
      const fresh = answer.cls === 'error' && errorCode(answer) === 438 ? getAttr(answer, Attr.NONCE) : undefined;
      if (fresh) nonce = fresh;
      return fresh !== undefined;
    },
  };
}

export function newTransactionId(): Buffer {
  return randomBytes(12);
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let index = 0; index < 256; index++) {
    let crc = index;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
    table[index] = crc >>> 0;
  }
  return table;
})();

export function crc32(buf: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of buf) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function typeField(method: number, cls: number): number {
  // The class bits C1 C0 sit at bits 8 and 4; the method fills the rest (RFC 5389 §6).
  return ((method & 0xf80) << 2) | ((method & 0x070) << 1) | (method & 0x00f) | cls;
}

function attr(type: number, value: Buffer): Buffer {
  const pad = (4 - (value.length % 4)) % 4;
  const out = Buffer.alloc(4 + value.length + pad);
  out.writeUInt16BE(type, 0);
  out.writeUInt16BE(value.length, 2);
  value.copy(out, 4);
  return out;
}

export interface EncodeOptions {
  /** Attributes before MESSAGE-INTEGRITY, in order. */
  attributes?: StunAttribute[];
  /** Adds MESSAGE-INTEGRITY keyed by this (the long-term key from {@link longTermKey}). */
  integrityKey?: Buffer;
  /** Adds FINGERPRINT last. */
  fingerprint?: boolean;
}

/** Encodes a request (or, with `cls`, any class) with optional MESSAGE-INTEGRITY and FINGERPRINT. */
export function encode(
  method: number,
  transactionId: Buffer,
  opts: EncodeOptions = {},
  cls: number = Class.request,
): Buffer {
  const body = Buffer.concat((opts.attributes ?? []).map((a) => attr(a.type, a.value)));
  const header = Buffer.alloc(HEADER_LENGTH);
  header.writeUInt16BE(typeField(method, cls), 0);
  header.writeUInt16BE(body.length, 2);
  header.writeUInt32BE(MAGIC_COOKIE, 4);
  transactionId.copy(header, 8);
  let msg: Buffer = Buffer.concat([header, body]);
  if (opts.integrityKey) msg = appendIntegrity(msg, opts.integrityKey);
  if (opts.fingerprint) msg = appendFingerprint(msg);
  return msg;
}

/**
 * Appends MESSAGE-INTEGRITY (RFC 5389 §15.4): HMAC-SHA1 over the message with its length already
 * counting the 24-byte attribute.
 */
export function appendIntegrity(msg: Buffer, key: Buffer): Buffer {
  const head = Buffer.from(msg);
  head.writeUInt16BE(msg.length - HEADER_LENGTH + 24, 2);
  const mac = createHmac('sha1', key).update(head).digest();
  return Buffer.concat([head, attr(Attr.MESSAGE_INTEGRITY, mac)]);
}

/** Appends FINGERPRINT (RFC 5389 §15.5): CRC-32 of the message, length counting it, XOR 0x5354554e. */
export function appendFingerprint(msg: Buffer): Buffer {
  const head = Buffer.from(msg);
  head.writeUInt16BE(msg.length - HEADER_LENGTH + 8, 2);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE((crc32(head) ^ 0x5354554e) >>> 0, 0);
  return Buffer.concat([head, attr(Attr.FINGERPRINT, crc)]);
}

/** Bytes needed for the whole message starting at `buf[0]`, or null when the header is incomplete. */
export function messageLength(buf: Buffer): number | null {
  return buf.length < 4 ? null : HEADER_LENGTH + buf.readUInt16BE(2);
}

/** Decodes one STUN message, or returns null for anything that is not one (wrong cookie, bad length). */
export function decode(buf: Buffer): StunMessage | null {
  if (buf.length < HEADER_LENGTH || (buf[0]! & 0xc0) !== 0) return null;
  const type = buf.readUInt16BE(0);
  const length = buf.readUInt16BE(2);
  if (buf.readUInt32BE(4) !== MAGIC_COOKIE || length % 4 !== 0 || HEADER_LENGTH + length > buf.length) return null;
  const method = (type & 0x000f) | ((type & 0x00e0) >> 1) | ((type & 0x3e00) >> 2);
  const bits = type & 0x0110;
  const cls: StunClass = bits === 0 ? 'request' : bits === 0x010 ? 'indication' : bits === 0x100 ? 'success' : 'error';
  const attributes: StunAttribute[] = [];
  let off = HEADER_LENGTH;
  const end = HEADER_LENGTH + length;
  while (off + 4 <= end) {
    const attributeType = buf.readUInt16BE(off);
    const len = buf.readUInt16BE(off + 2);
    if (off + 4 + len > end) return null;
    attributes.push({ type: attributeType, value: buf.subarray(off + 4, off + 4 + len) });
    off += 4 + len + ((4 - (len % 4)) % 4);
  }
  return { method, cls, transactionId: buf.subarray(8, 20), attributes };
}

export function getAttr(msg: StunMessage, type: number): Buffer | undefined {
  return msg.attributes.find((a) => a.type === type)?.value;
}

/** ERROR-CODE as a number (401, 438...), or null. */
export function errorCode(msg: StunMessage): number | null {
  const value = getAttr(msg, Attr.ERROR_CODE);
  return value && value.length >= 4 ? (value[2]! & 0x7) * 100 + value[3]! : null;
}

/** Decodes an XOR-MAPPED-ADDRESS / XOR-RELAYED-ADDRESS value to `ip:port` parts. */
export function xorAddress(value: Buffer, transactionId: Buffer): { ip: string; port: number } | null {
  if (value.length < 8) return null;
  const port = value.readUInt16BE(2) ^ (MAGIC_COOKIE >>> 16);
  if (value[1] === 0x01) {
    const bits = (value.readUInt32BE(4) ^ MAGIC_COOKIE) >>> 0;
    return { ip: [bits >>> 24, (bits >>> 16) & 255, (bits >>> 8) & 255, bits & 255].join('.'), port };
  }
  if (value[1] === 0x02 && value.length >= 20) {
    const mask = Buffer.concat([Buffer.from([0x21, 0x12, 0xa4, 0x42]), transactionId]);
    const words: string[] = [];
    for (let at = 0; at < 16; at += 2)
      words.push(((value[4 + at]! ^ mask[at]!) * 256 + (value[5 + at]! ^ mask[at + 1]!)).toString(16));
    return { ip: words.join(':'), port };
  }
  return null;
}

/** Encodes an XOR-MAPPED-ADDRESS value for an IPv4 address (the local environment's responder). */
export function xorAddressV4(ip: string, port: number): Buffer {
  const value = Buffer.alloc(8);
  value[1] = 0x01;
  value.writeUInt16BE(port ^ (MAGIC_COOKIE >>> 16), 2);
  const bits = ip.split('.').reduce((sum, octet) => sum * 256 + Number(octet), 0);
  value.writeUInt32BE((bits ^ MAGIC_COOKIE) >>> 0, 4);
  return value;
}

/** REQUESTED-TRANSPORT value for UDP relaying (protocol 17), the only one RFC 8656 mandates. */
export const REQUESTED_TRANSPORT_UDP = Buffer.from([17, 0, 0, 0]);
