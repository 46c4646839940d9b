// Which extractors run at index time. Their version is part of the index cache key, so a change
// to extraction rebuilds cached indexes.
import type { Extractors } from '../core/corpus.ts';

export const EXTRACTOR_VERSION = 1;

export const EXTRACTORS: Extractors = {};
