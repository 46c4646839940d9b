// The bundled seed corpus, built fresh for a test file, and a way to run a command on it as
// dispatch would (same context), page by page.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Args, CommandContext, CommandModule } from '../../src/contract/command.ts';
import { openCorpus } from '../../src/app/open-corpus.ts';
import type { Answer, AnswerItem } from '../../src/core/answer.ts';
import type { Corpus } from '../../src/core/corpus.ts';
import { silentLogger } from '../../src/log.ts';
import { CORPUS } from './paths.ts';

/** `now` is the build time the corpus reports (its index age); tests that fix a clock pass theirs. */
export function openSeedCorpus(opts: { now?: number } = {}): Corpus {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-seeds-'));
  const now = opts.now ?? 0;
  return openCorpus({ dirs: [CORPUS], dataDir, log: silentLogger(), now: () => now, noCache: true }).corpus;
}

export function commandRunner(command: CommandModule, corpus: () => Corpus) {
  const ctx = (over: Partial<CommandContext> = {}): CommandContext => ({ corpus: corpus(), log: silentLogger(), now: 0, startedAt: 0, version: 'test', page: 0, ...over });
  const run = (args: Args, over: Partial<CommandContext> = {}): Answer => command.execute(args, ctx(over)) as Answer;
  /** Every item of every page, as a user would page through them. */
  const allItems = (args: Args, over: Partial<CommandContext> = {}): AnswerItem[] => {
    const first = run(args, over);
    const items = [...first.items];
    for (let p = 1; p < (first.paging?.pageCount ?? 1); p++) items.push(...run(args, { ...over, page: p }).items);
    return items;
  };
  return { ctx, run, allItems };
}
