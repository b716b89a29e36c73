/**
 * The audit over test/fixtures/audit/corpus: `spellings/` holds one file per spelling issue 16 lists
 * (and the references issue 18 asks to flag), `samples/` files in the style of the public Vonage
 * samples. Each expected finding is marked on its line by a comment `expect: RULE VERDICT` (and
 * optionally `says: WORDS` the message must hold); a line without a mark must give nothing. Every
 * file is a named test; the last test prints precision and recall over the whole tree.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditTree, type AuditReport } from '../../src/platforms/audit/node.js';

const CORPUS = fileURLToPath(new URL('../fixtures/audit/corpus', import.meta.url));
const MARK = /expect: ([\w-]+) (fails|unverifiable|bypass)(?: says: (.+?))?\s*(?:\*\/\s*\}|-->)?\s*$/;

interface Expected {
  file: string;
  line: number;
  rule: string;
  verdict: string;
  says?: string;
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else out.push(relative(CORPUS, path).split(sep).join('/'));
  }
  return out.sort();
}

async function expectations(file: string): Promise<Expected[]> {
  const lines = (await readFile(join(CORPUS, file), 'utf8')).split('\n');
  return lines.flatMap((text, i) => {
    const m = MARK.exec(text);
    return m ? [{ file, line: i + 1, rule: m[1]!, verdict: m[2]!, ...(m[3] ? { says: m[3] } : {}) }] : [];
  });
}

const FILES = await filesUnder(CORPUS);
const key = (f: { file: string; line: number; rule: string; verdict: string }): string =>
  `${f.file}:${f.line} ${f.rule} ${f.verdict}`;

describe('audit corpus (test/fixtures/audit/corpus)', () => {
  let report: AuditReport;
  beforeAll(async () => {
    report = await auditTree(CORPUS);
  });

  it('reads every file of the corpus and skips none', () => {
    expect(report.filesScanned).toBe(FILES.length);
    expect(report.skipped).toEqual([]);
  });

  it.each(FILES)('%s: finds exactly the marked sessions, with the marked verdict and words', async (file) => {
    const expected = await expectations(file);
    const found = report.findings.filter((f) => f.file === file);
    expect(found.map(key)).toEqual(expected.map(key));
    for (const e of expected) {
      if (e.says === undefined) continue;
      expect(found.find((f) => f.line === e.line)?.message).toContain(e.says);
    }
  });

  it('marks findings in test code (test folders, *.test.*, androidTest) and no others', () => {
    const tests = report.findings.filter((f) => f.test).map((f) => f.file);
    expect(tests).toEqual([
      'samples/android-java-allowlisted/app/src/androidTest/java/com/tokbox/sample/SessionTest.java',
      'samples/vonage-video-react-app/frontend/src/hooks/useSessionContext.test.tsx',
    ]);
  });

  it('labels opentok-react web and opentok-react-native React Native', () => {
    const platformOf = (file: string): string | undefined => report.findings.find((f) => f.file === file)?.platform;
    expect(platformOf('samples/react-web-opentok-react/src/App.js')).toBe('js');
    expect(platformOf('samples/react-native-basic-video-chat/App.js')).toBe('react-native');
  });

  it('prints precision and recall over the corpus (both 1)', async () => {
    const expected = new Set((await Promise.all(FILES.map(expectations))).flat().map(key));
    const found = new Set(report.findings.map(key));
    const truePositives = [...found].filter((k) => expected.has(k)).length;
    const precision = truePositives / found.size;
    const recall = truePositives / expected.size;
    console.log(
      `audit corpus: ${FILES.length} files, ${expected.size} marked sessions, ${found.size} findings; ` +
        `precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`,
    );
    expect({ precision, recall }).toEqual({ precision: 1, recall: 1 });
  });
});
