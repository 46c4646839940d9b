// Corpus settings: which folders are indexed together and which questions are asked of them.
// Evidence paths in the set are relative to a corpus root (`corpus/…`, `wikinews/…`,
// `whitehouse-russia/…`, `whitehouse-all/…`); each setting says where those roots are on disk.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { extractArchive, REPO, SHARED, WHITEHOUSE_ALL_ARCHIVE } from '../bench/corpora.ts';
import type { QuestionCorpus } from './questions.ts';

export const SETTING_NAMES = ['seeds', 'wikinews', 'seeds+whitehouse-russia', 'whitehouse-all'] as const;
export type SettingName = (typeof SETTING_NAMES)[number];
/** whitehouse-all takes minutes to extract and index the first time: asked for by name only. */
export const DEFAULT_SETTINGS: readonly SettingName[] = ['seeds', 'wikinews', 'seeds+whitehouse-russia'];

export interface Setting {
  readonly name: SettingName;
  /** Corpus folders, in loading order. */
  readonly dirs: readonly string[];
  /** Which questions this setting evaluates (by the corpus their answer lives in). */
  readonly corpora: readonly QuestionCorpus[];
  /** The absolute path of an evidence `file`, or undefined when this setting does not hold it. */
  resolve(file: string): string | undefined;
}

const SEEDS = path.join(REPO, 'corpus');
const WIKINEWS = path.join(SHARED, 'wikinews');
const WH_RUSSIA = path.join(SHARED, 'whitehouse-russia');

function resolver(roots: Record<string, string>): (file: string) => string | undefined {
  return (file) => {
    const slash = file.indexOf('/');
    const root = slash < 0 ? undefined : roots[file.slice(0, slash)];
    return root === undefined ? undefined : path.join(root, file.slice(slash + 1));
  };
}

/**
 * The whitehouse-all archive extracted once to a fixed folder (not the repository), so the index
 * cache, whose key includes every file's path, stays valid between runs. A marker written after
 * a complete extraction records which archive (size and mtime) it came from.
 */
export function extractedWhitehouseAll(progress: (text: string) => void, root = path.join(os.tmpdir(), 'attache-eval')): string {
  const dir = path.join(root, 'whitehouse-all');
  const marker = path.join(dir, '.extracted');
  const st = fs.statSync(WHITEHOUSE_ALL_ARCHIVE);
  const stamp = `${st.size} ${st.mtimeMs}`;
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === stamp) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  progress(`extracting ${path.basename(WHITEHOUSE_ALL_ARCHIVE)} to ${dir}`);
  extractArchive(WHITEHOUSE_ALL_ARCHIVE, dir);
  // A dot file: the corpus loader skips it.
  fs.writeFileSync(marker, stamp);
  return dir;
}

export function prepareSetting(name: SettingName, progress: (text: string) => void = () => {}): Setting {
  switch (name) {
    case 'seeds':
      return { name, dirs: [SEEDS], corpora: ['seeds'], resolve: resolver({ corpus: SEEDS }) };
    case 'wikinews':
      return { name, dirs: [WIKINEWS], corpora: ['wikinews'], resolve: resolver({ wikinews: WIKINEWS }) };
    case 'seeds+whitehouse-russia':
      return {
        name,
        dirs: [SEEDS, WH_RUSSIA],
        corpora: ['seeds', 'whitehouse-russia'],
        resolve: resolver({ corpus: SEEDS, 'whitehouse-russia': WH_RUSSIA }),
      };
    case 'whitehouse-all': {
      const all = extractedWhitehouseAll(progress);
      // whitehouse-russia is a subset of the archive with the same paths inside it.
      return {
        name,
        dirs: [SEEDS, WIKINEWS, all],
        corpora: ['seeds', 'wikinews', 'whitehouse-russia', 'whitehouse-all'],
        resolve: resolver({ corpus: SEEDS, wikinews: WIKINEWS, 'whitehouse-russia': all, 'whitehouse-all': all }),
      };
    }
  }
}
