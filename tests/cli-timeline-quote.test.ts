// `timeline`, `quote` and `speakers` from the command line and the console, run as a user runs
// them: real processes on the real corpora, JSON shapes checked. One data folder for the whole
// file, so the whitehouse-russia index is built once (the first run takes a minute or more).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO, WHITEHOUSE_RUSSIA } from './support/paths.ts';

let dataDir: string;
beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-cli-tq-'));
});

function run(args: string[], opts: { input?: string; env?: Record<string, string> } = {}) {
  const env: Record<string, string | undefined> = { ...process.env, DATA_DIR: dataDir, LOG_FORMAT: 'json', CORPUS_DIRS: 'corpus', ...opts.env };
  delete env.DISCORD_TOKEN;
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], { cwd: REPO, env, input: opts.input ?? '', encoding: 'utf8', timeout: 480_000, maxBuffer: 512 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const EVENT_KEYS = ['date', 'precision', 'text', 'expression', 'passageId', 'articleId', 'title', 'outlet', 'published', 'url'];
const QUOTE_KEYS = ['speaker', 'text', 'cue', 'passageId', 'articleId', 'title', 'outlet', 'published', 'url'];

interface TimelineJson {
  topic: string | null;
  total: number;
  events: Record<string, unknown>[];
}
interface QuoteJson {
  speaker: string | null;
  topic: string | null;
  total: number;
  notice?: string;
  quotes: Record<string, unknown>[];
}

describe('timeline on the command line', () => {
  it('prints every event of the seed corpus as JSON, in order, when no limit is given', () => {
    const r = run(['timeline', '--corpus', 'corpus', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as TimelineJson;
    expect(out.topic).toBeNull();
    expect(out.total).toBe(19); // 19 since issue 18 ("The following day" in the Global News seed)
    expect(out.events).toHaveLength(19);
    for (const e of out.events) expect(Object.keys(e)).toEqual(expect.arrayContaining(EVENT_KEYS));
    const dates = out.events.map((e) => e.date as string);
    expect(dates).toEqual([...dates].sort());
    expect(out.events.find((e) => e.expression === 'Last December')).toMatchObject({ date: '2017-12', precision: 'month', outlet: 'CGTN', published: '2018-07-19' });
    expect(out.events.find((e) => e.expression === 'last month')).toMatchObject({ date: '2025-01', published: '2025-02-13' });
  }, 120_000);

  it('takes a topic, a range, a source, --limit and --page', () => {
    const r = run(['timeline', 'Putin', '--from', '2016', '--to', 'December 2018', '--source', 'CGTN', '--corpus', 'corpus', '--json', '--limit', '1', '--page', '2']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as TimelineJson;
    expect(out.topic).toBe('Putin');
    expect(out.total).toBe(2);
    expect(out.events.map((e) => [e.date, e.outlet])).toEqual([['2018-06', 'CGTN']]);
    // A page past the last is said to be, not an empty list (it used to print "events": []).
    const past = run(['timeline', 'Putin', '--from', '2016', '--to', 'December 2018', '--source', 'CGTN', '--corpus', 'corpus', '--json', '--limit', '2', '--page', '2']);
    expect(past.code).toBe(1);
    expect(past.stderr).toContain('--page 2 is past the last page: there is 1 page of results.');
    const first = JSON.parse(run(['timeline', 'Putin', '--from', '2016', '--to', 'December 2018', '--source', 'CGTN', '--corpus', 'corpus', '--json']).stdout) as TimelineJson;
    expect(first.events.map((e) => [e.date, e.outlet])).toEqual([
      ['2016-11', 'CGTN'],
      ['2018-06', 'CGTN'],
    ]);
  }, 120_000);

  it('refuses a bad date with the accepted forms, and prints text without --json', () => {
    const bad = run(['timeline', '--from', 'soon', '--corpus', 'corpus', '--json']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('from: “soon” is not a date I can read. Use one of: 2018, 2018-03');
    const text = run(['timeline', 'diplomats', '--corpus', 'corpus']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('Timeline: “diplomats”');
    expect(text.stdout).toContain('Event: Mar 2018');
  }, 120_000);
});

describe('quote and speakers on the command line', () => {
  it('prints every quote by a speaker as JSON', () => {
    const r = run(['quote', '--speaker', 'Putin', '--corpus', 'corpus', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as QuoteJson;
    expect(out.speaker).toBe('Vladimir Putin');
    expect(out.topic).toBeNull();
    expect(out.quotes).toHaveLength(5);
    for (const q of out.quotes) {
      expect(Object.keys(q)).toEqual(expect.arrayContaining(QUOTE_KEYS));
      expect(q.speaker).toBe('Vladimir Putin');
    }
    expect(out.quotes.map((q) => q.text)).toEqual(expect.arrayContaining(['pragmatic and trusting', 'utter nonsense']));
    const published = out.quotes.map((q) => q.published as string);
    expect(published).toEqual([...published].sort().reverse());
  }, 120_000);

  it('takes a topic and the order, and names the closest speakers for an unknown one', () => {
    const topic = JSON.parse(run(['quote', 'Trump', '--speaker', 'Putin', '--order', 'oldest', '--corpus', 'corpus', '--json']).stdout) as QuoteJson;
    expect(topic.topic).toBe('Trump');
    expect(topic.quotes.map((q) => q.text)).toEqual(['pragmatic and trusting', 'real man.', 'utter nonsense']);
    const unknown = JSON.parse(run(['quote', '--speaker', 'Putn', '--corpus', 'corpus', '--json']).stdout) as QuoteJson;
    expect(unknown.quotes).toEqual([]);
    expect(unknown.notice).toBe('No quotes by Putn. Did you mean: Vladimir Putin?');
  }, 120_000);

  it('lists the speakers with aliases and counts', () => {
    const r = run(['speakers', '--corpus', 'corpus', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { speakers: { name: string; aliases: string[]; count: number }[] };
    expect(out.speakers.map((s) => [s.name, s.count])).toEqual([
      ['Donald Trump', 7],
      ['Vladimir Putin', 5],
      ['Donald Trump’s lawyers', 2],
      ['John McCain', 1],
    ]);
    expect(out.speakers[1]?.aliases).toEqual(expect.arrayContaining(['Putin', 'the Kremlin leader']));
    const text = run(['speakers', '--corpus', 'corpus']);
    expect(text.stdout).toContain('Vladimir Putin (5 quotes) — also: Putin');
  }, 120_000);
});

describe('the console', () => {
  it('accepts /timeline and /quote typed as in Discord', () => {
    const r = run(['console'], { input: '/timeline topic: sanctions from: 2017\n/timeline from: 2019 to: 2018\n/quote speaker: Putin topic: Trump\n' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Timeline: “sanctions”');
    expect(r.stdout).toContain('dated event');
    expect(r.stdout).toContain('Error: The start of the range (from: 2019) is after its end (to: 2018).');
    expect(r.stdout).toContain('Quotes by Vladimir Putin about “Trump”');
    expect(r.stdout).toContain('Speaker: Vladimir Putin (“Putin said”)');
  }, 120_000);
});

describe('over whitehouse-russia and corpus/', () => {
  const BIG = ['--corpus', 'corpus', '--corpus', WHITEHOUSE_RUSSIA];

  it('prints the timeline of a topic, every event in chronological order', () => {
    const r = run(['timeline', 'sanctions', ...BIG, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as TimelineJson & { events: { date: string; alsoIn?: unknown[] }[] };
    expect(out.total).toBeGreaterThan(100);
    expect(out.events).toHaveLength(out.total);
    const dates = out.events.map((e) => e.date);
    expect(dates).toEqual([...dates].sort());
    for (const e of out.events) {
      expect(Object.keys(e)).toEqual(expect.arrayContaining(EVENT_KEYS));
      expect((e as unknown as { text: string }).text).toMatch(/sanction/i);
    }
    expect(out.events.some((e) => (e as unknown as { outlet: string }).outlet === 'The White House')).toBe(true);
  }, 600_000);

  it('answers quotes and speakers from the same index, and the console timeline in a range', () => {
    const quotes = run(['quote', 'Ukraine', '--speaker', 'Jen Psaki', '--from', '2022', '--to', '2022', ...BIG, '--json', '--limit', '10']);
    expect(quotes.code, quotes.stderr).toBe(0);
    const out = JSON.parse(quotes.stdout) as QuoteJson;
    expect(out.speaker).toBe('Jen Psaki');
    expect(out.total).toBeGreaterThan(10);
    expect(out.quotes).toHaveLength(10);
    for (const q of out.quotes) {
      expect(q.speaker).toBe('Jen Psaki');
      expect(q.published as string).toMatch(/^2022/);
    }
    const speakers = JSON.parse(run(['speakers', ...BIG, '--json']).stdout) as { speakers: { name: string; count: number }[] };
    expect(speakers.speakers.length).toBeGreaterThan(100);
    const counts = speakers.speakers.map((s) => s.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    const console = run(['console'], { input: '/timeline topic: sanctions from: 2022 to: March 2022\n', env: { CORPUS_DIRS: `corpus,${WHITEHOUSE_RUSSIA}` } });
    expect(console.code, console.stderr).toBe(0);
    expect(console.stdout).toMatch(/\d+ dated events about “sanctions” from 2022 to Mar 2022/);
  }, 600_000);
});
