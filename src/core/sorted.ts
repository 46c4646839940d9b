/** Index of the first string of the sorted `list` not below `key` (binary search over code-unit order). */
export function lowerBound(list: readonly string[], key: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as string) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of `key` in the sorted `list`, or -1. */
export function sortedIndex(list: readonly string[], key: string): number {
  const at = lowerBound(list, key);
  return list[at] === key ? at : -1;
}
