import type { ListCategory } from './types.js';

/**
 * The categories of the allowed IP list, in list order (uncategorized entries come before all of
 * them): what `AllowedIpList`, `diffLists` and `exportRules` accept and how they order. Internal.
 */
export const CATEGORIES: readonly ListCategory[] = ['media', 'turn', 'api', 'logging'];

/** Whether `value` is one of {@link CATEGORIES}. Internal. */
export function isCategory(value: unknown): value is ListCategory {
  return (CATEGORIES as readonly unknown[]).includes(value);
}

/** The rank of a category in list order: 0 for uncategorized, then 1-4 in {@link CATEGORIES} order. Internal. */
export function rankOf(category: ListCategory | null): number {
  return category === null ? 0 : CATEGORIES.indexOf(category) + 1;
}

/** The category of a rank ({@link rankOf}). Internal. */
export function categoryOfRank(rank: number): ListCategory | null {
  return rank === 0 ? null : CATEGORIES[rank - 1]!;
}
