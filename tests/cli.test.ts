// The console and the one-shot CLI, run as a user runs them: a real process on the real corpora.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, WHITEHOUSE_RUSSIA } from './support/paths.ts';

function run(args: string[], opts: { input?: string; env?: Record<string, string> } = {}) {
  const dataDir = opts.env?.DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'attache-cli-'));
  const env: Record<string, string | undefined> = { ...process.env, DATA_DIR: dataDir, LOG_FORMAT: 'json', ...opts.env };
  delete env.DISCORD_TOKEN;
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], { cwd: REPO, env, input: opts.input ?? '', encoding: 'utf8', timeout: 240_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('console', () => {
  it('answers commands piped on standard input and exits at the end of input', () => {
    const r = run(['start'], { input: '/ask query: how many diplomats were expelled in 2018\n/sources\n/ask recipe for chocolate cake\n/nonsense\n' });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('No DISCORD_TOKEN set');
    expect(r.stdout).toContain('Results for “how many diplomats were expelled in 2018”');
    // The console wraps lines; the cited words are there verbatim, the matched ones in bold.
    expect(r.stdout.replace(/\s+/g, ' ')).toContain('This second **expulsion** for the US was a record 60.');
    expect(r.stdout).toMatch(/US-Russia Relations: How tensions between US and Russia evolved — CGTN, 19 Jul 2018 — passage \d+ of \d+/);
    expect(r.stdout).toContain('Global News: 1 article');
    expect(r.stdout).toContain('Nothing in the corpus answers this');
    expect(r.stdout).toMatch(/Error: Unknown command “nonsense”/);
  }, 60_000);

  it('stops with one message listing every configuration problem', () => {
    const r = run(['start'], { env: { PORT: 'x', LOG_LEVEL: 'loud' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Invalid configuration:\n {2}- PORT: .*\n {2}- LOG_LEVEL: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 30_000);
});

describe('one-shot ask', () => {
  it('prints JSON with citations over the whitehouse-russia corpus and corpus/, and loads the cache the second time', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-cli-wh-'));
    const args = ['ask', 'sanctions on Russian oil and gas', '--corpus', 'corpus', '--corpus', WHITEHOUSE_RUSSIA, '--json', '--limit', '3'];
    const first = run(args, { env: { DATA_DIR: dataDir } });
    expect(first.code, first.stderr).toBe(0);
    const out = JSON.parse(first.stdout) as { query: string; answered: boolean; results: Record<string, unknown>[] };
    expect(out.query).toBe('sanctions on Russian oil and gas');
    expect(out.answered).toBe(true);
    expect(out.results).toHaveLength(3);
    for (const r of out.results) {
      expect(Object.keys(r)).toEqual(expect.arrayContaining(['passageId', 'articleId', 'title', 'outlet', 'published', 'url', 'text', 'snippet', 'score']));
      expect(r.outlet).toBe('The White House');
      expect(String(r.url)).toMatch(/^https:\/\/(www\.whitehouse\.gov|bidenwhitehouse\.archives\.gov)\//);
      expect(String(r.text).toLowerCase()).toMatch(/sanction/);
      expect(String(r.snippet)).toMatch(/\*\*\w+\*\*/);
    }
    // The duplicates the corpus holds are named in warnings, and the rest loads.
    expect(first.stderr).toMatch(/skipped .*duplicate/);
    const second = run(args, { env: { DATA_DIR: dataDir, LOG_LEVEL: 'info' } });
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toEqual(out);
  }, 300_000);

  it('says so, in JSON, when nothing answers', () => {
    const r = run(['ask', 'chocolate cake recipe', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ answered: false, results: [] });
  }, 60_000);

  it('rejects a bad --limit with a clear message', () => {
    const r = run(['ask', 'sanctions', '--limit', 'many']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--limit must be a whole number');
  }, 60_000);
});
