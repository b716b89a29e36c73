import { isIP } from 'node:net';
import { ProbeError } from '../probe-error.js';
import {
  Attr,
  MAGIC_COOKIE,
  Method,
  REQUESTED_TRANSPORT_UDP,
  encode,
  errorCode,
  getAttr,
  longTermAuth,
  newTransactionId,
  xorAddress,
  type StunAttribute,
  type StunMessage,
} from '../transports/stun.js';
import type { TurnLink } from './turn-link.js';

/** RFC 8656 methods and attributes the loop needs beyond the probe's codec. */
const CHANNEL_BIND = 0x009;
const CHANNEL_NUMBER = 0x000c;
const XOR_PEER_ADDRESS = 0x0012;

export interface RelayAddress {
  ip: string;
  port: number;
}

/** An authenticated allocation on one link: its relayed address and what later requests sign with. */
export interface Allocation {
  link: TurnLink;
  relayed: RelayAddress;
  /** Binds `channel` to the peer (which also installs its permission, RFC 8656 §12). */
  bindChannel(channel: number, peer: RelayAddress): Promise<void>;
  /** Refresh with LIFETIME 0: frees the allocation on the server at once. Never throws. */
  release(): Promise<void>;
}

export interface Credentials {
  username: string;
  credential: string;
}

/** Allocate (RFC 8656 §7.2) with the long-term credential mechanism: first unsigned, then signed after 401. */
export async function allocate(link: TurnLink, creds: Credentials): Promise<Allocation> {
  const base: StunAttribute[] = [{ type: Attr.REQUESTED_TRANSPORT, value: REQUESTED_TRANSPORT_UDP }];
  let tid = newTransactionId();
  const first = await link.transact(encode(Method.Allocate, tid, { attributes: base, fingerprint: true }), tid);
  if (first.cls === 'success') throw new ProbeError('bad-response', 'the TURN server allocated without credentials');
  if (errorCode(first) !== 401) throw answerError('Allocate', first);
  const auth = longTermAuth(first, creds);
  if (!auth) throw new ProbeError('bad-response', 'Allocate 401 without REALM or NONCE');
  const request = async (method: number, attributes: StunAttribute[]): Promise<StunMessage> => {
    for (let attempt = 0; ; attempt++) {
      tid = newTransactionId();
      const signed = [...attributes, ...auth.attributes()];
      const answer = await link.transact(
        encode(method, tid, { attributes: signed, integrityKey: auth.key, fingerprint: true }),
        tid,
      );
      // 438 Stale Nonce: retry once with the new nonce (RFC 8489 §9.2.4).
      if (attempt === 0 && auth.renew(answer)) continue;
      return answer;
    }
  };
  const ok = await request(Method.Allocate, base);
  if (ok.cls !== 'success') {
    if (errorCode(ok) === 401) throw new ProbeError('turn-unauthorized', 'the TURN server refused the credentials');
    throw answerError('Allocate', ok);
  }
  const relayedValue = getAttr(ok, Attr.XOR_RELAYED_ADDRESS);
  const relayed = relayedValue ? xorAddress(relayedValue, ok.transactionId) : null;
  if (!relayed) throw new ProbeError('bad-response', 'Allocate success without XOR-RELAYED-ADDRESS');
  return {
    link,
    relayed,
    async bindChannel(channel, peer) {
      const number = Buffer.alloc(4);
      number.writeUInt16BE(channel, 0);
      const answer = await request(CHANNEL_BIND, [
        { type: CHANNEL_NUMBER, value: number },
        { type: XOR_PEER_ADDRESS, value: xorPeer(peer) },
      ]);
      if (answer.cls !== 'success') throw answerError('ChannelBind', answer);
    },
    async release() {
      let timer: NodeJS.Timeout | undefined;
      const refresh = request(Method.Refresh, [{ type: Attr.LIFETIME, value: Buffer.alloc(4) }]);
      // Bounded: a lost answer must not hold the run; the server expires the allocation anyway.
      await Promise.race([refresh, new Promise((r) => (timer = setTimeout(r, 300)))]).catch(() => {});
      refresh.catch(() => {});
      clearTimeout(timer);
    },
  };
}

function answerError(what: string, answer: StunMessage): ProbeError {
  return new ProbeError('bad-response', `${what} answered ${errorCode(answer) ?? answer.cls}`);
}

/**
 * XOR-PEER-ADDRESS value (RFC 8489 §14.2) for an IPv4 relayed address. IPv6 relays (whose XOR takes
 * the transaction id) are not measured yet: the loop says so instead of sending a wrong address.
 */
function xorPeer(peer: RelayAddress): Buffer {
  if (isIP(peer.ip) !== 4) throw new ProbeError('error', `IPv6 relayed addresses are not measured yet (${peer.ip})`);
  const value = Buffer.alloc(8);
  value[1] = 0x01;
  value.writeUInt16BE(peer.port ^ (MAGIC_COOKIE >>> 16), 2);
  const ipNumber = peer.ip.split('.').reduce((a, o) => a * 256 + Number(o), 0);
  value.writeUInt32BE((ipNumber ^ MAGIC_COOKIE) >>> 0, 4);
  return value;
}
