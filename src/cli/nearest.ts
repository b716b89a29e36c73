/** The known word nearest to a mistyped one: `did you mean --list?`. */

/**
 * The distance between two words counting an insertion, a deletion, a substitution or a swap of two
 * neighbours as one edit (optimal string alignment), so `lsit` is one edit from `list`.
 */
function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
    }
  }
  return rows[a.length]![b.length]!;
}

/**
 * The known word nearest to `typed`: one it begins (`cat` for `category`), else the closest within
 * two edits (one for words of four letters or fewer); null when none is that close.
 */
export function nearest(typed: string, known: readonly string[]): string | null {
  if (typed.length >= 2) {
    const started = known.filter((k) => k.startsWith(typed));
    if (started.length === 1) return started[0]!;
  }
  const limit = typed.length <= 4 ? 1 : 2;
  let best: string | null = null;
  let bestDistance = limit + 1;
  for (const k of known) {
    const d = editDistance(typed, k);
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best;
}
