import { describe, expect, it } from 'vitest';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import fc from 'fast-check';
import {
  AddressParseError,
  explainAddress,
  formatAddress,
  ipv4ToInt,
  ipv6ToWords,
  parseAddress,
  parseBlock,
} from '../../src/allowlist/address.js';
import { VideoAllowlistError } from '../../src/errors.js';
import { AllowedIpList } from '../../src/allowlist/list.js';
import { ListParseError } from '../../src/allowlist/errors.js';
import { oracleAddress } from '../support/differential.js';
import * as scanner from '../../src/allowlist/address-scan.js';
import { failureName } from '../../src/allowlist/address-reason.js';

function errorOf(fn: () => unknown): AddressParseError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AddressParseError);
    expect(err).toBeInstanceOf(VideoAllowlistError);
    expect((err as AddressParseError).code).toBe('invalid-address');
    return err as AddressParseError;
  }
  throw new Error('did not throw');
}

function reasonOf(fn: () => unknown): string {
  return errorOf(fn).reason;
}

/** The 128-bit value of four 32-bit words. */
function wordsToBigint(w: Uint32Array): bigint {
  return w.reduce((v, x) => (v << 32n) | BigInt(x), 0n);
}

/** The value the lookup table's fast path reads from `text`, or null when it refuses. */
function fastValue(text: string): bigint | null {
  if (text.includes(':')) {
    const w = new Uint32Array(4);
    return ipv6ToWords(text, w) ? wordsToBigint(w) : null;
  }
  const v = ipv4ToInt(text);
  return v < 0 ? null : BigInt(v);
}

describe('parseAddress refuses loose and malformed forms, each with its reason', () => {
  it.each([
    ['127.1', /has 2 parts; an IPv4 address has exactly 4/],
    ['1.2.3', /has 3 parts/],
    ['1.2.3.4.5', /has more than 4 parts; an IPv4 address has exactly 4/],
    ['0x7f.0.0.1', /part '0x7f' is hexadecimal/],
    ['0x7f000001', /hexadecimal numbers are not IPv4 addresses/],
    ['0177.0.0.1', /part '0177' has a leading zero .*octal.*write '177'/],
    ['1.2.3.04', /part '04' has a leading zero/],
    ['00.1.2.3', /part '00' has a leading zero.*write '0'/],
    ['2130706433', /a single number is not an IPv4 address; write the dotted quad \(127\.0\.0\.1\)/],
    ['4294967295', /a single number is not an IPv4 address; write the dotted quad \(255\.255\.255\.255\)$/],
    ['4294967296', /a single number is not an IPv4 address; write the dotted quad$/],
    ['0177', /a single number is not an IPv4 address; write the dotted quad$/],
    ['0X7F000001', /hexadecimal numbers are not IPv4 addresses/],
    ['0X7f.0.0.1', /part '0X7f' is hexadecimal/],
    ['256.0.0.1', /part '256' is greater than 255/],
    ['1.2.3.1000', /part '1000' is greater than 255/],
    ['1..2.3', /part 2 is empty/],
    ['1.2.3.', /part 4 is empty/],
    ['.1.2.3', /part 1 is empty/],
    ['1.2.3.4 ', /contains trailing whitespace/],
    [' 1.2.3.4', /contains leading whitespace/],
    ['1.2. 3.4', /contains inner whitespace/],
    ['1.2.3.-4', /unexpected character '-'/],
    ['1.2.3.+4', /unexpected character '\+'/],
    ['', /^empty$/],
    ['localhost', /neither an IPv4 dotted quad nor an IPv6 address/],
    ['10.0.0.0/8', /a block \(with '\/'\), not a single address/],
    ['fe80::1%eth0', /zone ids \('%eth0'\) are not accepted/],
    ['fe80::1%25eth0', /zone ids/],
    ['[::1]', /brackets are URL syntax/],
    ['::1]', /brackets are URL syntax/],
    ['[::1', /brackets are URL syntax/],
    ['1.2.3.4]', /brackets are URL syntax/],
    ['%eth0', /zone ids \('%eth0'\) are not accepted/],
    ['1::2::3', /'::' may appear only once/],
    [':::', /':::' is not valid/],
    ['1:::2', /':::' is not valid/],
    [':1::2', /starts with a single ':'/],
    ['1::2:', /ends with a single ':'/],
    [':1:2:3:4:5:6:7', /starts with a single ':'/],
    ['1:2:3:4:5:6:7:', /ends with a single ':'/],
    ['1:2:3:4:5:6:7', /has 7 groups of 16 bits; a full IPv6 address has 8/],
    ['1:2:3:4:5:6:7:8:9', /has more than 8 groups of 16 bits/],
    ['1:2:3:4:5:6:7:8::', /'::' must stand for at least one zero group/],
    ['1:2:3:4::5:6:7:8', /'::' must stand for at least one zero group/],
    ['12345::1', /group '12345' has more than 4 hex digits/],
    ['00000::1', /group '00000' has more than 4 hex digits/],
    ['g::1', /unexpected character 'g' at position 1/],
    ['1:2:3:4:5:6:7:1.2.3.4', /has more than 8 groups of 16 bits/],
    ['::1.2.3.4:1', /embedded IPv4 address \('1\.2\.3\.4'\) is allowed only as the last 32 bits/],
    ['::1.2.3.04', /the IPv4 tail '1\.2\.3\.04' part '04' has a leading zero/],
    ['::127.1', /the IPv4 tail '127\.1' has 2 parts/],
    ['::ffff:256.1.1.1', /part '256' is greater than 255/],
    ['1:2', /has 2 groups/],
  ])('refuses %j: %s', (text, reason) => {
    expect(reasonOf(() => parseAddress(text))).toMatch(reason);
    expect(fastValue(text)).toBeNull();
  });

  it('names the input and the reason in the message', () => {
    expect(() => parseAddress('1.2.3.04')).toThrow(
      /"1\.2\.3\.04" is not a valid IP address or block: part '04' has a leading zero/,
    );
  });

  it.each([
    [123, 'number'],
    [null, 'null'],
    [undefined, 'undefined'],
    [{}, 'object'],
  ])('refuses a non-string %j with a typed error naming its type %j', (value, type) => {
    expect(reasonOf(() => parseAddress(value as unknown as string))).toBe(`expected a string, got ${type}`);
    expect(reasonOf(() => parseBlock(value as unknown as string))).toBe(`expected a string, got ${type}`);
  });
});

describe("a refusal carries the scanner's failure code and the position it points at", () => {
  it.each([
    ['1.2.3.04', 'ipv4-leading-zero', 6],
    ['1.2.300.4', 'ipv4-over-255', 4],
    ['1..2.3', 'ipv4-empty-part', 2],
    ['127.1', 'ipv4-too-few-parts', 5],
    ['1.2.3.4.5', 'ipv4-too-many-parts', 7],
    ['1.2.3.x', 'ipv4-character', 6],
    ['0x7f.0.0.1', 'ipv4-hex', 1],
    ['2130706433', 'ipv4-single-number', 0],
    ['localhost', 'not-an-address', 0],
    ['', 'empty', 0],
    ['1.2.3.4 ', 'whitespace', 7],
    ['fe80::1%eth0', 'zone-id', 7],
    ['[::1]', 'brackets', 0],
    ['g::1', 'ipv6-character', 0],
    [':1::2', 'ipv6-leading-colon', 0],
    ['1::2:', 'ipv6-trailing-colon', 4],
    ['1:::2', 'ipv6-triple-colon', 1],
    ['1::2::3', 'ipv6-second-gap', 4],
    ['1:12345::', 'ipv6-group-digits', 2],
    ['1:2:3', 'ipv6-too-few-groups', 5],
    ['1:2:3:4:5:6:7:8:9', 'ipv6-too-many-groups', 16],
    ['1:2:3:4::5:6:7:8', 'ipv6-no-zero-group', 7],
    ['::1.2.3.4:1', 'ipv6-tail-not-last', 2],
    ['::1.2.3.04', 'ipv4-leading-zero', 8],
    ['10.0.0.0/8', 'block-not-address', 8],
  ])('parseAddress(%j): %s at %d', (text, failure, at) => {
    const err = errorOf(() => parseAddress(text));
    expect([err.failure, err.at]).toEqual([failure, at]);
    if (!text.includes('/')) expect(explainAddress(text)).toEqual({ failure, at, reason: err.reason });
  });

  it.each([
    ['10.0.0.0/', 'prefix-missing', 9],
    ['10.0.0.0/8/8', 'prefix-second-slash', 10],
    ['10.0.0.0/+8', 'prefix-not-decimal', 9],
    ['10.0.0.0/08', 'prefix-leading-zero', 9],
    ['::/129', 'prefix-range', 3],
    ['10.0.0.1/8', 'host-bits', 8],
    ['10.0.0.1x/8', 'ipv4-character', 8],
  ])('parseBlock(%j): %s at %d', (text, failure, at) => {
    const err = errorOf(() => parseBlock(text));
    expect([err.failure, err.at]).toEqual([failure, at]);
  });

  it("names each of the scanner's numeric codes by its own row of the table (IPV4_OVER_255: 'ipv4-over-255')", () => {
    const codes = Object.entries(scanner).filter(
      ([key, value]) => /^[A-Z0-9_]+$/.test(key) && typeof value === 'number',
    );
    expect(codes.length).toBe(22);
    expect(codes.map(([key, value]) => [key, failureName(value as number)])).toEqual(
      codes.map(([key]) => [key, key.toLowerCase().replaceAll('_', '-')]),
    );
  });

  it('every text the scanners refuse gets a code, a position inside it and words; every text they accept gets none', () => {
    const unit = fc.constantFrom(...'0123456789abcdefABCDEFx:::....%/ []'.split(''));
    const text = fc.oneof(
      fc.string({ unit, maxLength: 45 }),
      // Near-misses: valid addresses with one character changed, added or dropped.
      fc
        .tuple(fc.constantFrom('192.0.2.1', '2001:db8::1', '::ffff:1.2.3.4', '1:2:3:4:5:6:7:8'), fc.nat(), unit)
        .map(([valid, at, char]) => {
          const cut = at % (valid.length + 1);
          return [valid.slice(0, cut) + char + valid.slice(cut), valid.slice(0, cut) + valid.slice(cut + 1)][at % 2]!;
        }),
    );
    fc.assert(
      fc.property(text, (input) => {
        const address = input.split('/')[0]!;
        const refusal = explainAddress(address);
        let thrown: AddressParseError | null = null;
        try {
          parseBlock(input, { normalize: true });
        } catch (err) {
          thrown = err as AddressParseError;
        }
        if (fastValue(address) !== null) {
          // The address is accepted: no reason for it; a refusal of the block is about its prefix.
          return (
            refusal === null && (thrown === null || (/^prefix-/.test(thrown.failure!) && thrown.at > address.length))
          );
        }
        return (
          refusal !== null &&
          refusal.reason !== '' &&
          refusal.at >= 0 &&
          refusal.at <= address.length &&
          thrown?.failure === refusal.failure &&
          thrown.at === refusal.at &&
          thrown.reason === refusal.reason
        );
      }),
      { seed: 20261206, numRuns: 3000 },
    );
  });
});

describe('parseAddress accepts the strict forms and returns canonical text', () => {
  it.each([
    ['0.0.0.0', 4, '0.0.0.0', null],
    ['255.255.255.255', 4, '255.255.255.255', null],
    ['192.0.2.1', 4, '192.0.2.1', null],
    ['10.0.0.10', 4, '10.0.0.10', null],
    ['::', 6, '::', null],
    ['::1', 6, '::1', null],
    ['1::', 6, '1::', null],
    ['0:0:0:0:0:0:0:0', 6, '::', null],
    ['2001:DB8::1', 6, '2001:db8::1', null],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', 6, '2001:db8::1', null],
    ['2001:db8:0:0:1:0:0:1', 6, '2001:db8::1:0:0:1', null], // first of equal runs
    ['2001:0:0:1:0:0:0:1', 6, '2001:0:0:1::1', null], // longest run
    ['2001:db8:0:1:1:1:1:1', 6, '2001:db8:0:1:1:1:1:1', null], // never '::' for one group
    ['1:2:3:4:5:6:7::', 6, '1:2:3:4:5:6:7:0', null],
    ['::2:3:4:5:6:7:8', 6, '0:2:3:4:5:6:7:8', null],
    ['FE80::ABCD', 6, 'fe80::abcd', null],
    ['::ffff:192.0.2.1', 6, '::ffff:192.0.2.1', '192.0.2.1'],
    ['::FFFF:c000:0201', 6, '::ffff:192.0.2.1', '192.0.2.1'],
    ['0:0:0:0:0:ffff:192.0.2.1', 6, '::ffff:192.0.2.1', '192.0.2.1'],
    ['::1.2.3.4', 6, '::102:304', null],
    ['1:2:3:4:5:6:1.2.3.4', 6, '1:2:3:4:5:6:102:304', null],
    ['64:ff9b::192.0.2.33', 6, '64:ff9b::c000:221', null],
  ] as const)('accepts %j as IPv%d %j', (text, family, canonical, mapped) => {
    const a = parseAddress(text);
    expect(a).toMatchObject({ family, text: canonical, mappedIpv4: mapped });
    expect(fastValue(text)).toBe(a.value);
    expect(isIP(text)).toBe(family);
    // The canonical text parses back to the same value.
    expect(parseAddress(a.text).value).toBe(a.value);
    // ipaddr.js reads any IPv4 tail as IPv4-mapped and prints mapped addresses in hex: compare the rest.
    if (family === 6 && !text.includes('.') && mapped === null) {
      expect(a.text).toBe((ipaddr.parse(text) as ipaddr.IPv6).toRFC5952String());
    }
  });

  it('formats IPv6 values the same way ipaddr.js formats RFC 5952, for 20,000 sparse random addresses', () => {
    let seed = 7;
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0), seed);
    for (let k = 0; k < 20_000; k++) {
      const w = new Uint32Array(4);
      for (let j = 0; j < 4; j++) w[j] = rnd() & 1 ? 0 : rnd() & [0xffff, 0xffff0000, 0xf000f, 0xffffffff][rnd() & 3]!;
      if (w[0] === 0 && w[1] === 0 && w[2] === 0xffff) continue;
      const text = formatAddress(6, wordsToBigint(w));
      expect(text).toBe((ipaddr.fromByteArray(bytesOf(w)) as ipaddr.IPv6).toRFC5952String());
    }
  });

  it.each([
    ['::ffff:0:0', '::ffff:0.0.0.0'],
    ['::ffff:ffff:ffff', '::ffff:255.255.255.255'],
    ['::fffe:ffff:ffff', '::fffe:ffff:ffff'],
    ['1::ffff:1:1', '1::ffff:1:1'],
    ['0:0:0:0:0:0:0:0', '::'],
    ['0:0:1:0:0:0:0:0', '0:0:1::'],
    ['0:0:1:2:0:0:3:4', '::1:2:0:0:3:4'],
    ['1:0:0:2:0:0:0:3', '1:0:0:2::3'],
    ['1:0:1:0:1:0:1:0', '1:0:1:0:1:0:1:0'],
    ['a:b:c:d:e:f:10:0', 'a:b:c:d:e:f:10:0'],
    ['100:0:0:0:0:0:0:1', '100::1'],
    ['0:0:0:0:0:0:0:1', '::1'],
  ])('writes %j as %j (mapped IPv4, longest then first run of zeros, never one group)', (text, canonical) => {
    expect(parseAddress(text).text).toBe(canonical);
  });
});

function bytesOf(w: Uint32Array): number[] {
  const out: number[] = [];
  for (const x of w) out.push(x >>> 24, (x >>> 16) & 255, (x >>> 8) & 255, x & 255);
  return out;
}

describe('parseBlock', () => {
  it.each([
    ['203.0.113.0/24', 4, '203.0.113.0/24', 24],
    ['203.0.113.7', 4, '203.0.113.7/32', 32],
    ['0.0.0.0/0', 4, '0.0.0.0/0', 0],
    ['255.255.255.255/32', 4, '255.255.255.255/32', 32],
    ['2001:DB8::/32', 6, '2001:db8::/32', 32],
    ['::/0', 6, '::/0', 0],
    ['::1', 6, '::1/128', 128],
    ['2001:db8::1/128', 6, '2001:db8::1/128', 128],
    ['::ffff:192.0.2.0/120', 6, '::ffff:192.0.2.0/120', 120],
  ] as const)('accepts %j as IPv%d %j', (text, family, canonical, prefix) => {
    const b = parseBlock(text);
    expect(b).toMatchObject({ family, text: canonical, prefix });
    const bits = family === 4 ? 32n : 128n;
    expect(b.last - b.first + 1n).toBe(1n << (bits - BigInt(prefix)));
  });

  it('gives first and last addresses inclusive', () => {
    expect(parseBlock('10.0.0.0/8')).toMatchObject({ first: 0x0a000000n, last: 0x0affffffn });
  });

  it.each([
    ['10.0.0.1/8', /^host bits set; did you mean 10\.0\.0\.0\/8\?$/],
    ['2001:db8::1/32', /host bits set; did you mean 2001:db8::\/32\?/],
    ['10.0.0.0/', /missing prefix length after '\/'/],
    ['10.0.0.0/33', /prefix length 33 is out of range 0-32 for IPv4/],
    ['::/129', /prefix length 129 is out of range 0-128 for IPv6/],
    ['10.0.0.0/08', /prefix length '08' has a leading zero; write '8'/],
    ['10.0.0.0/00', /prefix length '00' has a leading zero/],
    ['10.0.0.0/+8', /prefix length '\+8' is not a decimal number/],
    ['10.0.0.0/-1', /prefix length '-1' is not a decimal number/],
    ['10.0.0.0/8/8', /more than one '\/'/],
    ['10.0.0.0/ 8', /contains inner whitespace|not a decimal number/],
    ['/8', /^empty$/],
    ['10.1/16', /has 2 parts/],
    ['fe80::%eth0/64', /zone ids/],
  ])('refuses %j: %s', (text, reason) => {
    expect(reasonOf(() => parseBlock(text))).toMatch(reason);
  });

  it('names the canonical block in the message and in suggestion', () => {
    try {
      parseBlock('10.0.0.1/8');
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).toContain('"10.0.0.1/8"');
      expect((err as Error).message).toContain('did you mean 10.0.0.0/8?');
      expect((err as AddressParseError).suggestion).toBe('10.0.0.0/8');
    }
  });

  it.each([
    ['10.0.0.1/8', '10.0.0.0/8'],
    ['192.168.1.77/24', '192.168.1.0/24'],
    ['2001:db8::1/32', '2001:db8::/32'],
    ['::ffff:1.2.3.4/104', '::ffff:1.0.0.0/104'],
  ])('normalizes %j to %j when asked', (text, canonical) => {
    expect(parseBlock(text, { normalize: true }).text).toBe(canonical);
  });

  it.each([['false'], [1], ['yes']])(
    'normalizes only for normalize: true, not for the truthy %j (IPv4 and IPv6 alike)',
    (normalize) => {
      for (const text of ['10.0.0.1/8', '2001:db8::1/32']) {
        expect(() => parseBlock(text, { normalize } as never)).toThrow(AddressParseError);
        expect(() => new AllowedIpList().add(text, { normalize } as never)).toThrow(AddressParseError);
      }
    },
  );
});

describe('parseAddress and parseBlock agree with net.isIP and ipaddr.js, and every refusal has a reason', () => {
  it('on 200,000 fuzzed address and block strings (seeded)', () => {
    const alphabets = [
      '0123456789abcdefABCDEF::..//',
      '0123456789.:/',
      '0123456789abcdef:::...',
      '019af:.:.%/ x-+[]\t',
    ];
    let seed = 12345;
    // The high bits: the low bits of this generator repeat with a short period.
    const rnd = (n: number) => Math.floor(((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32) * n);
    const counts = { accepted: 0, refused: 0, hostBits: 0, v6: 0 };
    const mismatches: string[] = [];
    for (let k = 0; k < 200_000; k++) {
      const alphabet = alphabets[k % alphabets.length]!;
      let s = '';
      const len = 1 + rnd(k % 2 ? 22 : 42);
      for (let j = 0; j < len; j++) s += alphabet[rnd(alphabet.length)];
      if (k % 5 === 0) s = `${rnd(256)}.${rnd(256)}.${rnd(256)}.${rnd(256)}/${rnd(40)}`;
      if (k % 5 === 1)
        s = `${rnd(2) ? '' : rnd(65536).toString(16)}::${rnd(65536).toString(16)}:${rnd(2) ? `${rnd(256)}.${rnd(300)}.1.2` : rnd(65536).toString(16)}/${rnd(140)}`;
      if (k % 5 === 2) {
        // 0-9 groups, '::' somewhere (or twice, or not), sometimes an IPv4 tail: the counting cases.
        const groups = Array.from({ length: rnd(10) }, () =>
          rnd(3) ? rnd(65536).toString(16) : `${rnd(256)}.${rnd(256)}.${rnd(256)}.${rnd(256)}`,
        );
        for (let d = rnd(4); d > 1; d--) groups.splice(rnd(groups.length + 1), 0, '');
        s = groups.join(':').replace(/^:|:$/, '::').replace(/^$/, '::');
      }
      if (k % 7 === 3) {
        // Every kind of prefix text after whatever address came out above.
        const forms = [
          '-1',
          '-0',
          '+8',
          '08',
          '00',
          '',
          '/8',
          '8/',
          ' 8',
          '8 ',
          '1e1',
          '0x8',
          '8.0',
          'Infinity',
          '33',
          '129',
          '99999999999999999999',
        ];
        s = `${s.split('/')[0]}/${rnd(3) ? forms[rnd(forms.length)] : rnd(140)}`;
      }
      const normalize = k % 2 === 0;
      const slash = s.indexOf('/');
      const addr = slash < 0 ? s : s.slice(0, slash);
      const prefixText = slash < 0 ? null : s.slice(slash + 1);
      // The address: accepted exactly when Node accepts it (zone ids aside), with ipaddr.js's value; the
      // fast path reads the same value; a refusal always says why.
      const want = addr.includes('%') ? null : oracleAddress(addr);
      let got: bigint | null = null;
      try {
        got = parseAddress(addr).value;
      } catch (err) {
        if ((err as AddressParseError).reason === '') mismatches.push(`empty reason: ${s}`);
      }
      if (got !== (want?.value ?? null) || fastValue(addr) !== got) mismatches.push(`address: ${s}`);
      if ((got === null) !== (explainAddress(addr) !== null)) mismatches.push(`explainAddress: ${s}`);
      // The block: a decimal prefix without leading zero in range, and host bits only with normalize.
      const bits = want?.family === 6 ? 128 : 32;
      const prefix = prefixText === null ? bits : /^(0|[1-9]\d*)$/.test(prefixText) ? Number(prefixText) : -1;
      const host = BigInt(bits - prefix);
      const first = want === null || prefix < 0 || prefix > bits ? null : (want.value >> host) << host;
      const blockOk = first !== null && (normalize || first === want!.value);
      try {
        const b = parseBlock(s, { normalize });
        counts.accepted++;
        if (b.family === 6) counts.v6++;
        if (!blockOk || b.first !== first || b.prefix !== prefix || b.last !== first! + (1n << host) - 1n)
          mismatches.push(`block: ${s}`);
        if (parseBlock(b.text).text !== b.text) mismatches.push(`canonical text: ${s}`);
        if (b.family === 6 && !b.text.includes('.') && b.text !== `${ipaddr.parseCIDR(b.text)[0].toString()}/${prefix}`)
          mismatches.push(`RFC 5952: ${s}`);
      } catch (err) {
        counts.refused++;
        const { reason, suggestion } = err as AddressParseError;
        if (blockOk || reason === '') mismatches.push(`block: ${s}`);
        if (suggestion !== null) {
          counts.hostBits++;
          if (suggestion !== `${formatAddress(want!.family, first!)}/${prefix}` || normalize)
            mismatches.push(`suggestion: ${s}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(counts.accepted).toBeGreaterThan(35_000);
    expect(counts.v6).toBeGreaterThan(20_000);
    expect(counts.hostBits).toBeGreaterThan(28_000);
    expect(counts.refused).toBeGreaterThan(140_000);
  });
});

describe('inputs that String() cannot convert', () => {
  const bare = (): unknown => Object.create(null);
  it.each<[string, () => unknown, new (...a: never[]) => Error]>([
    ['parseAddress', () => parseAddress(bare() as never), AddressParseError],
    ['parseBlock', () => parseBlock(bare() as never), AddressParseError],
    ['AllowedIpList.check', () => new AllowedIpList().check(bare() as never), AddressParseError],
    ['AllowedIpList.fromText', () => AllowedIpList.fromText(bare() as never), ListParseError],
  ])('%s refuses an object without a prototype with its typed error, not a bare TypeError', (_name, call, type) => {
    expect(call).toThrow(type);
  });
});
