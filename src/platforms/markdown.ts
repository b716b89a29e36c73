/**
 * The generated parts of `docs/platforms.md`, from the same data the CLI uses. A test checks that
 * the document holds exactly these blocks, so the table and the code cannot drift apart.
 * Not part of the public entries.
 */
import { AUDIT_RULES } from './audit/rules.js';
import { PLATFORMS } from './data.js';
import { fenceTag, snippet } from './snippet.js';

/** Escape a table cell: pipes and newlines. */
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The per-platform table. */
export function platformTableMarkdown(): string {
  const rows = PLATFORMS.map((p) =>
    [
      `\`${p.id}\``,
      p.name + (p.unverified.length > 0 ? ' ¹' : ''),
      p.sdk,
      `\`${p.option}\``,
      p.howToSet,
      p.minimumVersion,
      p.docs.map((d) => `[${d.text}](${d.url})`).join('; '),
    ]
      .map(cell)
      .join(' | '),
  );
  const unverified = PLATFORMS.flatMap((p) => p.unverified.map((u) => `- ${p.name}: ${u}`));
  const notes = PLATFORMS.filter((p) => p.note).map((p) => `- ${p.name}: ${p.note}`);
  return [
    '| Id | Platform | SDK | Setting | How to set | Minimum version | Source |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r} |`),
    '',
    '¹ Not verified here:',
    '',
    ...unverified,
    '',
    'Notes:',
    '',
    ...notes,
  ].join('\n');
}

/** Every snippet, fenced, under a heading per platform, with the command that prints it. */
export function snippetsMarkdown(): string {
  const out: string[] = [];
  for (const platform of PLATFORMS) {
    out.push(`### ${platform.name}`, '');
    for (const variant of platform.snippets) {
      const flag = platform.snippets.length > 1 ? ` --language ${variant.language}` : '';
      out.push(
        `\`video-allowlist snippet --platform ${platform.id}${flag}\``,
        '',
        `\`\`\`${fenceTag(variant.language)}`,
        snippet(platform.id, { language: variant.language }).trimEnd(),
        '```',
        '',
      );
    }
  }
  return out.join('\n').trimEnd();
}

/** The audit rules table. */
export function auditRulesMarkdown(): string {
  return [
    '| Rule | Platform | Files | Looks for | Passes when |',
    '| --- | --- | --- | --- | --- |',
    ...AUDIT_RULES.map(
      (r) =>
        `| ${[`\`${r.id}\``, `\`${r.platform}\``, r.extensions.join(' '), r.looksFor, r.passes].map(cell).join(' | ')} |`,
    ),
  ].join('\n');
}

/** The generated blocks of `docs/platforms.md`, by marker name. */
export const GENERATED_BLOCKS: Readonly<Record<string, () => string>> = {
  'platforms-table': platformTableMarkdown,
  snippets: snippetsMarkdown,
  'audit-rules': auditRulesMarkdown,
};

/**
 * `doc` with every `<!-- generated:NAME -->` … `<!-- /generated:NAME -->` block replaced by what
 * {@link GENERATED_BLOCKS} gives now.
 */
export function regenerate(doc: string): string {
  let out = doc;
  for (const [name, make] of Object.entries(GENERATED_BLOCKS)) {
    const open = `<!-- generated:${name} -->`;
    const close = `<!-- /generated:${name} -->`;
    const from = out.indexOf(open);
    const to = out.indexOf(close);
    if (from === -1 || to < from) continue;
    out = `${out.slice(0, from + open.length)}\n${make()}\n${out.slice(to)}`;
  }
  return out;
}
