/**
 * Levenshtein distance between two strings (insertions, deletions and
 * substitutions cost 1), in O(|a|·|b|) time and O(min(|a|,|b|)) memory:
 * OCR slips of amounts and OCR character accuracy are both measured with it.
 */
export function editDistance(a: string, b: string): number {
  if (a.length < b.length) [a, b] = [b, a];
  let prev = new Int32Array(b.length + 1).map((_, i) => i);
  let cur = new Int32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length] as number;
}

/**
 * True when {@link editDistance}(a, b) ≤ 1, in O(|a| + |b|) time without allocating: the amount checks ask this of
 * hundreds of printed numbers per derived total, where the full table cost most of a long document's field extraction.
 */
export function withinOneEdit(a: string, b: string): boolean {
  if (a.length < b.length) [a, b] = [b, a];
  if (a.length - b.length > 1) return false;
  let i = 0;
  while (i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === b.length) return true;
  // One edit at i: a substitution (same lengths) or a deletion from the longer string; the rest must match.
  const skip = a.length === b.length ? 1 : 0;
  for (let j = i + 1; j < a.length; j++) if (a.charCodeAt(j) !== b.charCodeAt(j - 1 + skip)) return false;
  return true;
}
