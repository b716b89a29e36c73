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
