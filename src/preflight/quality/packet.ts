/**
 * The loop's packet: kind (1 probe, 2 echo), sequence number, send time (ms, the sender's
 * `performance.now()`), and for an echo the probe's sequence number and send time; padded to size.
 */
export const HEADER_BYTES = 1 + 4 + 8 + 4 + 8;

export interface LoopPacket {
  kind: 1 | 2;
  seq: number;
  sentAt: number;
  probeSeq: number;
  probeSentAt: number;
}

export function writePacket(p: LoopPacket, size: number): Buffer {
  const b = Buffer.alloc(Math.max(HEADER_BYTES, size));
  b[0] = p.kind;
  b.writeUInt32BE(p.seq >>> 0, 1);
  b.writeDoubleBE(p.sentAt, 5);
  b.writeUInt32BE(p.probeSeq >>> 0, 13);
  b.writeDoubleBE(p.probeSentAt, 17);
  return b;
}

export function readPacket(b: Buffer): LoopPacket | null {
  if (b.length < HEADER_BYTES || (b[0] !== 1 && b[0] !== 2)) return null;
  return {
    kind: b[0],
    seq: b.readUInt32BE(1),
    sentAt: b.readDoubleBE(5),
    probeSeq: b.readUInt32BE(13),
    probeSentAt: b.readDoubleBE(17),
  };
}
