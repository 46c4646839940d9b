// Which index a corpus was loaded from, for /healthz and /metrics: a rolling update is observable
// when every replica reports the version it serves. The version is the first 16 hex digits of the
// index key (open-corpus.ts), which is also the name of an index artifact's folder.
import type { Corpus } from '../core/corpus.ts';

const versions = new WeakMap<Corpus, string>();

export function versionOfKey(key: string): string {
  return key.slice(0, 16);
}

export function tagIndexVersion(corpus: Corpus, key: string): void {
  versions.set(corpus, versionOfKey(key));
}

/** The version a corpus was tagged with; `unknown` for one built without a key (tests). */
export function indexVersion(corpus: Corpus): string {
  return versions.get(corpus) ?? 'unknown';
}
