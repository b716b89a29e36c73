/**
 * Why an address is refused, asked only after the scanners in address-scan.ts refused it. Internal:
 * test/allowlist/address.test.ts checks on fuzzed input that `addressReason` finds no reason exactly
 * for what the scanners accept.
 */
import { formatIpv4 } from './address-scan.js';

/**
 * Why `text` (one address, no '/') is not a strict address, or '' when it is one: the reasons in the
 * order a reader would fix them (characters, then structure, then each part). Internal: the fast path
 * decides what is accepted; test/allowlist/address.test.ts checks on fuzzed input that this function
 * returns '' exactly for what the fast path accepts.
 */
export function addressReason(text: string): string {
  if (!text) return 'empty';
  const ws = /\s/.exec(text);
  if (ws) return `contains ${!ws.index ? 'leading' : ws.index + 1 < text.length ? 'inner' : 'trailing'} whitespace`;
  const pct = text.indexOf('%');
  if (pct >= 0) {
    return `zone ids ('${text.slice(pct)}') are not accepted: they only mean something on one host; write the address without it`;
  }
  if (/[[\]]/.test(text)) return "brackets are URL syntax; write the address without '[' and ']'";
  return text.includes(':') ? ipv6Reason(text) : ipv4Reason(text);
}

/** Why a dotted quad (or the IPv4 tail of an IPv6 address) is refused, or ''. */
function ipv4Reason(text: string): string {
  const parts = text.split('.');
  if (parts.length < 2) {
    if (/^\d+$/.test(text)) {
      const n = Number(text);
      const hint = n <= 0xffffffff && !/^0\d/.test(text) ? ` (${formatIpv4(n)})` : '';
      return `a single number is not an IPv4 address; write the dotted quad${hint}`;
    }
    return /^0x/i.test(text)
      ? 'hexadecimal numbers are not IPv4 addresses; write the dotted quad'
      : 'neither an IPv4 dotted quad nor an IPv6 address';
  }
  for (const p of parts) if (/^0x/i.test(p)) return `part '${p}' is hexadecimal; only decimal parts are accepted`;
  for (const p of parts) {
    const bad = /\D/.exec(p);
    if (bad) return `unexpected character '${bad[0]}' in part '${p}'; an IPv4 part is 0-255 in decimal`;
  }
  if (parts.length !== 4) {
    return `has ${parts.length} parts; an IPv4 address has exactly 4 (shorthand like 127.1 is not accepted)`;
  }
  for (let k = 0; k < 4; k++) {
    const p = parts[k]!;
    if (!p) return `part ${k + 1} is empty`;
    if (/^0./.test(p)) return `part '${p}' has a leading zero (some parsers read it as octal); write '${Number(p)}'`;
    if (Number(p) > 255) return `part '${p}' is greater than 255`;
  }
  return '';
}

/** Why a text with ':' is not a strict IPv6 address, or ''. */
function ipv6Reason(text: string): string {
  const bad = /[^\da-f:.]/i.exec(text);
  if (bad) return `unexpected character '${bad[0]}' at position ${bad.index + 1}`;
  if (text.includes(':::')) return "':::' is not valid; '::' stands for any run of zero groups";
  const halves = text.split('::');
  if (halves.length > 2) return "'::' may appear only once";
  // Without ':::', a single ':' at an end is one that is not part of '::' (':' alone starts with one).
  if (/^:(?!:)/.test(text)) return "starts with a single ':'";
  if (/[^:]:$/.test(text)) return "ends with a single ':'";
  // Now no group is empty; an IPv4 tail counts as two groups and must end the text.
  const parts = halves.flatMap((h) => (h ? h.split(':') : []));
  const last = text.endsWith(':') ? -1 : parts.length - 1;
  let count = 0;
  for (let k = 0; k < parts.length; k++) {
    const p = parts[k]!;
    count++;
    if (p.includes('.')) {
      if (k !== last) return `an embedded IPv4 address ('${p}') is allowed only as the last 32 bits`;
      const r = ipv4Reason(p);
      if (r) return `the IPv4 tail '${p}' ${r}`;
      count++;
    } else if (p.length > 4) return `group '${p}' has more than 4 hex digits`;
  }
  if (halves.length < 2) {
    return count === 8
      ? ''
      : `has ${count} groups of 16 bits; a full IPv6 address has 8 (or use '::' for a run of zeros)`;
  }
  return count < 8
    ? ''
    : `'::' must stand for at least one zero group, but ${count} groups are written (${parts.length} parts)`;
}
