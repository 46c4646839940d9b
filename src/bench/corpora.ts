// The benchmark's corpora: the seeds, whitehouse-russia with the seeds, and the whole White House
// archive extracted with `tar` to a temporary folder (never into the repository).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CORPUS_NAMES = ['seeds', 'whitehouse-russia', 'whitehouse-all'] as const;
export type CorpusName = (typeof CORPUS_NAMES)[number];

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const SHARED = path.resolve(REPO, '../shared/corpora');
export const WHITEHOUSE_ALL_ARCHIVE = path.join(SHARED, 'whitehouse-all.tar.gz');

/** Extracts a `.tar.gz` into an existing folder with the system's `tar`. */
export function extractArchive(archive: string, into: string): void {
  if (!fs.existsSync(archive)) throw new Error(`${archive} not found`);
  execFileSync('tar', ['xzf', archive, '-C', into]);
}

export interface PreparedCorpus {
  readonly name: CorpusName;
  readonly dirs: readonly string[];
  /** Removes whatever was extracted. */
  cleanup(): void;
}

export function prepareCorpus(name: CorpusName, progress: (text: string) => void): PreparedCorpus {
  const seeds = path.join(REPO, 'corpus');
  switch (name) {
    case 'seeds':
      return { name, dirs: [seeds], cleanup: () => {} };
    case 'whitehouse-russia':
      return { name, dirs: [path.join(SHARED, 'whitehouse-russia'), seeds], cleanup: () => {} };
    case 'whitehouse-all': {
      const archive = WHITEHOUSE_ALL_ARCHIVE;
      if (!fs.existsSync(archive)) throw new Error(`bench: ${archive} not found`);
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-bench-wh-all-'));
      progress(`extracting ${path.basename(archive)} to ${tmp}`);
      extractArchive(archive, tmp);
      return { name, dirs: [tmp], cleanup: () => fs.rmSync(tmp, { recursive: true, force: true }) };
    }
  }
}
