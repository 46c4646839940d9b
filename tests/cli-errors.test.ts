// The command line's errors end to end, as an operator meets them: real processes on small
// corpora, exit codes and what lands on stdout and stderr (the parser's cases run in-process in
// cli-args.test.ts; these check the wiring around it).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { jsonSafe, terminalSafe } from '../src/cli/terminal.ts';
import { REPO } from './support/paths.ts';

let dataDir: string;
let hostile: string;
beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-cli-err-'));
  // An article whose title, outlet and body carry terminal controls: clear screen, set the window
  // title (OSC), an 8-bit CSI, a carriage return that would overwrite the line.
  hostile = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-hostile-'));
  fs.writeFileSync(
    path.join(hostile, 'hostile.md'),
    `---\ntitle: "Sanctions \\e[2J\\e]0;pwned\\a news"\noutlet: "Evil\\u009b31m Wire"\npublished: 2024-01-02\n---\n\nThe sanctions on Russian oil were widened in January 2024, officials said.\u001b[31m Red text\rOverwritten.\n`,
  );
});

function run(args: string[], input = '', extra: Record<string, string> = {}) {
  const env: Record<string, string | undefined> = { ...process.env, DATA_DIR: dataDir, LOG_FORMAT: 'json', CORPUS_DIRS: 'corpus', ...extra };
  delete env.DISCORD_TOKEN;
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], { cwd: REPO, env, input, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('bad command lines', () => {
  it.each([
    [['ask', 'diplomats', '--bogus'], '--bogus'],
    [['ask', 'diplomats', '--limit', '-1'], '--limit'],
    [['ask', 'diplomats', '--limit', '0x10', '--json'], '--limit'],
    [['quote', 'Trump', '--page', 'abc'], '--page'],
    [['timeline', '--page', '-5', '--json'], '--page'],
  ])(
    '%j: one line on stderr, exit 2, nothing on stdout',
    (args, flag) => {
      const r = run(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim()).toContain(flag);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    },
    60_000,
  );
});

describe('requests that cannot be answered', () => {
  it('refuses a missing or empty corpus folder, naming it (it used to answer "Nothing in the corpus", exit 0)', () => {
    const missing = run(['ask', 'diplomats', '--corpus', '/nonexistent']);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr.trim()).toBe('Corpus folder not found: /nonexistent (from --corpus or CORPUS_DIRS).');
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-empty-'));
    const none = run(['ask', 'diplomats', '--corpus', empty, '--json']);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain(`No articles in the corpus folder ${empty}`);
    expect(none.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('says a page past the last is past the last, in text and JSON, on stderr', () => {
    const text = run(['quote', 'Trump', '--page', '99']);
    expect(text.code).toBe(1);
    expect(text.stdout).toBe('');
    expect(text.stderr).toMatch(/^--page 99 is past the last page: there (is 1 page|are \d+ pages) of results\.\n$/);
    const json = run(['ask', 'diplomats', '--page', '99', '--json']);
    expect(json.code).toBe(1);
    expect(json.stderr).toContain('--page 99 is past the last page');
  }, 60_000);

  it('puts a command’s refusal on stderr in text mode as in JSON mode', () => {
    for (const args of [
      ['timeline', '--from', 'soon'],
      ['timeline', '--from', 'soon', '--json'],
    ]) {
      const r = run(args);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('from: “soon” is not a date I can read.');
    }
  }, 60_000);
});

describe('start-up order', () => {
  it('checks the settings database before building the corpus (a refusal used to come after the build)', () => {
    const data = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-baddb-'));
    fs.mkdirSync(path.join(data, 'attache.sqlite'));
    const r = run(['serve'], '', { DATA_DIR: data, DISCORD_PUBLIC_KEY: 'a'.repeat(64) });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('attache.sqlite');
    expect(r.stderr).not.toContain('corpus ready');
    // No index was built (and cached) before the refusal.
    expect(fs.readdirSync(data)).toEqual(['attache.sqlite']);
  }, 60_000);
});

describe('JSON Lines', () => {
  it('answers one query per line of stdin, in order, one object per line, from one start-up', () => {
    const r = run(['ask', '--json', '--limit', '1'], 'Steele dossier\n\nexpelled diplomats\n');
    expect(r.code).toBe(1); // the empty line cannot be answered
    const lines = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ query: 'Steele dossier', answered: true });
    expect(lines[1]).toEqual({ input: '', error: 'Give a question or some keywords.' });
    expect(lines[2]).toMatchObject({ query: 'expelled diplomats', answered: true });
    expect(lines[2]?.results).toHaveLength(1);
    const topics = run(['timeline', '-', '--json'], 'diplomats\nTrump\n');
    expect(topics.code, topics.stderr).toBe(0);
    expect(
      topics.stdout
        .trimEnd()
        .split('\n')
        .map((l) => (JSON.parse(l) as { topic: string }).topic),
    ).toEqual(['diplomats', 'Trump']);
  }, 60_000);
});

describe('terminal control characters from the corpus', () => {
  it('never reach the terminal raw, in text or JSON', () => {
    for (const args of [['ask', 'sanctions'], ['ask', 'sanctions', '--json'], ['sources'], ['timeline', 'sanctions']]) {
      const r = run([...args, '--corpus', hostile]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/Wire|sanctions/);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: asserts that no control character reaches the terminal
      expect(r.stdout).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
    }
    // The loader removes whole escape sequences from what it accepts (src/load/sanitize.ts); the
    // CLI's own escaping (terminalSafe, below) is the second line for anything that gets through.
    const text = run(['ask', 'sanctions', '--corpus', hostile]);
    expect(text.stdout).toContain('Sanctions news — Evil Wire');
    expect(text.stdout).not.toContain('pwned');
  }, 60_000);

  it('are escaped visibly, keeping newlines and tabs', () => {
    expect(terminalSafe('a\u001b[2Jb\tc\r\nd\u009b31m\u007f')).toBe('a\\x1B[2Jb\tc\nd\\x9B31m\\x7F');
    expect(JSON.parse(jsonSafe(JSON.stringify({ t: 'x\u009by\u007f' })))).toEqual({ t: 'x\u009by\u007f' });
    expect(jsonSafe(JSON.stringify('x\u009b'))).toBe('"x\\u009b"');
  });
});
