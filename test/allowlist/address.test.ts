import { describe, expect, it } from 'vitest';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import {
  AddressParseError,
  formatIpv6Words,
  ipv4ToInt,
  ipv6ToWords,
  parseAddress,
  parseBlock,
  parseBlockReadable,
  wordsToBigint,
} from '../../src/allowlist/address.js';
import { VideoAllowlistError } from '../../src/errors.js';
import { AllowedIpList } from '../../src/allowlist/list.js';
import { ListParseError } from '../../src/allowlist/errors.js';

function reasonOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AddressParseError);
    expect(err).toBeInstanceOf(VideoAllowlistError);
    expect((err as AddressParseError).code).toBe('invalid-address');
    return (err as AddressParseError).reason;
  }
  throw new Error('did not throw');
}

/** The fast path accepts exactly what the readable parser accepts, with the same value. */
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
    ['1.2.3.4.5', /has 5 parts/],
    ['0x7f.0.0.1', /part '0x7f' is hexadecimal/],
    ['0x7f000001', /hexadecimal numbers are not IPv4 addresses/],
    ['0177.0.0.1', /part '0177' has a leading zero .*octal.*write '177'/],
    ['1.2.3.04', /part '04' has a leading zero/],
    ['00.1.2.3', /part '00' has a leading zero.*write '0'/],
    ['2130706433', /a single number is not an IPv4 address; write the dotted quad \(127\.0\.0\.1\)/],
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
    ['1::2::3', /'::' may appear only once/],
    [':::', /':::' is not valid/],
    ['1:::2', /':::' is not valid/],
    [':1::2', /starts with a single ':'/],
    ['1::2:', /ends with a single ':'/],
    [':1:2:3:4:5:6:7', /starts with a single ':'/],
    ['1:2:3:4:5:6:7:', /ends with a single ':'/],
    ['1:2:3:4:5:6:7', /has 7 groups of 16 bits; a full IPv6 address has 8/],
    ['1:2:3:4:5:6:7:8:9', /has 9 groups/],
    ['1:2:3:4:5:6:7:8::', /'::' must stand for at least one zero group/],
    ['1:2:3:4::5:6:7:8', /'::' must stand for at least one zero group/],
    ['12345::1', /group '12345' has more than 4 hex digits/],
    ['00000::1', /group '00000' has more than 4 hex digits/],
    ['g::1', /unexpected character 'g' at position 1/],
    ['1:2:3:4:5:6:7:1.2.3.4', /has 9 groups/],
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
    expect(() => parseAddress('1.2.3.04')).toThrow(/"1\.2\.3\.04" is not a valid IP address or block: part '04' has a leading zero/);
  });

  it.each([[123], [null], [undefined], [{}]])('refuses a non-string %j with a typed error', (value) => {
    expect(reasonOf(() => parseAddress(value as unknown as string))).toMatch(/expected a string/);
    expect(reasonOf(() => parseBlock(value as unknown as string))).toMatch(/expected a string/);
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

  it('formats four words the same way ipaddr.js formats RFC 5952 for sparse random addresses', () => {
    let seed = 7;
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0), seed);
    for (let k = 0; k < 2000; k++) {
      const w = new Uint32Array(4);
      for (let j = 0; j < 4; j++) w[j] = rnd() & 1 ? 0 : rnd() & (rnd() & 1 ? 0xffff : 0xffff0000);
      if (w[0] === 0 && w[1] === 0 && w[2] === 0xffff) continue;
      const text = formatIpv6Words(w);
      expect(text).toBe((ipaddr.fromByteArray(bytesOf(w)) as ipaddr.IPv6).toRFC5952String());
    }
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

  it.each([['false'], [1], ['yes']])('normalizes only for normalize: true, not for the truthy %j (IPv4 and IPv6 alike)', (normalize) => {
    for (const text of ['10.0.0.1/8', '2001:db8::1/32']) {
      expect(() => parseBlock(text, { normalize } as never)).toThrow(AddressParseError);
      expect(() => new AllowedIpList().add(text, { normalize } as never)).toThrow(AddressParseError);
    }
  });
});

describe('the fast paths accept exactly what the readable parsers accept', () => {
  it('on 50,000 fuzzed address and block strings (seeded)', () => {
    const alphabet = '0123456789abcdefABCDEF::..//';
    let seed = 12345;
    const rnd = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
    const w = new Uint32Array(4);
    let accepted = 0;
    const outcome = (fn: () => unknown) => {
      try {
        return JSON.stringify(fn(), (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
      } catch (err) {
        return `error: ${(err as AddressParseError).reason}`;
      }
    };
    const mismatches: string[] = [];
    for (let k = 0; k < 50_000; k++) {
      let s = '';
      const len = 1 + rnd(22);
      for (let j = 0; j < len; j++) s += alphabet[rnd(alphabet.length)];
      if (k % 3 === 0) s = `${rnd(256)}.${rnd(256)}.${rnd(256)}.${rnd(256)}/${rnd(40)}`;
      const normalize = k % 2 === 0;
      const a = outcome(() => parseBlock(s, { normalize }));
      if (a !== outcome(() => parseBlockReadable(s, { normalize }))) mismatches.push(s);
      if (!a.startsWith('error')) accepted++;
      if (!s.includes('/')) {
        const slow = outcome(() => parseAddress(s).value);
        const fast = s.includes(':') ? (ipv6ToWords(s, w) ? wordsToBigint(w) : null) : ipv4ToInt(s) >= 0 ? BigInt(ipv4ToInt(s)) : null;
        if ((slow.startsWith('error') ? null : slow) !== (fast === null ? null : JSON.stringify(fast.toString()))) mismatches.push(s);
      }
    }
    expect(mismatches).toEqual([]);
    expect(accepted).toBeGreaterThan(5_000);
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
