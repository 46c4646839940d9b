// What `attache import` does with local inputs that are not plain article files: devices, named
// pipes, huge files, symbolic links, and an --into that is not a folder. Each is refused with a
// reason before anything is read, and the other inputs of the batch still import.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { runImportCli } from '../src/import/cli.ts';
import { formatSummary, importSources, ImportUsageError, type ImportOutcome } from '../src/import/run.ts';

let dir = '';
let src = '';
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-into-'));
  src = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-inputs-'));
});
afterEach(() => {
  for (const d of [dir, src]) fs.rmSync(d, { recursive: true, force: true });
});

const ARTICLE = '---\ntitle: Lavrov meets Blinken\noutlet: Wire Service\npublished: 2021-05-19\n---\n\nThe two ministers met in Reykjavik on Wednesday and spoke for nearly two hours.\n';
function good(name = 'good.md'): string {
  const file = path.join(src, name);
  fs.writeFileSync(file, ARTICLE);
  return file;
}
const summary = (outcomes: readonly ImportOutcome[]): string[][] => outcomes.map((o) => [o.input, o.status, o.reason ?? '']);

describe('local inputs', () => {
  test.skipIf(!fs.existsSync('/dev/zero'))('a device is refused without reading it, and the rest of the batch imports', async () => {
    // /dev/zero once grew the process to 11 GB in 40 s.
    const ok = good();
    const outcomes = await importSources(['/dev/zero', ok], { into: dir, dryRun: true });
    expect(summary(outcomes)).toEqual([
      ['/dev/zero', 'failed', 'not a regular file (a device); import reads files, folders and http(s) addresses'],
      [ok, 'imported', ''],
    ]);
  });

  test('a named pipe is refused at once instead of waiting forever for a writer', async () => {
    const fifo = path.join(src, 'pipe.txt');
    execFileSync('mkfifo', [fifo]);
    const ok = good();
    const outcomes = await importSources([fifo, ok], { into: dir, dryRun: true });
    expect(summary(outcomes)).toEqual([
      [fifo, 'failed', 'not a regular file (a named pipe); import reads files, folders and http(s) addresses'],
      [ok, 'imported', ''],
    ]);
  });

  test('a file larger than the limit is refused by its size, before it is read, whatever its name', async () => {
    // A 700 MB file crashed the batch with ERR_STRING_TOO_LONG. Sparse: no disk space is used.
    const huge = path.join(src, 'dump');
    fs.closeSync(fs.openSync(huge, 'w'));
    fs.truncateSync(huge, 700_000_000);
    const hugeTxt = path.join(src, 'dump.txt');
    fs.closeSync(fs.openSync(hugeTxt, 'w'));
    fs.truncateSync(hugeTxt, 700_000_000);
    const ok = good();
    const outcomes = await importSources([huge, hugeTxt, ok], { into: dir });
    expect(summary(outcomes)).toEqual([
      [huge, 'failed', 'larger than 5000000 bytes (700000000 bytes; --max-bytes raises the limit)'],
      [hugeTxt, 'failed', 'larger than 5000000 bytes (700000000 bytes; --max-bytes raises the limit)'],
      [ok, 'imported', ''],
    ]);
  });

  test('--max-bytes applies to local files too', async () => {
    const ok = good();
    const outcomes = await importSources([ok], { into: dir, fetch: { maxBytes: 100 } });
    expect(summary(outcomes)).toEqual([[ok, 'failed', `larger than 100 bytes (${Buffer.byteLength(ARTICLE)} bytes; --max-bytes raises the limit)`]]);
  });

  test('a symbolic link in a folder is named in the summary, not skipped without a word', async () => {
    good();
    const elsewhere = path.join(dir, '..', `${path.basename(dir)}-target.md`);
    fs.writeFileSync(elsewhere, ARTICLE.replace('Lavrov meets Blinken', 'Another meeting'));
    const link = path.join(src, 'linked.md');
    fs.symlinkSync(elsewhere, link);
    try {
      const outcomes = await importSources([src], { into: dir, dryRun: true });
      expect(summary(outcomes)).toEqual([
        [link, 'skipped', 'a symbolic link: links inside folders are not followed (import the file it points to by name)'],
        [path.join(src, 'good.md'), 'imported', ''],
      ]);
      expect(formatSummary(outcomes, true)).toContain(`skipped  ${link}: a symbolic link`);
    } finally {
      fs.rmSync(elsewhere, { force: true });
    }
  });
});

describe('--into', () => {
  test('a file where the corpus folder should be is refused, even in a dry run', async () => {
    const file = path.join(dir, 'notes.txt');
    fs.writeFileSync(file, 'x');
    const ok = good();
    await expect(importSources([ok], { into: file, dryRun: true })).rejects.toThrow(new ImportUsageError(`cannot import into ${file}: it is a file, not a folder`));
    await expect(importSources([ok], { into: path.join(file, 'sub'), dryRun: true })).rejects.toThrow(`cannot import into ${path.join(file, 'sub')}: ${file} is a file, not a folder`);

    const out: string[] = [];
    const err: string[] = [];
    const code = await runImportCli([ok, '--into', file, '--dry-run'], {
      corpusDirs: [],
      stdout: { write: (s: string) => out.push(s) > 0 },
      stderr: { write: (s: string) => err.push(s) > 0 },
    });
    expect(code).toBe(2);
    expect(out.join('')).toBe('');
    expect(err.join('')).toBe(`cannot import into ${file}: it is a file, not a folder\n`);
  });
});

describe('what import stores', () => {
  test("a web page's control characters never reach the corpus file: title, metadata and body", async () => {
    // A remote page could set the operator's window title or clear the screen.
    const page = path.join(src, 'page.html');
    fs.writeFileSync(
      page,
      `<!doctype html><html lang="en"><head><title>\x1b]0;pwned\x07Kremlin\x1b[2J talks \x9b31mresume</title>
<meta property="og:site_name" content="Wire\x07 Service"><meta property="article:published_time" content="2025-03-02T10:00:00Z">
<meta name="author" content="A.\x1b[1m Writer"></head><body><article><h1>Kremlin talks resume</h1>
<p>Negotiators met again on Sunday\x1b[31m in Riyadh\x07, officials said, and agreed to meet once more next week.</p>
<p>The talks\x08\x08\x08 covered prisoner exchanges and the reopening of embassies, according to both delegations.</p>
<p>Further rounds are expected in April, when ministers from both sides will review progress.</p></article></body></html>`,
    );
    const outcomes = await importSources([page], { into: dir });
    expect(summary(outcomes)).toEqual([[page, 'imported', '']]);
    const written = fs.readFileSync(outcomes[0]?.file ?? '', 'utf8');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserts that no control character survives the import
    expect(written).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]|\\e|\\x1b|\\u001b|\\a|\\x07|\\b|\\x08|\]0;/);
    expect(outcomes[0]?.article).toMatchObject({ title: 'Kremlin talks resume', outlet: 'Wire Service', authors: ['A. Writer'] });
    expect(outcomes[0]?.article?.text).toContain('Negotiators met again on Sunday in Riyadh, officials said');
    expect(outcomes[0]?.article?.text).toContain('The talks covered prisoner exchanges');
  });
});

describe('the corpus folder', () => {
  test('a broken corpus.yml in --into is named in a clear error, not a stack trace', async () => {
    fs.writeFileSync(path.join(dir, 'corpus.yml'), 'outlet: [unclosed\n');
    const err: string[] = [];
    const code = await runImportCli([good(), '--into', dir, '--dry-run'], {
      corpusDirs: [],
      stdout: { write: () => true },
      stderr: { write: (s: string) => err.push(s) > 0 },
    });
    expect(code).toBe(2);
    expect(err.join('')).toMatch(new RegExp(`^cannot read ${path.join(dir, 'corpus.yml').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .+\\n$`));
  });
});

describe('the summary', () => {
  test('shows control characters from an input as visible escapes, never raw', async () => {
    const file = path.join(src, 'bad.md');
    fs.writeFileSync(file, '---\ntitle: T\noutlet: X\npublished: "\\e]0;pwned\\a\\x9b2J"\n---\n\nBody text here.\n');
    const text = formatSummary(await importSources([file], { into: dir }));
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserts that no control character survives the import
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(text).toMatch(/\\(?:x1b|u001b)\]0;pwned\\(?:x07|u0007)\\x9b2J/);
  });
});
