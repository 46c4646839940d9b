// Lists of indexes into another array, stored flat in typed arrays (which the index cache and the
// reload worker copy as raw bytes): each passage's events, each speaker's quotes, each timeline
// entry's reports. Pure helpers to build and read them.

/**
 * Lists of indexes into another array, stored flat: list k is `items[starts[k]]` up to (without)
 * `items[starts[k + 1]]`.
 */
export interface IndexLists {
  readonly starts: Uint32Array;
  readonly items: Uint32Array;
}

export const EMPTY_LIST = new Uint32Array(0);

/** List `k` (empty when there is no such list). */
export function listAt(lists: IndexLists, k: number): Uint32Array {
  const from = lists.starts[k];
  const to = lists.starts[k + 1];
  return from === undefined || to === undefined ? EMPTY_LIST : lists.items.subarray(from, to);
}

/** The length of list `k` (0 when there is no such list). */
export function listLength(lists: IndexLists, k: number): number {
  const from = lists.starts[k];
  const to = lists.starts[k + 1];
  return from === undefined || to === undefined ? 0 : to - from;
}

/** `count` lists of the indexes 0 … n-1, each index in list `keyOf(i)` (in none when that is < 0), ascending. */
export function indexLists(count: number, n: number, keyOf: (i: number) => number): IndexLists {
  const keys = new Int32Array(n);
  const starts = new Uint32Array(count + 1);
  for (let i = 0; i < n; i++) {
    const k = keyOf(i);
    keys[i] = k;
    if (k >= 0) starts[k + 1] = (starts[k + 1] as number) + 1;
  }
  for (let k = 0; k < count; k++) starts[k + 1] = (starts[k + 1] as number) + (starts[k] as number);
  const fill = starts.slice(0, count);
  const items = new Uint32Array(starts[count] as number);
  for (let i = 0; i < n; i++) {
    const k = keys[i] as number;
    if (k >= 0) items[(fill[k] as number)++] = i;
  }
  return { starts, items };
}

/** Whether list `k` of `lists` (ascending) holds `x`; searched in place, as it runs per quote or event of a query. */
export function listHolds(lists: IndexLists, k: number, x: number): boolean {
  const start = lists.starts[k];
  const end = lists.starts[k + 1];
  if (start === undefined || end === undefined) return false;
  let lo = start;
  let hi = end;
  while (lo < hi) {
    const mid: number = (lo + hi) >>> 1;
    if ((lists.items[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo < end && lists.items[lo] === x;
}
