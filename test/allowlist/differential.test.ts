import { describe, expect, it } from 'vitest';
import ipaddr from 'ipaddr.js';
import { isIP } from 'node:net';
import { oracleAddress, runDifferential } from '../support/differential.js';
import { addressText, nearMiss, prng, randomAddresses, randomBlocks } from '../support/random.js';
import { AddressParseError, parseAddress, parseBlock } from '../../src/allowlist/address.js';

describe('differential check against net.isIP and net.BlockList (seeded, deterministic)', () => {
  it('agrees on 200,000 random and edge-case addresses over 140 random nested blocks with deny entries', () => {
    const r = runDifferential({ seed: 1, addresses: 200_000, blocks4: 100, blocks6: 40 });
    expect(r.addresses).toBe(200_000);
    expect(r.isIpDisagreements).toEqual([]);
    expect(r.blockListDisagreements).toEqual([]);
    expect(r.blockDisagreements).toEqual([]);
    // The run covers what it claims: valid and refused input, allowed, denied and mapped addresses.
    expect(r.accepted).toBeGreaterThan(150_000);
    expect(r.allowed).toBeGreaterThan(30_000);
    expect(r.denied).toBeGreaterThan(3_000);
    expect(r.mapped).toBeGreaterThan(3_000);
    expect(r.addresses - r.accepted).toBeGreaterThan(20_000);
    // Everything Node refuses we refuse too; what Node takes and we refuse are zone ids.
    for (const s of r.refusedButNodeAcceptsSamples) expect(s).toContain('%');
  });

  it('writes the same canonical IPv6 text as ipaddr.js (RFC 5952) for 50,000 generated addresses', () => {
    const rnd = prng(5);
    const blocks = randomBlocks(rnd, 0, 200, { edges: true });
    let compared = 0;
    for (const text of randomAddresses(rnd, blocks, 50_000, { mapped: 0, v6share: 1 })) {
      const ours = parseAddress(text);
      expect(isIP(text)).toBe(6);
      if (ours.mappedIpv4 !== null || text.includes('.')) continue; // ipaddr.js prints mapped in hex, reads any tail as mapped
      expect(ours.text).toBe((ipaddr.parse(text) as ipaddr.IPv6).toRFC5952String());
      compared++;
    }
    expect(compared).toBeGreaterThan(40_000);
  });

  it('gives every generated block the canonical text it was made from, in any written form', () => {
    const rnd = prng(11);
    for (const b of randomBlocks(rnd, 500, 500, { edges: true })) {
      const written = `${addressText(rnd, b.family, b.first)}/${b.prefix}`;
      expect(parseBlock(written)).toMatchObject({ text: b.text, first: b.first, last: b.last, prefix: b.prefix });
    }
  });

  it("parseAddress accepts exactly what net.isIP accepts (zone ids aside), with ipaddr.js's value, on 300,000 generated addresses and near misses of them", () => {
    const rnd = prng(21);
    const blocks = randomBlocks(rnd, 200, 200, { edges: true });
    const disagreements: string[] = [];
    let accepted = 0;
    let refused = 0;
    for (const valid of randomAddresses(rnd, blocks, 100_000, { mapped: 0.1, v6share: 0.5 })) {
      for (const text of [valid, nearMiss(rnd, valid), nearMiss(rnd, nearMiss(rnd, valid))]) {
        const want = text.includes('%') ? null : oracleAddress(text);
        try {
          const got = parseAddress(text);
          accepted++;
          if (want === null || got.family !== want.family || got.value !== want.value) disagreements.push(text);
        } catch (err) {
          refused++;
          // Refused: Node refuses it too, and the error names the input and says why.
          const e = err as AddressParseError;
          if (want !== null || !(e instanceof AddressParseError) || e.input !== text || e.reason === '')
            disagreements.push(text);
        }
      }
    }
    expect(disagreements).toEqual([]);
    expect(accepted).toBeGreaterThan(100_000);
    expect(refused).toBeGreaterThan(100_000);
  });
});
