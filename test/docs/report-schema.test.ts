/**
 * docs/report-schema.md against the source: its field tables against the TypeScript types (names
 * and optionality), against a real report (runPreflightWith with a fake transport that passes,
 * fails and skips), and its JSON example against the same tables.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { ProbeError, runPreflightWith, type PreflightReport, type Transport } from '../../src/preflight/index.js';
import { listOf } from '../preflight/helpers.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const doc = readFileSync(join(REPO, 'docs/report-schema.md'), 'utf8');

/** The doc's section headings and the type each table documents. */
const TABLES = {
  'The report': 'PreflightReport',
  'A check': 'CheckReport',
  'An address': 'AddressVerdict',
  Timings: 'ProbeTimings',
  Quality: 'QualityFigures',
  Recommendation: 'Recommendation',
} as const;
type Heading = keyof typeof TABLES;

/** `name` or `name?` (optional) per field of the table under `## heading`. */
function documented(heading: Heading): string[] {
  const section = doc.split(/^## /m).find((s) => s.startsWith(`${heading}\n`));
  if (!section) throw new Error(`docs/report-schema.md has no "## ${heading}" section`);
  return section
    .split('\n')
    .filter((l) => l.startsWith('|') && !/^\|\s*-/.test(l))
    .slice(1)
    .map((l) => l.split('|').map((c) => c.trim()))
    .map(([, name, type]) => `${/`([^`]+)`/.exec(name!)?.[1] ?? name}${/optional/.test(type!) ? '?' : ''}`)
    .sort();
}
const names = (fields: string[]): string[] => fields.map((f) => f.replace(/\?$/, ''));
const required = (fields: string[]): string[] => fields.filter((f) => !f.endsWith('?'));

/** `name` or `name?` per property of an interface in src/preflight/types.ts. */
let program: ts.Program | undefined;
function declared(typeName: string): string[] {
  const file = join(
    REPO,
    /^(QualityFigures|Recommendation)$/.test(typeName) ? 'src/preflight/quality/types.ts' : 'src/preflight/types.ts',
  );
  program ??= ts.createProgram([file], {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
  });
  const checker = program.getTypeChecker();
  const sf = program.getSourceFile(file)!;
  const decl = sf.statements.find(
    (s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === typeName,
  );
  if (!decl) throw new Error(`${typeName} is not an interface of ${file}`);
  return checker
    .getPropertiesOfType(checker.getTypeAtLocation(decl.name))
    .map((p) => `${p.name}${p.flags & ts.SymbolFlags.Optional ? '?' : ''}`)
    .sort();
}

/** A transport that never touches the network: HTTP answers, the WebSocket closes, TURN relays, TCP media accepts. */
function fakeTransport(): Transport {
  const timings = { dnsMs: 1, connectMs: 2, tlsMs: 3, firstByteMs: 4, totalMs: 5 };
  return {
    kind: 'node',
    http: async (req) => ({
      remoteAddress: req.url.includes('logging') ? '198.51.100.9' : '192.0.2.10',
      status: 200,
      timings,
      detail: 'HTTP 200',
    }),
    websocket: async () => {
      throw new ProbeError('ws-closed', 'closed before the upgrade', {
        remoteAddress: '192.0.2.10',
        timings: { connectMs: 2, totalMs: 3 },
      });
    },
    turn: async () => ({ remoteAddress: '192.0.2.20', outcome: 'relay', relayAddress: '192.0.2.20:50000', timings }),
    media: async () => ({ remoteAddress: '192.0.2.30', timings: { connectMs: 2, totalMs: 2 } }),
    quality: async (req) => ({
      relayed: ['192.0.2.20'],
      figures: {
        seconds: req.quality.seconds,
        sent: 100,
        received: 97,
        lossRatio: 0.03,
        loss: { forward: 0.03, backward: 0 },
        rttMs: { min: 20, median: 22, p95: 30 },
        jitterMs: 2,
        kbps: 780,
        mos: 4.1,
      },
    }),
  };
}

let report: PreflightReport;
beforeAll(async () => {
  report = await runPreflightWith(
    {
      list: listOf({ api: ['192.0.2.10'], turn: ['192.0.2.20'], media: ['192.0.2.30'] }),
      apiUrl: 'https://api.example.test',
      messagingUrl: 'wss://api.example.test/rumorwebsocketsv2',
      loggingUrl: 'https://logging.example.test/prod',
      turn: { urls: ['turn:turn.example.test:3478?transport=udp'], username: 'user', credential: 'secret-credential' },
      media: { host: 'media.example.test' }, // no udpPort: the UDP media check is skipped
      quality: { seconds: 1 },
    },
    fakeTransport(),
  );
});

describe('docs/report-schema.md', () => {
  it.each(Object.entries(TABLES) as Array<[Heading, string]>)(
    'the "%s" table lists exactly the fields of %s, optional ones marked',
    (heading, type) => {
      expect(documented(heading)).toEqual(declared(type));
    },
  );

  it('a real report has exactly the documented top-level fields', () => {
    expect(Object.keys(report).sort()).toEqual(names(documented('The report')));
  });

  it('a real report (pass, fail and skip checks) has every required check field in each check and no undocumented one', () => {
    expect(new Set(report.checks.map((c) => c.status))).toEqual(new Set(['pass', 'fail', 'skip']));
    const fields = names(documented('A check'));
    for (const check of report.checks) {
      expect(
        Object.keys(check).filter((k) => !fields.includes(k)),
        check.target,
      ).toEqual([]);
      for (const f of required(documented('A check'))) expect(check, check.target).toHaveProperty(f);
      for (const a of check.addresses) expect(Object.keys(a).sort()).toEqual(names(documented('An address')));
      if (check.timings)
        expect(names(documented('Timings'))).toEqual(expect.arrayContaining(Object.keys(check.timings)));
    }
    // Both optional fields occur in this run, so neither is documented in vain.
    expect(report.checks.some((c) => c.detail !== undefined && c.timings !== undefined)).toBe(true);
    const measured = report.checks.find((c) => c.quality !== undefined);
    expect(Object.keys(measured!.quality!).sort()).toEqual(names(documented('Quality')));
    expect(Object.keys(report.recommendation!).sort()).toEqual(names(documented('Recommendation')));
  });

  it('the JSON example parses and uses only documented fields and known values', () => {
    const json = /```json\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(json).toBeDefined();
    const example = JSON.parse(json!) as PreflightReport;
    expect(Object.keys(example).sort()).toEqual(names(documented('The report')));
    const codes = readFileSync(join(REPO, 'docs/error-codes.md'), 'utf8');
    for (const check of example.checks) {
      expect(names(documented('A check'))).toEqual(expect.arrayContaining(Object.keys(check)));
      for (const f of required(documented('A check'))) expect(check).toHaveProperty(f);
      expect(['pass', 'fail', 'skip']).toContain(check.status);
      expect(codes, `code ${check.code} is in error-codes.md`).toContain(`| \`${check.code}\` |`);
      expect(check.status === 'pass').toBe(check.code === 'ok');
      if (check.quality) expect(Object.keys(check.quality).sort()).toEqual(names(documented('Quality')));
    }
    expect(Object.keys(example.recommendation!).sort()).toEqual(names(documented('Recommendation')));
    expect(example.ok).toBe(example.checks.every((c) => c.status !== 'fail'));
  });
});
