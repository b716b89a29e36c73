/** The known word nearest to a mistyped one: `did you mean --list?`. */

/**
 * The distance between two words counting an insertion, a deletion, a substitution or a swap of two
 * neighbours as one edit (optimal string alignment), so `lsit` is one edit from `list`.
 */
function editDistance(source: string, target: string): number {
  const rows: number[][] = Array.from({ length: source.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= target.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= source.length; i++) {
    for (let j = 1; j <= target.length; j++) {
      const cost = source[i - 1] === target[j - 1] ? 0 : 1;
      let distance = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && source[i - 1] === target[j - 2] && source[i - 2] === target[j - 1])
        distance = Math.min(distance, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = distance;
    }
  }
  return rows[source.length]![target.length]!;
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
  for (const word of known) {
    const distance = editDistance(typed, word);
    if (distance < bestDistance) [best, bestDistance] = [word, distance];
  }
  return best;
}
