// Passage positions by id for an updated corpus, without a map of every passage: an article's
// passages are one run of `passages` in order (`<articleId>#<n>` is the run's n-th), so the
// position of a passage is its article's start plus n − 1. An update renumbers the starts of
// the articles (thousands) instead of rebuilding a map of every passage (300,000 on the whole
// archive, most of the lookups' warm-up of each update there).
import type { Article, Passage } from './types.ts';

export class PassagePositions implements ReadonlyMap<string, number> {
  private readonly starts = new Map<string, number>();
  /** Built only if some passage is not where its article's run says (not met: the runs are whole). */
  private full: Map<string, number> | undefined;

  constructor(
    private readonly passages: readonly Passage[],
    articles: readonly Article[],
    private readonly passagesOf: ReadonlyMap<string, readonly Passage[]>,
  ) {
    let at = 0;
    for (const a of articles) {
      const n = passagesOf.get(a.id)?.length ?? 0;
      if (n > 0) this.starts.set(a.id, at);
      at += n;
    }
  }

  get size(): number {
    return this.passages.length;
  }

  get(id: string): number | undefined {
    const hash = id.lastIndexOf('#');
    if (hash < 0) return undefined;
    const articleId = id.slice(0, hash);
    const start = this.starts.get(articleId);
    if (start === undefined) return undefined;
    const n = Number(id.slice(hash + 1));
    const count = this.passagesOf.get(articleId)?.length ?? 0;
    // Ids are `<articleId>#<n>`, n from 1 to the article's passage count: no other is a passage.
    if (!Number.isInteger(n) || n < 1 || n > count) return undefined;
    const i = start + n - 1;
    return this.passages[i]?.id === id ? i : this.fallback().get(id);
  }

  /** Whether a lookup missed the runs and fell back on a map of every passage (for the tests: it should not). */
  get fellBack(): boolean {
    return this.full !== undefined;
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
  }

  private fallback(): Map<string, number> {
    this.full ??= new Map(this.passages.map((p, i) => [p.id, i]));
    return this.full;
  }

  *entries(): MapIterator<[string, number]> {
    for (let i = 0; i < this.passages.length; i++) yield [(this.passages[i] as Passage).id, i];
  }
  *keys(): MapIterator<string> {
    for (const p of this.passages) yield p.id;
  }
  *values(): MapIterator<number> {
    for (let i = 0; i < this.passages.length; i++) yield i;
  }
  [Symbol.iterator](): MapIterator<[string, number]> {
    return this.entries();
  }
  forEach(callback: (value: number, key: string, map: ReadonlyMap<string, number>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) callback.call(thisArg, v, k, this);
  }
}
