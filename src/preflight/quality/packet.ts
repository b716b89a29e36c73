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

export function writePacket(packet: LoopPacket, size: number): Buffer {
  const buffer = Buffer.alloc(Math.max(HEADER_BYTES, size));
  buffer[0] = packet.kind;
  buffer.writeUInt32BE(packet.seq >>> 0, 1);
  buffer.writeDoubleBE(packet.sentAt, 5);
  buffer.writeUInt32BE(packet.probeSeq >>> 0, 13);
  buffer.writeDoubleBE(packet.probeSentAt, 17);
  return buffer;
}

export function readPacket(buffer: Buffer): LoopPacket | null {
  if (buffer.length < HEADER_BYTES || (buffer[0] !== 1 && buffer[0] !== 2)) return null;
  return {
    kind: buffer[0],
    seq: buffer.readUInt32BE(1),
    sentAt: buffer.readDoubleBE(5),
    probeSeq: buffer.readUInt32BE(13),
    probeSentAt: buffer.readDoubleBE(17),
  };
}
