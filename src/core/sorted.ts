/** Index of `key` in the sorted `list`, or -1 (binary search over code-unit order). */
export function sortedIndex(list: readonly string[], key: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as string) < key) lo = mid + 1;
    else hi = mid;
  }
  return list[lo] === key ? lo : -1;
}
