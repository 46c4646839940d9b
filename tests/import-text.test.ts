// Plain-text import (the seeds), the command line, and the Markdown round trip.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseArticleFile } from '../src/core/article-file.ts';
import { runStages } from '../src/core/clean/pipeline.ts';
import { loadArticles } from '../src/load/loader.ts';
import { silentLogger } from '../src/log.ts';
import { runImportCli } from '../src/import/cli.ts';
import { composeArticle } from '../src/import/compose.ts';
import { importSources } from '../src/import/run.ts';
import { isTitleLine, titleFromLede } from '../src/import/text.ts';
import { CORPUS, SEEDS } from './support/paths.ts';

const seed = (name: string): string => path.join(SEEDS, name);
const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'attache-import-'));

describe('the two seeds, re-created with import', () => {
  test('metadata and cleaned text equal the committed corpus files', async () => {
    const dir = tmp();
    const common = { language: 'en', tags: ['us-russia', 'trump', 'putin'] };
    // The outlet is not in either text: it is given, as an operator would.
    const gn = await importSources([seed('000_4c9a5f2f9b5a68b5.txt')], { into: dir, overrides: { ...common, outlet: 'Global News' } });
    const cgtn = await importSources([seed('003_3f56c4f93f261330.txt')], { into: dir, overrides: { ...common, outlet: 'CGTN' } });
    expect([...gn, ...cgtn].map((o) => o.status)).toEqual(['imported', 'imported']);
    // What the text did not say outright is reported, not hidden.
    expect(gn[0]?.notes).toEqual(['no title line: title taken from the question its lede asks (pass --title to set it)']);
    expect(cgtn[0]?.notes).toEqual(['publication date taken from the update stamp (pass --published to set it)']);

    const log = silentLogger();
    const imported = await loadArticles([dir], { log });
    const committed = await loadArticles([CORPUS], { log });
    expect(imported.warnings).toEqual([]);
    const fields = (a: (typeof imported.articles)[number]) => ({
      title: a.title,
      outlet: a.outlet,
      published: a.published,
      updated: a.updated,
      authors: a.authors,
      language: a.language,
      tags: a.tags,
      text: a.text,
    });
    const byTitle = (list: typeof imported.articles) => [...list].sort((x, y) => x.title.localeCompare(y.title)).map(fields);
    expect(byTitle(imported.articles)).toEqual(byTitle(committed.articles));
    expect(byTitle(imported.articles).map((a) => [a.title, a.outlet, a.published, a.updated, a.authors])).toEqual([
      ['US-Russia Relations: How tensions between US and Russia evolved', 'CGTN', '2018-07-19', '2018-07-19T12:50', []],
      ['What do we know about the relationship between the U.S. and Russian presidents?', 'Global News', '2025-02-13', undefined, ['Mark Trevelyan']],
    ]);
    // The reporting credit is kept in the front matter, as in the committed file.
    const gnFile = fs.readFileSync(gn[0]?.file ?? '', 'utf8');
    expect(gnFile).toContain('credit: Reporting by Mark Trevelyan; Editing by Sharon Singleton\n');
  });

  test('a corpus.yml in the target folder gives the outlet the text lacks', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'corpus.yml'), 'outlet: CGTN\nlanguage: en\n');
    const [o] = await importSources([seed('003_3f56c4f93f261330.txt')], { into: dir });
    expect(o?.article).toMatchObject({ outlet: 'CGTN', language: 'en' });
    // And without it, the reason says what to do.
    const [bare] = await importSources([seed('003_3f56c4f93f261330.txt')], { into: tmp() });
    expect(bare).toMatchObject({ status: 'failed', reason: 'the text does not name its outlet (pass --outlet, or set `outlet:` in the folder’s corpus.yml)' });
  });

  test('importing the seeds into corpus/ itself finds them already there', async () => {
    const outcomes = await importSources([SEEDS], { into: CORPUS, dryRun: true, overrides: { outlet: 'X' } });
    expect(outcomes.map((o) => [o.status, path.basename(o.reason?.split(' as ')[1]?.split(' ')[0] ?? '')])).toEqual([
      ['skipped', '2025-02-13-trump-putin-relationship.md'],
      ['skipped', '2018-07-19-us-russia-relations-tensions-evolved.md'],
    ]);
  });
});

describe('title lines', () => {
  test('headlines are title lines; sentences, stamps and captions are not', () => {
    expect(isTitleLine('US-Russia Relations: How tensions between US and Russia evolved', 3)).toBe(true);
    expect(isTitleLine('Is the summit off?', 3)).toBe(true);
    expect(isTitleLine('Putin and Trump spoke by phone for two hours on Tuesday.', 3)).toBe(false);
    expect(isTitleLine('date 2025-02-13 Donald Trump and Vladimir Putin', 3)).toBe(false);
    expect(isTitleLine('Updated 12:50, 19-Jul-2018', 3)).toBe(false);
    expect(isTitleLine('1:53 Trump pushes for meeting with Putin', 3)).toBe(false);
    expect(isTitleLine('Summit', 3)).toBe(false);
    expect(isTitleLine('A headline with nothing after it', 0)).toBe(false);
    expect(isTitleLine('what lower-case lines are not', 3)).toBe(false);
  });

  test('without a title line, the lede gives one', () => {
    expect(titleFromLede('Leaders met. Why does it matter? Analysts disagree.')).toEqual({ title: 'Why does it matter?', how: 'the question its lede asks' });
    expect(titleFromLede('Russia expelled two U.S. diplomats on Friday. Washington said it would respond.')).toEqual({
      title: 'Russia expelled two U.S. diplomats on Friday.',
      how: 'the first sentence of its lede',
    });
  });
});

describe('the command line', () => {
  function io(tty = false) {
    const out: string[] = [];
    const err: string[] = [];
    return {
      out,
      err,
      env: { corpusDirs: ['unused'], stdout: { write: (s: string) => out.push(s) > 0 }, stderr: { isTTY: tty, columns: 100, write: (s: string) => err.push(s) > 0 } },
    };
  }

  test('usage errors exit 2 with a message', async () => {
    const a = io();
    expect(await runImportCli([], a.env)).toBe(2);
    expect(a.err.join('')).toMatch(/^Nothing to import\.\n\nUsage: attache import/);
    const b = io();
    expect(await runImportCli(['a.txt', 'b.txt', '--title', 'T'], b.env)).toBe(2);
    expect(b.err.join('')).toBe('--title and --published describe one article; 2 inputs were given\n');
    const c = io();
    expect(await runImportCli(['a.txt', '--published', 'last week'], c.env)).toBe(2);
    expect(c.err.join('')).toBe('--published must be a date like 2025-02-13 (got “last week”)\n');
  });

  test('summary on stdout, exit 1 when an input failed, a progress bar only on a terminal with many inputs', async () => {
    const src = tmp();
    const inputs: string[] = [];
    for (let i = 1; i <= 6; i++) {
      const f = path.join(src, `story-${i}.txt`);
      fs.writeFileSync(f, `Story number ${i} headline\n\ndate 2024-0${i}-10 Story ${i} says something different from the others, number ${i}.\n`);
      inputs.push(f);
    }
    const dir = tmp();
    const t = io(true);
    const code = await runImportCli([...inputs, path.join(src, 'missing.txt'), '--into', dir, '--outlet', 'Wire'], t.env);
    expect(code).toBe(1);
    const summary = t.out.join('');
    expect(summary).toContain(`imported  ${inputs[0]} -> ${path.join(dir, '2024-01-10-story-number-1-headline.md')}\n`);
    expect(summary).toContain(`failed  ${path.join(src, 'missing.txt')}: no such file or folder\n`);
    expect(summary.endsWith('6 imported, 0 skipped, 1 failed\n')).toBe(true);
    expect(t.err.join('')).toContain('[########################] 6/6');

    const piped = io(false);
    expect(await runImportCli([...inputs, '--into', tmp(), '--outlet', 'Wire'], piped.env)).toBe(0);
    expect(piped.err).toEqual([]);
  });
});

describe('Markdown round trip', () => {
  // Paragraph text that the cleaning stages leave alone, full of Markdown syntax characters.
  const paragraph = fc
    .array(fc.constantFrom('a', 'B', '1', ' ', '*', '_', '`', '[', ']', '(', ')', '<', '>', '#', '&', ';', '\\', '-', '+', '=', '|', '!', '~', '.', ':', '"', "'", '{', '}'), {
      minLength: 1,
      maxLength: 40,
    })
    .map((cs) => cs.join('').replace(/\s+/g, ' ').trim())
    .filter((p) => p.length > 0);

  test('any text is written so the loader reads it back unchanged', () => {
    fc.assert(
      fc.property(fc.array(paragraph, { minLength: 1, maxLength: 5 }), (paras) => {
        const cleaned = runStages(paras).paragraphs;
        fc.pre(cleaned.length > 0);
        const r = composeArticle({ title: 'T', outlet: 'O', published: '2024-01-01', paragraphs: paras });
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        const back = parseArticleFile({ id: 'x', source: 'x.md', content: r.content, format: 'markdown' });
        expect(back.ok && back.article.text).toBe(cleaned.filter((p, i) => !(i === 0 && p.toLowerCase() === 't')).join('\n\n'));
      }),
      { numRuns: 300 },
    );
  });
});
