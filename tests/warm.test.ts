// Warming a corpus up: every lookup a first interaction would build is built in the background,
// one slice per turn of the event loop, so the bot still answers while it runs.
import { describe, expect, it } from 'vitest';
import { warmCorpus } from '../src/app/warm.ts';
import { warmUpSteps } from '../src/core/warm-up.ts';
import { runCommand } from '../src/app/dispatch.ts';
import { silentLogger } from '../src/log.ts';
import { openSeedCorpus } from './support/seed-corpus.ts';

describe('corpus warm-up', () => {
  it('answers an interaction that arrives while the warm-up runs, before the warm-up ends', async () => {
    const corpus = openSeedCorpus();
    const log = silentLogger();
    const order: string[] = [];
    // One slice a turn: on the small seed corpus the default 15 ms of slices a turn can finish the
    // whole warm-up in the first turn on a fast machine, before the interaction has arrived.
    const warming = warmCorpus(corpus, log, 0).then(() => order.push('warm-up done'));
    // An interaction arriving on the next turn of the event loop.
    setImmediate(() => {
      void runCommand(
        { kind: 'command', id: '1', name: 'ask', subcommand: [], options: { query: 'Helsinki summit' }, userId: '1' },
        { corpus: () => corpus, log, now: Date.now, startedAt: 0, version: 't' },
      ).then((o) => {
        order.push(o.answer.answered ? 'answered' : 'not answered');
      });
    });
    await warming;
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual(['answered', 'warm-up done']);
  });

  it('has steps that can run again without harm, and the commands answer the same after them', async () => {
    const corpus = openSeedCorpus();
    const deps = { corpus: () => corpus, log: silentLogger(), now: Date.now, startedAt: 0, version: 't' };
    const ask = () => runCommand({ kind: 'command', id: '2', name: 'timeline', subcommand: [], options: { topic: 'Putin' }, userId: '1' }, deps);
    const before = (await ask()).answer;
    for (const step of warmUpSteps(corpus)) {
      step.run();
      step.run();
    }
    expect(warmUpSteps(corpus).map((s) => s.name)).toEqual(['lookups', 'search', 'speakers', 'typos', 'topics', 'timeline', 'quotes', 'acronyms']);
    expect((await ask()).answer).toEqual(before);
  });

  it('answers after a warm-up in slices exactly as a corpus that built everything on first use', async () => {
    const lazy = openSeedCorpus();
    const sliced = openSeedCorpus();
    for (const step of warmUpSteps(sliced)) {
      const slices = step.slices();
      while (!slices.next().done);
    }
    const log = silentLogger();
    const run = (corpus: typeof lazy, name: string, options: Record<string, string>) =>
      runCommand({ kind: 'command', id: '3', name, subcommand: [], options, userId: '1' }, { corpus: () => corpus, log, now: Date.now, startedAt: 0, version: 't' });
    for (const [name, options] of [
      ['timeline', { topic: 'Putin' }],
      ['quote', { speaker: 'Putin' }],
      ['ask', { query: 'What did the NATO summit decide?' }],
      ['ask', { query: 'sanctons on Rusia' }],
    ] as const) {
      expect((await run(sliced, name, options)).answer).toEqual((await run(lazy, name, options)).answer);
    }
    expect(sliced.speakers.speakers).toEqual(lazy.speakers.speakers);
    expect([...sliced.passageIdx]).toEqual([...lazy.passageIdx]);
    expect([...sliced.passagesOf]).toEqual([...lazy.passagesOf]);
    expect([...sliced.articleById.keys()]).toEqual([...lazy.articleById.keys()]);
  });
});
