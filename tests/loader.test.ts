import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { execFileSync } from 'node:child_process';
import { aliasesText, loadAliasesSync } from '../src/load/aliases.ts';
import { loadSynonyms, synonymsText } from '../src/app/open-corpus.ts';
import { loadArticles } from '../src/load/loader.ts';
import { silentLogger } from '../src/log.ts';
import { CORPUS, WHITEHOUSE_RUSSIA } from './support/paths.ts';

const log = silentLogger();

function corpusDir(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-loader-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

const good = (title: string, extra = '') => `---\ntitle: ${title}\noutlet: Test Outlet\npublished: 2020-01-02\n${extra}---\n\nThe body of ${title}, with a sentence.\n`;

describe('loader', () => {
  it('loads the bundled corpus with its metadata', async () => {
    const { articles, warnings } = await loadArticles([CORPUS], { log });
    expect(warnings).toEqual([]);
    const gn = articles.find((a) => a.outlet === 'Global News');
    expect(gn).toMatchObject({ published: '2025-02-13', authors: ['Mark Trevelyan'], language: 'en' });
    expect(gn?.url).toBeUndefined();
    const cgtn = articles.find((a) => a.outlet === 'CGTN');
    expect(cgtn).toMatchObject({ title: 'US-Russia Relations: How tensions between US and Russia evolved', updated: '2018-07-19T12:50' });
  });

  it('skips each bad file with one warning naming it and the reason, and loads the rest', async () => {
    const dir = corpusDir({
      'ok.md': good('Fine'),
      'broken.md': '---\ntitle: [unclosed\n---\nBody.',
      'unclosed.md': '---\ntitle: x\nBody with no closing line',
      'nobody.md': '---\ntitle: Empty\noutlet: X\npublished: 2020-01-01\n---\n\n   \n',
      'notitle.md': '---\noutlet: X\npublished: 2020-01-01\n---\nBody.',
      'baddate.md': '---\ntitle: T\noutlet: X\npublished: yesterday-ish\n---\nBody.',
      'feb30.md': '---\ntitle: T\noutlet: X\npublished: 2020-02-30\n---\nBody.',
      'binary.md': Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0x00, 0xff, 0xfe, 0x01]),
      // No NUL, but not UTF-8 (Latin-1 "é" alone).
      'latin1.md': Buffer.concat([Buffer.from(good('Caf')), Buffer.from([0xe9, 0x0a])]),
      'big.md': good('Big', `tags: [${'x,'.repeat(10)}x]\n`) + 'word '.repeat(2000),
      'dup-a.md': good('A', 'url: https://example.com/a\n'),
      'dup-b.md': good('B', 'url: https://example.com/a\n'),
      'sub/ok.md': good('Same id in another folder'),
    });
    const { articles, warnings } = await loadArticles([dir], { log, maxBytes: 5_000 });
    expect(articles.map((a) => a.title).sort()).toEqual(['A', 'Fine']);
    const reasons = Object.fromEntries(warnings.map((w) => [path.basename(w.file), w.reason]));
    expect(reasons['broken.md']).toMatch(/broken front matter/);
    expect(reasons['unclosed.md']).toMatch(/not closed/);
    expect(reasons['nobody.md']).toMatch(/no body/);
    expect(reasons['notitle.md']).toMatch(/no title/);
    expect(reasons['baddate.md']).toMatch(/unparseable publication date "yesterday-ish"/);
    expect(reasons['feb30.md']).toMatch(/unparseable publication date/);
    expect(reasons['binary.md']).toMatch(/binary/);
    expect(reasons['latin1.md']).toMatch(/not UTF-8/);
    expect(reasons['big.md']).toMatch(/too large/);
    expect(reasons['dup-b.md']).toMatch(/duplicate url https:\/\/example.com\/a/);
    expect(reasons['ok.md']).toMatch(/duplicate article id ok/);
    expect(warnings.every((w) => w.file.length > 0 && w.reason.length > 0)).toBe(true);
  });

  it('skips a file or folder it cannot read with a warning, and loads the rest', async () => {
    // Root reads everything, so the refusal is simulated: EACCES on one file and one folder.
    const dir = corpusDir({ 'ok.md': good('Fine'), 'locked.md': good('Locked'), 'private/inner.md': good('Inner') });
    const denied = (p: unknown): boolean => String(p).endsWith('locked.md') || String(p).endsWith('private');
    const eacces = (p: unknown): Error => Object.assign(new Error(`EACCES: permission denied, open '${String(p)}'`), { code: 'EACCES' });
    const readFile = fs.readFileSync;
    const readDir = fs.readdirSync;
    const spies = [
      vi.spyOn(fs, 'readFileSync').mockImplementation(((p: fs.PathOrFileDescriptor, o?: unknown) => {
        if (denied(p)) throw eacces(p);
        return (readFile as (p: fs.PathOrFileDescriptor, o?: unknown) => unknown)(p, o);
      }) as typeof fs.readFileSync),
      vi.spyOn(fs, 'readdirSync').mockImplementation(((p: fs.PathLike, o?: unknown) => {
        if (denied(p)) throw eacces(p);
        return (readDir as (p: fs.PathLike, o?: unknown) => unknown)(p, o);
      }) as typeof fs.readdirSync),
    ];
    try {
      const { articles, warnings } = await loadArticles([dir], { log });
      expect(articles.map((a) => a.id)).toEqual(['ok']);
      expect(warnings.map((w) => [path.basename(w.file), w.reason]).sort()).toEqual([
        ['locked.md', 'unreadable (EACCES)'],
        ['private', 'unreadable folder (EACCES)'],
      ]);
    } finally {
      for (const s of spies) s.mockRestore();
    }
  });

  it('shows control characters quoted from a bad file as visible escapes in its warning', async () => {
    const dir = corpusDir({ 'bad.md': '---\ntitle: T\noutlet: X\npublished: "\\e]0;pwned\\a\\x9b2J"\n---\n\nBody.\n' });
    const { warnings } = await loadArticles([dir], { log });
    expect(warnings).toHaveLength(1);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserts that no control character survives loading
    expect(warnings[0]?.reason).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(warnings[0]?.reason).toMatch(/"\\(?:x1b|u001b)\]0;pwned\\(?:x07|u0007)\\x9b2J"/);
  });

  it('does not wait forever on a named pipe where corpus.yml or aliases.yml should be', async () => {
    const dir = corpusDir({ 'ok.md': good('Fine') });
    execFileSync('mkfifo', [path.join(dir, 'corpus.yml'), path.join(dir, 'aliases.yml')]);
    const { articles, warnings } = await loadArticles([dir], { log });
    expect(articles.map((a) => a.id)).toEqual(['ok']);
    expect(warnings.map((w) => [path.basename(w.file), w.reason])).toEqual([['corpus.yml', 'ignored: not a regular file (a named pipe)']]);
    expect(loadAliasesSync([dir]).warnings.map((w) => w.reason)).toEqual(['aliases: cannot read (not a regular file (a named pipe))']);
  });

  it("reads the alias and synonym files' text for the cache key as the loaders do, unparsed", () => {
    const dir = corpusDir({ 'ok.md': good('Fine'), 'aliases.yml': '- name: Jen Psaki\n  aliases: [Psaki]\n', 'synonyms.yml': '- [probe, inquiry]\n' });
    const piped = corpusDir({ 'ok.md': good('Fine') });
    execFileSync('mkfifo', [path.join(piped, 'aliases.yml')]);
    for (const dirs of [[dir], [piped], [piped, dir], [CORPUS]]) {
      expect(aliasesText(dirs)).toBe(loadAliasesSync(dirs).text);
      expect(synonymsText(dirs)).toBe(loadSynonyms(dirs, log).text);
    }
    const before = [aliasesText([dir]), synonymsText([dir])];
    fs.appendFileSync(path.join(dir, 'aliases.yml'), '- name: Maria Zakharova\n  aliases: [Zakharova]\n');
    fs.appendFileSync(path.join(dir, 'synonyms.yml'), '- [swap, exchange]\n');
    expect(aliasesText([dir])).not.toBe(before[0]);
    expect(synonymsText([dir])).not.toBe(before[1]);
  });

  it('names each symbolic link it does not follow, instead of skipping it without a word', async () => {
    const target = corpusDir({ 'elsewhere.md': good('Elsewhere'), 'sub/deep.md': good('Deep') });
    const dir = corpusDir({ 'ok.md': good('Fine') });
    fs.symlinkSync(path.join(target, 'elsewhere.md'), path.join(dir, 'linked.md'));
    fs.symlinkSync(path.join(target, 'sub'), path.join(dir, 'linked-folder'));
    fs.symlinkSync(path.join(target, 'notes.json'), path.join(dir, 'notes.json'));
    const { articles, warnings } = await loadArticles([dir], { log });
    expect(articles.map((a) => a.id)).toEqual(['ok']);
    expect(warnings.map((w) => [path.basename(w.file), w.reason])).toEqual([
      ['linked-folder', 'a symbolic link: not followed (add its target to CORPUS_DIRS, or copy the files in)'],
      ['linked.md', 'a symbolic link: not followed (add its target to CORPUS_DIRS, or copy the files in)'],
    ]);
  });

  it('strips terminal control characters from titles, outlets and bodies, keeping paragraphs', async () => {
    // A corpus file (or a page imported into one) could set the window title or clear the screen
    // of whoever reads the CLI's answers.
    const dir = corpusDir({
      'esc.md':
        '---\ntitle: "\\e]0;pwned\\aBreaking\\e[2J news\\x9b31m"\noutlet: "Wire\\x07 Service"\npublished: 2020-01-02\nauthors: ["A.\\e[1m Writer"]\n---\n\nThe body\u001b[31m is red\u0007.\tTabbed.\n\nSecond \u0085paragraph.\n',
      'only-controls.md': '---\ntitle: "\\e[2J\\e[H"\noutlet: X\npublished: 2020-01-02\n---\n\nBody.\n',
    });
    const { articles, warnings } = await loadArticles([dir], { log });
    expect(articles).toHaveLength(1);
    const a = articles[0];
    expect(a?.title).toBe('Breaking news');
    expect(a?.outlet).toBe('Wire Service');
    expect(a?.authors).toEqual(['A. Writer']);
    expect(a?.text).toBe('The body is red. Tabbed.\n\nSecond paragraph.');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserts that no control character survives loading
    expect(JSON.stringify(articles)).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(warnings).toEqual([{ file: expect.stringContaining('only-controls.md'), reason: 'no title (front matter `title`) once control characters are removed' }]);
  });

  it('reads a file that starts with a byte-order mark like one without', async () => {
    const dir = corpusDir({ 'bom.md': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(good('Marked'))]) });
    const { articles, warnings } = await loadArticles([dir], { log });
    expect(warnings).toEqual([]);
    expect(articles.map((a) => a.title)).toEqual(['Marked']);
    expect(articles[0]?.text.startsWith('The body of Marked')).toBe(true);
  });

  it('reads other archives’ front-matter names and takes the outlet from corpus.yml or the URL', async () => {
    const dir = corpusDir({
      'wh/a.md':
        '---\ntags: press-briefings\ndate: \'2021-04-15\'\npublished_time: 2021-04-15 14:57:34-04:00\nmodified_time: 2021-04-15 14:57:36-04:00\nsource_url: https://www.whitehouse.gov/briefing-room/x/\ntitle: "Briefing"\n---\nText.',
      'other/corpus.yml': 'outlet: Reuters\nlanguage: en\n',
      'other/deep/b.md': '---\ntitle: B\ndate: 2020-05-06\nlink: https://news.example.org/b\n---\nText.',
      'c.md': '---\ntitle: C\npublished_time: 2020-05-06T10:00:00Z\nsource_url: https://www.example.net/c\n---\nText.',
    });
    const { articles, warnings } = await loadArticles([dir], { log });
    expect(warnings).toEqual([]);
    const by = Object.fromEntries(articles.map((a) => [a.id, a]));
    expect(by.a).toMatchObject({ outlet: 'The White House', published: '2021-04-15', updated: '2021-04-15T14:57:36-04:00', tags: ['press-briefings'] });
    expect(by.b).toMatchObject({ outlet: 'Reuters', language: 'en', url: 'https://news.example.org/b' });
    expect(by.c).toMatchObject({ outlet: 'example.net', published: '2020-05-06T10:00:00Z' });
  });

  it('loads the whitehouse-russia corpus as it is, with every skipped file explained', async () => {
    const { articles, warnings } = await loadArticles([CORPUS, WHITEHOUSE_RUSSIA], { log });
    // 2,635 files: each either loads or is a duplicate named in a warning.
    expect(articles.length - 2 + warnings.length).toBe(2635);
    expect(warnings.every((w) => /^duplicate (url|article id)/.test(w.reason))).toBe(true);
    expect(new Set(articles.map((a) => a.outlet))).toEqual(new Set(['Global News', 'CGTN', 'The White House']));
    // Markdown is gone and transcript labels begin their paragraphs.
    const briefing = articles.find((a) => a.id === '2021-01-20-press-briefing-by-press-secretary-jen-psaki-january-20-2021');
    expect(briefing?.text).toMatch(/^MS\. PSAKI: Good evening, everyone\./m);
    expect(articles.some((a) => /\]\(https?:|\*\*|\u00a0/.test(a.text))).toBe(false);
  }, 60_000);
});
