// A corpus file with one 1.8 MB paragraph and no sentence end (issue 19, item 3): generated in a
// temporary folder, never committed. Every passage stays within the README's bound and each
// command's answer over it is an ordinary, bounded answer; so is a quotation of 300 KB.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command as ask } from '../commands/ask.ts';
import { command as quote } from '../commands/quote.ts';
import { command as timeline } from '../commands/timeline.ts';
import { openCorpus } from '../src/app/open-corpus.ts';
import type { Corpus } from '../src/core/corpus.ts';
import { silentLogger } from '../src/log.ts';
import { renderDiscord } from '../src/render/discord.ts';
import { messageIssues } from './support/discord-limits.ts';
import { CORPUS } from './support/paths.ts';
import { commandRunner } from './support/seed-corpus.ts';

const MAX_WORDS = 150;
const MAX_CHARS = 1200;
const words = (s: string) => (s.match(/\S+/g) ?? []).length;

let dir: string;
let corpus: Corpus;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-huge-'));
  const corpusDir = path.join(dir, 'corpus');
  fs.mkdirSync(corpusDir);
  // Abbreviations, quotations, dates and clauses, but never a full stop: 1.8 MB in one paragraph.
  const rare = ['Mr. Putin met Mr. Trump in Helsinki on July 16, 2018', '“we will respond to the sanctions”, the Kremlin said'];
  const common = ['and the summit', 'diplomats were expelled from Moscow,', 'the treaty', 'talks continued'];
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < 1_800_000; i++) {
    const p = (i % 40 === 0 ? rare[(i / 40) % 2] : common[(i * 7 + (i >> 2)) % common.length]) ?? '';
    parts.push(p);
    size += p.length + 1;
  }
  const body = `Zarnovia summit opened with a short statement.\n\n${parts.join(' ')}\n\nThe Zarnovia summit ended.\n`;
  fs.writeFileSync(path.join(corpusDir, '2018-07-16-huge.md'), `---\ntitle: "One endless paragraph"\noutlet: Test Wire\npublished: 2018-07-16\n---\n\n${body}`);
  // And a runaway quotation: an opening mark, 300 KB of words, then the closing one.
  const runaway = Array.from({ length: 50_000 }, (_, i) => ['sanctions', 'will', 'hurt', 'the', 'economy,', 'Moscow'][i % 6]).join(' ');
  fs.writeFileSync(path.join(corpusDir, '2018-07-17-runaway.md'), `---\ntitle: "A runaway quotation"\noutlet: Test Wire\npublished: 2018-07-17\n---\n\nPutin said: “${runaway}.” He left.\n`);
  corpus = openCorpus({ dirs: [CORPUS, corpusDir], dataDir: path.join(dir, 'data'), log: silentLogger(), now: () => 0, noCache: true }).corpus;
}, 120_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('a 1.8 MB paragraph without a sentence end', () => {
  it('becomes passages of at most 150 words and 1,200 characters, each an exact slice', () => {
    const article = corpus.articles.find((a) => a.title === 'One endless paragraph');
    expect(article).toBeDefined();
    const passages = corpus.passages.filter((p) => p.articleId === article?.id);
    expect(passages.length).toBeGreaterThan(1_800_000 / MAX_CHARS);
    for (const p of passages) {
      expect(p.text).toBe(article?.text.slice(p.start, p.end));
      expect(words(p.text)).toBeLessThanOrEqual(MAX_WORDS);
      expect(p.text.length).toBeLessThanOrEqual(MAX_CHARS);
    }
  });

  it('gives /ask, /quote and /timeline answers with bounded excerpts that Discord accepts', async () => {
    const cases = [
      [ask, { query: 'diplomats expelled Moscow' }],
      [ask, { query: 'Putin Trump Helsinki summit' }],
      [quote, { topic: 'sanctions' }],
      [timeline, { topic: 'Helsinki summit' }],
    ] as const;
    for (const [command, args] of cases) {
      const { run } = commandRunner(command, () => corpus);
      const answer = await run(args);
      expect(answer.items.length, JSON.stringify(args)).toBeGreaterThan(0);
      expect(answer.items.some((i) => i.citation.title === 'One endless paragraph')).toBe(true);
      for (const item of answer.items) {
        expect(item.excerpt.length).toBeLessThanOrEqual(2000);
        expect(item.citation.position.end - item.citation.position.start).toBeLessThanOrEqual(2000);
      }
      expect(messageIssues(renderDiscord(answer, { ephemeral: false }), { isNew: true })).toEqual([]);
    }
  });
});
