// Duplicate detection for import: the same canonical address, or the same text (compared after
// folding case, punctuation and spacing, so a re-typed quote mark does not make a new article).
import { createHash } from 'node:crypto';
import type { Article } from '../core/types.ts';

/** An address as compared: no fragment, no tracking parameters, lower-case host, no trailing slash. */
export function urlKey(address: string): string {
  try {
    const u = new URL(address);
    u.hash = '';
    for (const k of [...u.searchParams.keys()]) if (/^(utm_|fbclid$|gclid$|ocid$|cmpid$)/i.test(k)) u.searchParams.delete(k);
    const path = u.pathname.length > 1 ? u.pathname.replace(/\/+$/, '') : u.pathname;
    return `${u.protocol}//${u.host.toLowerCase().replace(/^www\./, '')}${path}${u.search}`;
  } catch {
    return address;
  }
}

export function textKey(text: string): string {
  const folded = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return createHash('sha256').update(folded).digest('hex');
}

export interface Duplicate {
  /** The file (or batch input) it duplicates. */
  readonly of: string;
  readonly by: 'url' | 'text';
  /** True when `of` is a file already in the corpus folder (as opposed to earlier in this batch). */
  readonly existing: boolean;
}

export class DuplicateIndex {
  private readonly byUrl = new Map<string, { of: string; existing: boolean }>();
  private readonly byText = new Map<string, { of: string; existing: boolean }>();

  add(article: Pick<Article, 'url' | 'text'>, of: string, existing: boolean): void {
    this.addKeys(article.url === undefined ? undefined : urlKey(article.url), textKey(article.text), of, existing);
  }

  /** Adds an article by keys already computed (urlKey, textKey), as a cache of them does. */
  addKeys(url: string | undefined, text: string, of: string, existing: boolean): void {
    const entry = { of, existing };
    if (url !== undefined && !this.byUrl.has(url)) this.byUrl.set(url, entry);
    if (!this.byText.has(text)) this.byText.set(text, entry);
  }

  find(article: Pick<Article, 'url' | 'text'>): Duplicate | undefined {
    const u = article.url === undefined ? undefined : this.byUrl.get(urlKey(article.url));
    if (u) return { ...u, by: 'url' };
    const t = this.byText.get(textKey(article.text));
    return t ? { ...t, by: 'text' } : undefined;
  }
}
