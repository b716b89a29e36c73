/**
 * What every export writer gets: the list reduced to what it allows, per category and merged, with the
 * ports each category needs. Internal to src/allowlist/.
 */
import { CATEGORIES } from './categories.js';
import {
  blockRange,
  categoriesOf,
  categoryCoverage,
  CATEGORY_ORDER,
  type CidrBlock,
  exactCover,
  type FamilyRanges,
  type ListLike,
  overlaps,
  readEntries,
} from './cover.js';
import { checkCategories, checkName } from './export-options.js';
import type { ListCategory, DiffCategory, ExportFormat, ExportOptions, Family, PortRule } from './types.js';

/**
 * The destination ports each category needs: TURN on UDP and TCP 3478 and 443 (TURN over TLS), media
 * on UDP 1025-65535, the API and logging servers on TCP 443. What `exportRules` opens per category
 * unless `allPorts` is set.
 */
export const EXPORT_PORTS: Readonly<Record<ListCategory, readonly PortRule[]>> = {
  media: [{ protocol: 'udp', ports: [[1025, 65535]] }],
  turn: [
    {
      protocol: 'udp',
      ports: [
        [443, 443],
        [3478, 3478],
      ],
    },
    {
      protocol: 'tcp',
      ports: [
        [443, 443],
        [3478, 3478],
      ],
    },
  ],
  api: [{ protocol: 'tcp', ports: [[443, 443]] }],
  logging: [{ protocol: 'tcp', ports: [[443, 443]] }],
};

/** One family's part of an export: the exact cover, and per block the categories it serves. */
export interface FamilyCover {
  blocks: CidrBlock[];
  /** `media, turn` per block, in category order. */
  servedBy: string[];
}

/** One exported category: the space it allows, its exact cover per family, and its ports. */
export interface ExportGroup {
  category: DiffCategory;
  ranges: FamilyRanges;
  v4: CidrBlock[];
  v6: CidrBlock[];
  /** The ports it needs; empty with `allPorts` (every port). */
  ports: readonly PortRule[];
}

/** What every writer gets. */
export interface ExportModel {
  name: string;
  /** True: one rule set for every port, merged across groups; false: a rule set per group and its ports. */
  allPorts: boolean;
  groups: ExportGroup[];
  /** The merged cover of every group. */
  v4: FamilyCover;
  v6: FamilyCover;
}

function familyCover(family: Family, groups: readonly ExportGroup[]): FamilyCover {
  const blocks = exactCover(
    family,
    groups.flatMap((group) => group.ranges[family]),
  );
  return { blocks, servedBy: blocks.map((block) => servedBy(groups, block)) };
}

/** The groups whose space shares an address with `block`, as `media, turn`. */
export function servedBy(groups: readonly ExportGroup[], block: CidrBlock): string {
  const range = blockRange(block);
  return groups
    .filter((group) => overlaps(group.ranges[block.family], range))
    .map((group) => group.category)
    .join(', ');
}

/**
 * The categories exported. With `allPorts`, the ones the list names plus `uncategorized` (one merged
 * rule set). Per port, an uncategorized entry applies to every server, so all four categories are
 * exported as soon as the list has one; else the ones it names. `only` narrows either.
 */
function exportedCategories(named: DiffCategory[], only: ListCategory[] | null, allPorts: boolean): DiffCategory[] {
  if (only !== null) return CATEGORY_ORDER.filter((category) => (only as DiffCategory[]).includes(category));
  if (allPorts || !named.includes('uncategorized')) return named;
  return [...CATEGORIES];
}

export function buildModel(list: ListLike, format: ExportFormat, options: ExportOptions): ExportModel {
  // The text and JSON forms are a list, not rules: no ports, and the uncategorized entries kept apart.
  const allPorts = options.allPorts === true || format === 'text' || format === 'json';
  const name = checkName(format, options.name, allPorts);
  const only = checkCategories(options.categories);
  const entries = readEntries(list, 'list');
  const groups = exportedCategories(categoriesOf(entries), only, allPorts).map((category): ExportGroup => {
    const ranges = categoryCoverage(entries, category);
    const ports = allPorts || category === 'uncategorized' ? [] : EXPORT_PORTS[category];
    return { category, ranges, v4: exactCover(4, ranges[4]), v6: exactCover(6, ranges[6]), ports };
  });
  return { name, allPorts, groups, v4: familyCover(4, groups), v6: familyCover(6, groups) };
}

/** `media, turn` (or `nothing allowed` for an empty export): what the export holds, for headers. */
export function holds(model: ExportModel): string {
  return model.groups.length === 0 ? 'nothing allowed' : model.groups.map((group) => group.category).join(', ');
}

/** A port range as `443` or as `1025<separator>65535`. */
export function portText(range: readonly [number, number], separator: string): string {
  return range[0] === range[1] ? `${range[0]}` : `${range[0]}${separator}${range[1]}`;
}

/** `udp 1025-65535; tcp 443, 3478`: a group's ports in words. */
export function portWords(ports: readonly PortRule[]): string {
  return ports
    .map((rule) => `${rule.protocol} ${rule.ports.map((range) => portText(range, '-')).join(', ')}`)
    .join('; ');
}

export function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
