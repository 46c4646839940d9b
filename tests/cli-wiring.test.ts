// The console keeps routine logs out of the conversation and shows a warning as one short line;
// the corpus folders are checked before anything is built.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { checkCorpusDirs, makeLogger } from '../src/cli/wiring.ts';
import { parseConfig } from '../src/config.ts';
import { StartupError } from '../src/startup-error.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the console’s log', () => {
  it('drops info and shows a warning as one line, before the next prompt (synchronously)', () => {
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const log = makeLogger(parseConfig({ LOG_FORMAT: 'auto' }), 'console');
    log.info({ articles: 2, passages: 16 }, 'corpus ready: 2 articles');
    log.warn({ file: 'x.md', reason: 'no title' }, 'skipped x.md: no title');
    expect(written).toEqual(['warning: skipped x.md: no title\n']);
  });
});

describe('corpus folders', () => {
  it('must exist and be folders; the error names the absolute path', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-dirs-'));
    onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'a.md');
    fs.writeFileSync(file, 'x');
    expect(() => checkCorpusDirs(['/nonexistent/corpus'])).toThrow(new StartupError('Corpus folder not found: /nonexistent/corpus (from --corpus or CORPUS_DIRS).'));
    expect(() => checkCorpusDirs([file])).toThrow(`Corpus folder is not a folder: ${file}.`);
    expect(() => checkCorpusDirs([])).toThrow(StartupError);
    expect(checkCorpusDirs(['corpus'])).toEqual([path.resolve('corpus')]);
  });
});
