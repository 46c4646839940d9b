import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Answer, AnswerItem, Highlight } from '../src/core/answer.ts';
import type { Citation } from '../src/core/types.ts';
import type { MessagePayload } from '../src/contract/interaction.ts';
import { renderDiscord } from '../src/render/discord.ts';
import { renderExcerpt } from '../src/render/excerpt.ts';
import { formatDate } from '../src/render/format.ts';
import { escapeMarkdown } from '../src/render/markdown.ts';
import { decodeButton } from '../src/render/custom-id.ts';
import type { ButtonState } from '../src/render/custom-id.ts';
import { messageIssues } from './support/discord-limits.ts';

// ------------------------------------------------------------------------------------------------
// An independent checker: Discord's limits written out again here, not imported from the renderer.

const cp = (s: string): number => [...s].length;
const LONE_SURROGATE = /\p{Cs}/u;

function limitViolations(p: MessagePayload): string[] {
  const v: string[] = [];
  const str = (path: string, s: string | undefined, max: number, required = false): void => {
    if (s === undefined) {
      if (required) v.push(`${path} missing`);
      return;
    }
    if (s.length > max || cp(s) > max) v.push(`${path} is ${s.length} > ${max}`);
    if (s.length === 0) v.push(`${path} is empty`);
    if (LONE_SURROGATE.test(s)) v.push(`${path} has a broken surrogate pair`);
  };
  if (JSON.stringify(p.allowed_mentions) !== '{"parse":[]}') v.push('allowed_mentions is not {parse: []}');
  str('content', p.content, 2000);
  const embeds = p.embeds ?? [];
  if (p.content === undefined && embeds.length === 0) v.push('neither content nor embeds');
  if (embeds.length > 10) v.push(`${embeds.length} embeds`);
  let total = 0;
  embeds.forEach((e, i) => {
    str(`embed ${i} title`, e.title, 256);
    str(`embed ${i} description`, e.description, 4096);
    str(`embed ${i} footer`, e.footer?.text, 2048, e.footer !== undefined);
    str(`embed ${i} author`, e.author?.name, 256, e.author !== undefined);
    if (e.url !== undefined && !/^https?:\/\/\S+$/.test(e.url)) v.push(`embed ${i} url ${e.url}`);
    const fields = e.fields ?? [];
    if (fields.length > 25) v.push(`embed ${i} has ${fields.length} fields`);
    fields.forEach((f, j) => {
      str(`embed ${i} field ${j} name`, f.name, 256, true);
      str(`embed ${i} field ${j} value`, f.value, 1024, true);
      total += f.name.length + f.value.length;
    });
    total += (e.title ?? '').length + (e.description ?? '').length + (e.footer?.text ?? '').length + (e.author?.name ?? '').length;
  });
  if (total > 6000) v.push(`embeds total ${total} > 6000`);
  const rows = p.components ?? [];
  if (rows.length > 5) v.push(`${rows.length} rows`);
  const ids = new Set<string>();
  rows.forEach((row, r) => {
    if (row.components.length > 5) v.push(`row ${r} has ${row.components.length} buttons`);
    if (row.components.length === 0) v.push(`row ${r} is empty`);
    row.components.forEach((c, b) => {
      const rec = c as unknown as Record<string, unknown>;
      const label = rec['label'];
      if (typeof label !== 'string' || label.length === 0 || label.length > 80 || LONE_SURROGATE.test(label)) v.push(`button ${r}.${b} label`);
      if (rec['style'] === 5) {
        const url = rec['url'];
        if (typeof url !== 'string' || url.length > 512 || !/^https?:\/\//.test(url)) v.push(`button ${r}.${b} url`);
        if ('custom_id' in rec) v.push(`link button ${r}.${b} has a custom_id`);
      } else {
        const id = rec['custom_id'];
        if (typeof id !== 'string' || id.length === 0 || id.length > 100) v.push(`button ${r}.${b} custom_id ${String(id)}`);
        else if (ids.has(id)) v.push(`duplicate custom_id ${id}`);
        else ids.add(id);
      }
    });
  });
  // The fake Discord's checker must agree.
  for (const issue of messageIssues(p, { isNew: true })) v.push(`fake Discord: ${issue.path.join('.')} ${issue.message}`);
  return v;
}

/**
 * Reads Discord markdown as we emit it: "\x" is a literal x, "**" toggles bold, "…" marks a cut.
 * Returns the visible text per run, and flags any markdown character left unescaped.
 */
function readMarkdown(md: string): { plain: string; bold: string[]; pieces: string[]; unescaped: string[] } {
  let plain = '';
  let piece = '';
  const pieces: string[] = [];
  const bold: string[] = [];
  const unescaped: string[] = [];
  let current: string | undefined;
  for (let i = 0; i < md.length; i++) {
    const c = md[i] as string;
    if (c === '\\' && i + 1 < md.length) {
      const next = md[i + 1] as string;
      plain += next;
      piece += next;
      if (current !== undefined) current += next;
      i++;
    } else if (c === '*' && md[i + 1] === '*') {
      if (current === undefined) current = '';
      else {
        bold.push(current);
        current = undefined;
      }
      i++;
    } else if (c === '…') {
      pieces.push(piece);
      piece = '';
      plain += c;
    } else if (c === '\u200b') {
      // the zero-width space that breaks mentions is not part of the quoted text
    } else {
      if ('*_~`|[]\\'.includes(c)) unescaped.push(c);
      if ('>#'.includes(c) && (i === 0 || md[i - 1] === '\n')) unescaped.push(`${c} at line start`);
      plain += c;
      piece += c;
      if (current !== undefined) current += c;
    }
  }
  if (current !== undefined) unescaped.push('unclosed bold');
  pieces.push(piece);
  return { plain, bold, pieces: pieces.filter((p) => p !== ''), unescaped };
}

// ------------------------------------------------------------------------------------------------
// Inputs

function citation(over: Partial<Citation> = {}): Citation {
  return {
    articleId: 'rt-2025-02-13-putin',
    passageId: 'rt-2025-02-13-putin#3',
    title: 'Putin and Trump talk by phone',
    outlet: 'RT',
    published: '2025-02-13',
    url: 'https://www.rt.com/news/612345-putin-trump-call/',
    position: { n: 3, of: 12, start: 1024, end: 1530 },
    ...over,
  };
}

function withoutUrl(c: Citation): Citation {
  const { url: _, ...rest } = c;
  return rest;
}

function item(excerpt: string, highlights: readonly Highlight[], over: Partial<AnswerItem> = {}): AnswerItem {
  return { excerpt, highlights, citation: citation(), ...over };
}

function answer(items: readonly AnswerItem[], over: Partial<Answer> = {}): Answer {
  return { command: 'ask', title: 'Results for “expelled diplomats”', answered: true, items, ...over };
}

const state: ButtonState = { action: 'page', command: 'ask', page: 0, args: { query: 'expelled diplomats' } };

function highlightsOf(text: string, word: string): Highlight[] {
  const out: Highlight[] = [];
  for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + word.length)) out.push([i, i + word.length]);
  return out;
}

const LOREM =
  'The United States expelled 35 Russian diplomats and closed two compounds in Maryland and New York, ' + 'saying they were used for intelligence purposes. Moscow promised a response but held off. ';

/** Every visible piece of an excerpt (between ellipses) is verbatim from the source. */
function expectVerbatim(description: string, source: string): void {
  const md = readMarkdown(description);
  expect(md.unescaped).toEqual([]);
  for (const piece of md.pieces) expect(source).toContain(piece);
}

// ------------------------------------------------------------------------------------------------

describe('renderDiscord: extreme inputs stay within every limit', () => {
  it('shortens a 10,000-character passage around its first highlight', () => {
    const long = `${LOREM.repeat(60).slice(0, 9000)}Lavrov called the sanctions a hostile step. ${LOREM.repeat(3)}`;
    expect(long.length).toBeGreaterThan(9500);
    const start = long.indexOf('sanctions');
    const p = renderDiscord(answer([item(long, [[start, start + 'sanctions'.length]])]), { ephemeral: false });
    expect(limitViolations(p)).toEqual([]);
    const description = p.embeds?.[0]?.description ?? '';
    expect(description.length).toBeGreaterThan(1000);
    expect(description.startsWith('…')).toBe(true);
    expect(description.endsWith('…')).toBe(true);
    expect(readMarkdown(description).bold).toEqual(['sanctions']);
    expectVerbatim(description, long);
    // The cut falls between words.
    const inner = description.slice(1, -1);
    expect(long).toContain(` ${inner.split(' ')[0]}`);
  });

  it('shows as many of 300 results as one message can hold and says how many', () => {
    const items = Array.from({ length: 300 }, (_, i) =>
      item(LOREM.repeat(5), highlightsOf(LOREM.repeat(5), 'diplomats'), {
        citation: citation({ passageId: `a${i}#1`, url: `https://example.com/article/${i}` }),
      }),
    );
    const p = renderDiscord(answer(items, { paging: { page: 0, pageCount: 30, total: 300 } }), { ephemeral: true, state });
    expect(limitViolations(p)).toEqual([]);
    const shown = p.embeds?.length ?? 0;
    expect(shown).toBeGreaterThanOrEqual(1);
    expect(shown).toBeLessThanOrEqual(10);
    expect(p.content).toContain(`Showing ${shown} of 300`);
    expect(p.content).toContain('300 results · page 1 of 30');
    for (const e of p.embeds ?? []) {
      const md = readMarkdown(e.description ?? '');
      expect(md.bold.length).toBeGreaterThan(0);
      expect(md.bold.every((b) => b === 'diplomats')).toBe(true);
    }
    // One link button per distinct article, five at most.
    const links = p.components?.[0]?.components ?? [];
    expect(links.length).toBe(Math.min(5, shown));
  });

  it('cuts a title of 300 emoji between emoji, not inside one', () => {
    const title = '🇷🇺🇺🇸👨‍👩‍👧‍👦'.repeat(100);
    const p = renderDiscord(answer([item('A short excerpt.', [], { citation: citation({ title }) })]), { ephemeral: false });
    expect(limitViolations(p)).toEqual([]);
    const shownTitle = p.embeds?.[0]?.title ?? '';
    expect(shownTitle.endsWith('…')).toBe(true);
    expect(title.startsWith(shownTitle.slice(0, -1))).toBe(true);
    // Grapheme-safe: the kept part is a whole number of the repeated emoji units (flag, flag, family).
    const segments = [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(shownTitle.slice(0, -1))];
    expect(segments.every((s) => ['🇷🇺', '🇺🇸', '👨‍👩‍👧‍👦'].includes(s.segment))).toBe(true);
  });

  it('renders a quote full of markdown and mentions as literal text that pings no one', () => {
    const quote =
      '@everyone **look** at _this_ ~~now~~ `code` ||spoiler|| <@123456789012345678> <@&42> @here\n' +
      '> not a quote\n# not a heading\n-# not subtext\n1. not a list\n[masked](https://evil.example) \\o/ *star* ' +
      'and then Putin said sanctions would fail.';
    const s = quote.indexOf('sanctions');
    const p = renderDiscord(answer([item(quote, [[s, s + 9]], { speaker: 'Vladimir Putin', cue: 'Putin told *reporters*' })], { command: 'quote' }), { ephemeral: false });
    expect(limitViolations(p)).toEqual([]);
    const description = p.embeds?.[0]?.description ?? '';
    expect(description).not.toMatch(/@everyone|@here|<@\d|<@&/);
    const md = readMarkdown(description);
    expect(md.unescaped).toEqual([]);
    expect(md.bold).toEqual(['sanctions']);
    expect(md.plain).toBe(quote);
    const fields = p.embeds?.[0]?.fields ?? [];
    expect(fields.find((f) => f.name === 'Speaker')?.value).toBe('Vladimir Putin\n“Putin told \\*reporters\\*”');
  });

  it('gives a citation without a URL an unlinked title and no link button', () => {
    const p = renderDiscord(answer([item('Text.', [], { citation: withoutUrl(citation()) })]), { ephemeral: false });
    expect(limitViolations(p)).toEqual([]);
    expect(p.embeds?.[0]?.url).toBeUndefined();
    expect(p.embeds?.[0]?.title).toBe('Putin and Trump talk by phone');
    expect(p.components).toBeUndefined();
  });

  it('drops URLs Discord would refuse instead of sending them', () => {
    const bad = ['javascript:alert(1)', 'not a url', `https://example.com/${'x'.repeat(600)}`];
    const p = renderDiscord(answer(bad.map((url) => item('Text.', [], { citation: citation({ url }) }))), { ephemeral: false });
    expect(limitViolations(p)).toEqual([]);
    expect(p.embeds?.slice(0, 2).map((e) => e.url)).toEqual([undefined, undefined]);
    expect(p.components).toBeUndefined();
  });

  it('says when nothing answers, in content only', () => {
    const p = renderDiscord(answer([], { answered: false, notice: 'Nothing in the corpus mentions “@everyone zebras”.' }), { ephemeral: false, state });
    expect(limitViolations(p)).toEqual([]);
    expect(p.embeds).toBeUndefined();
    expect(p.components).toBeUndefined();
    expect(p.content).toBe('**Results for “expelled diplomats”**\nNothing in the corpus mentions “@\u200beveryone zebras”.');
  });

  it('keeps 30 fields to 25 and says how many did not fit', () => {
    const fields = Array.from({ length: 30 }, (_, i) => ({ name: `Outlet ${i} `.repeat(40), value: 'v'.repeat(2000) }));
    const p = renderDiscord(answer([], { command: 'sources', title: 'Sources', body: 'B'.repeat(5000), fields }), { ephemeral: false });
    expect(limitViolations(p)).toEqual([]);
    const embed = p.embeds?.[0];
    const shown = embed?.fields?.length ?? 0;
    expect(shown).toBeLessThanOrEqual(25);
    expect(embed?.footer?.text).toBe(`${30 - shown} more not shown`);
    expect(embed?.description?.endsWith('…')).toBe(true);
  });

  it('shows up to 25 short facts in one embed', () => {
    const fields = Array.from({ length: 30 }, (_, i) => ({ name: `Fact ${i + 1}`, value: `${i}` }));
    const p = renderDiscord(answer([], { command: 'about', title: 'About Attaché', body: 'Version 0.1.0', fields }), { ephemeral: false });
    expect(limitViolations(p)).toEqual([]);
    expect(p.embeds?.[0]?.fields?.map((f) => f.name)).toEqual(Array.from({ length: 24 }, (_, i) => `Fact ${i + 1}`));
    expect(p.embeds?.[0]?.footer?.text).toBe('6 more not shown');
  });

  it('renders an error privately as plain content', () => {
    const p = renderDiscord({ command: 'timeline', title: 'Cannot do that', answered: false, notice: '“from” must come before “to”.', items: [], error: true, ephemeral: true }, { ephemeral: false });
    expect(p).toEqual({ content: '“from” must come before “to”.', allowed_mentions: { parse: [] }, flags: 64 });
  });
});

describe('renderDiscord: what an embed shows', () => {
  const excerpt = 'In December 2017 the administration approved the sale of Javelin missiles to Ukraine.';
  const timelineItem = item(excerpt, [[3, 16]], {
    date: { iso: '2017-12', precision: 'month', label: 'Dec 2017' },
    alsoIn: [citation({ outlet: 'CNN', published: '2025-02-14', url: 'https://cnn.com/a_(b)' }), withoutUrl(citation({ outlet: 'Reuters', published: '2025-02-13' }))],
  });

  it('links the title, names the outlet and date, the event date, the footer position and who else reported it', () => {
    const p = renderDiscord(answer([timelineItem], { command: 'timeline', title: 'Timeline: Ukraine' }), { ephemeral: false });
    expect(limitViolations(p)).toEqual([]);
    expect(p.embeds?.[0]).toEqual({
      title: 'Putin and Trump talk by phone',
      url: 'https://www.rt.com/news/612345-putin-trump-call/',
      author: { name: 'RT · 13 Feb 2025' },
      description: 'In **December 2017** the administration approved the sale of Javelin missiles to Ukraine.',
      fields: [
        { name: 'Event', value: 'Dec 2017', inline: true },
        { name: 'Also reported by', value: '[CNN, 14 Feb 2025](https://cnn.com/a_(b%29), Reuters, 13 Feb 2025' },
      ],
      footer: { text: 'Passage 3 of 12 · chars 1024–1530 · rt-2025-02-13-putin#3' },
    });
    expect(p.components).toEqual([{ type: 1, components: [{ type: 2, style: 5, url: 'https://www.rt.com/news/612345-putin-trump-call/', label: 'Open article' }] }]);
  });

  it('leaves out the event date when it is the publication date, and names an unattributed speaker', () => {
    const p = renderDiscord(answer([item('“We will respond.”', [], { date: { iso: '2025-02-13', precision: 'day', label: '13 Feb 2025' } })], { command: 'quote' }), { ephemeral: false });
    expect(p.embeds?.[0]?.fields).toEqual([{ name: 'Speaker', value: 'Unattributed', inline: true }]);
  });

  it('pages with Previous / Page n of m / Next whose custom ids rebuild the neighbouring pages', () => {
    const paged = answer([timelineItem], { paging: { page: 1, pageCount: 7, total: 27 } });
    const p = renderDiscord(paged, { ephemeral: false, state: { ...state, page: 1 } });
    expect(limitViolations(p)).toEqual([]);
    const buttons = (p.components?.[1]?.components ?? []) as unknown as { label: string; custom_id: string; disabled: boolean }[];
    expect(buttons.map((b) => [b.label, b.disabled])).toEqual([
      ['◀ Previous', false],
      ['Page 2 of 7', true],
      ['Next ▶', false],
    ]);
    expect(decodeButton(buttons[0]?.custom_id ?? '')).toEqual({ ok: true, state: { ...state, page: 0 } });
    expect(decodeButton(buttons[2]?.custom_id ?? '')).toEqual({ ok: true, state: { ...state, page: 2 } });
    expect(p.content).toBe('**Results for “expelled diplomats”**\n27 results · page 2 of 7');
  });

  it('disables Previous on the first page and Next on the last', () => {
    const first = renderDiscord(answer([timelineItem], { paging: { page: 0, pageCount: 2, total: 8 } }), { ephemeral: false, state });
    const last = renderDiscord(answer([timelineItem], { paging: { page: 1, pageCount: 2, total: 8 } }), { ephemeral: false, state });
    const flags = (p: MessagePayload): boolean[] => ((p.components?.[1]?.components ?? []) as unknown as { disabled: boolean }[]).map((b) => b.disabled);
    expect(flags(first)).toEqual([true, true, false]);
    expect(flags(last)).toEqual([false, true, true]);
  });

  it('shows no paging for a page count that is not a whole number (never "page 1 of Infinity")', () => {
    for (const pageCount of [Number.POSITIVE_INFINITY, Number.NaN, 0, 2.5]) {
      const p = renderDiscord(answer([timelineItem], { paging: { page: 0, pageCount, total: 8 } }), { ephemeral: false, state });
      expect(JSON.stringify(p)).not.toMatch(/Infinity|NaN|of 0|of 2\.5/);
      expect(p.content).toBe('**Results for “expelled diplomats”**');
    }
  });

  it('offers "Post to channel" on private results only', () => {
    const privately = renderDiscord(answer([timelineItem]), { ephemeral: true, state });
    const publicly = renderDiscord(answer([timelineItem]), { ephemeral: false, state });
    expect(privately.flags).toBe(64);
    expect(publicly.flags).toBeUndefined();
    const post = (privately.components?.[1]?.components?.[0] ?? {}) as { label?: string; custom_id?: string };
    expect(post.label).toBe('Post to channel');
    expect(decodeButton(post.custom_id ?? '')).toEqual({ ok: true, state: { ...state, action: 'post' } });
    expect(publicly.components?.length).toBe(1);
  });

  it('says so rather than sending page buttons whose state does not fit', () => {
    const longState = { ...state, args: { query: 'q'.repeat(95) } };
    const p = renderDiscord(answer([timelineItem], { paging: { page: 0, pageCount: 3, total: 12 } }), { ephemeral: false, state: longState });
    expect(limitViolations(p)).toEqual([]);
    expect(p.components?.length).toBe(1);
    expect(p.content).toContain('too long to carry in page buttons');
  });

  it('labels link buttons by result when several articles are shown', () => {
    const items = Array.from({ length: 7 }, (_, i) => item('Text.', [], { citation: citation({ title: `Article ${i + 1}`, url: `https://example.com/${i % 6}` }) }));
    const p = renderDiscord(answer(items), { ephemeral: false });
    const labels = ((p.components?.[0]?.components ?? []) as unknown as { label: string }[]).map((b) => b.label);
    expect(labels).toEqual(['1. Article 1', '2. Article 2', '3. Article 3', '4. Article 4', '5. Article 5']);
  });

  it('honours maxEmbeds', () => {
    const items = Array.from({ length: 8 }, () => item('Text.', []));
    const p = renderDiscord(answer(items), { ephemeral: false, maxEmbeds: 3 });
    expect(p.embeds?.length).toBe(3);
    expect(p.content).toContain('Showing 3 of 8');
  });
});

describe('renderExcerpt', () => {
  it('keeps short excerpts whole, with every highlight in bold', () => {
    const text = 'Russia expelled 23 British diplomats; Britain had expelled 23 Russian diplomats.';
    const out = renderExcerpt(text, highlightsOf(text, 'diplomats'), 4096);
    expect(out).toBe('Russia expelled 23 British **diplomats**; Britain had expelled 23 Russian **diplomats**.');
  });

  it('merges touching highlights and keeps spaces outside the bold', () => {
    expect(
      renderExcerpt(
        'counter-intelligence officers',
        [
          [0, 8],
          [8, 20],
        ],
        100,
      ),
    ).toBe('**counter-intelligence** officers');
    expect(
      renderExcerpt(
        'expelled diplomats',
        [
          [0, 9],
          [9, 18],
        ],
        100,
      ),
    ).toBe('**expelled** **diplomats**');
    expect(renderExcerpt('a sanctions b', [[1, 11]], 100)).toBe('a **sanctions** b');
  });

  it('never cuts through a surrogate pair or exceeds its budget', () => {
    const text = '😀'.repeat(3000);
    for (const max of [1, 2, 3, 10, 101, 4096]) {
      const out = renderExcerpt(text, [[2000, 2004]], max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(out).not.toMatch(LONE_SURROGATE);
    }
    // A highlight that starts or ends inside an emoji grows to the whole emoji.
    expect(renderExcerpt('a 😀😀 b', [[3, 5]], 100)).toBe('a **😀😀** b');
  });
});

describe('escapeMarkdown and formatDate', () => {
  it('escapes only what Discord would format', () => {
    const plain = 'U.S.-Russia talks: 2+2=4, 3 > 2 # not a heading, 1. not a list';
    expect(escapeMarkdown(plain)).toBe(plain);
    expect(escapeMarkdown('> quoted\n- item\n2. second\n## heading')).toBe('\\> quoted\n\\- item\n2\\. second\n\\## heading');
  });

  it('formats dates for people without shifting time zones', () => {
    expect(formatDate('2025-02-13')).toBe('13 Feb 2025');
    expect(formatDate('2025-02-13T23:30:00-05:00')).toBe('13 Feb 2025');
    expect(formatDate('2017-12')).toBe('Dec 2017');
    expect(formatDate('2016')).toBe('2016');
    expect(formatDate('yesterday')).toBe('yesterday');
    expect(formatDate('2025-13-01')).toBe('2025-13-01');
  });
});

// ------------------------------------------------------------------------------------------------

const textArb = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 400 }),
  fc.string({ unit: fc.constantFrom('a', ' ', '*', '_', '\n', '>', '#', '@', 'everyone', '<@1>', '😀', '🇷🇺', 'é', '\\', '`', '|', '~', '1.'), maxLength: 2500 }),
);

const citationArb: fc.Arbitrary<Citation> = fc.record(
  {
    articleId: fc.string({ minLength: 1, maxLength: 40 }),
    passageId: fc.string({ minLength: 1, maxLength: 400 }),
    title: fc.string({ unit: 'grapheme', maxLength: 400 }),
    outlet: fc.string({ unit: 'grapheme', maxLength: 300 }),
    published: fc.oneof(fc.constant('2025-02-13'), fc.string({ maxLength: 30 })),
    url: fc.oneof(fc.constant('https://example.com/a'), fc.webUrl(), fc.string({ maxLength: 30 })),
    position: fc.record({ n: fc.nat(), of: fc.nat(), start: fc.nat(), end: fc.nat() }),
  },
  { requiredKeys: ['articleId', 'passageId', 'title', 'outlet', 'published', 'position'] },
);

function graphemeBoundaries(text: string): number[] {
  return [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(text)].map((g) => g.index).concat(text.length);
}

const itemArb: fc.Arbitrary<AnswerItem> = textArb.chain((excerpt) =>
  fc.record(
    {
      excerpt: fc.constant(excerpt),
      // Highlights fall on grapheme boundaries, as word matches do.
      highlights: fc
        .uniqueArray(fc.constantFrom(...graphemeBoundaries(excerpt)), { maxLength: 8 })
        .map((ps) => ps.sort((x, y) => x - y))
        .map((ps) => ps.flatMap((p, i): Highlight[] => (i % 2 === 0 && ps[i + 1] !== undefined ? [[p, ps[i + 1] as number]] : []))),
      citation: citationArb,
      date: fc.record({ iso: fc.constantFrom('2017-12', '2025-02-13', '1999'), precision: fc.constantFrom('year', 'month', 'day'), label: fc.string({ maxLength: 300 }) }),
      speaker: fc.string({ maxLength: 300 }),
      cue: fc.string({ maxLength: 300 }),
      alsoIn: fc.array(citationArb, { maxLength: 30 }),
    },
    { requiredKeys: ['excerpt', 'highlights', 'citation'] },
  ),
);

const answerArb: fc.Arbitrary<Answer> = fc.record(
  {
    command: fc.constantFrom('ask', 'timeline', 'quote', 'sources'),
    title: fc.string({ unit: 'grapheme', maxLength: 400 }),
    answered: fc.boolean(),
    notice: fc.string({ unit: 'grapheme', maxLength: 3000 }),
    items: fc.array(itemArb, { maxLength: 14 }),
    paging: fc.nat({ max: 40 }).chain((page) => fc.record({ page: fc.constant(page), pageCount: fc.integer({ min: page + 1, max: page + 40 }), total: fc.nat({ max: 2000 }) })),
    body: fc.string({ maxLength: 6000 }),
    fields: fc.array(fc.record({ name: fc.string({ maxLength: 400 }), value: fc.string({ maxLength: 1500 }) }), { maxLength: 40 }),
    error: fc.boolean(),
  },
  { requiredKeys: ['command', 'title', 'answered', 'items'] },
);

const stateArb: fc.Arbitrary<ButtonState> = fc.record({
  action: fc.constant('page'),
  command: fc.constantFrom('ask', 'timeline'),
  page: fc.nat({ max: 50 }),
  args: fc.dictionary(fc.constantFrom('query', 'topic', 'from', 'to', 'source'), fc.string({ maxLength: 60 }), { maxKeys: 3 }),
});

describe('renderDiscord: property', () => {
  it('keeps every limit for any answer, and every excerpt verbatim with its highlights in bold', () => {
    fc.assert(
      fc.property(answerArb, fc.boolean(), fc.option(stateArb, { nil: undefined }), fc.integer({ min: 1, max: 12 }), (a, ephemeral, st, maxEmbeds) => {
        const p = renderDiscord(a, { ephemeral, maxEmbeds, ...(st === undefined ? {} : { state: st }) });
        expect(limitViolations(p)).toEqual([]);
        if (ephemeral || a.error === true) expect(p.flags).toBe(64);
        if (a.error === true) return;
        const embeds = a.items.length > 0 ? (p.embeds ?? []) : [];
        expect(embeds.length).toBeLessThanOrEqual(Math.min(maxEmbeds, 10));
        embeds.forEach((e, i) => {
          const source = a.items[i] as AnswerItem;
          const md = readMarkdown(e.description ?? '');
          expect(md.unescaped).toEqual([]);
          for (const piece of md.pieces) expect(source.excerpt).toContain(piece);
          const highlighted = source.highlights.map(([s, e2]) => source.excerpt.slice(s, e2));
          for (const b of md.bold) expect(highlighted.some((h) => h.includes(b))).toBe(true);
        });
      }),
      { numRuns: 300 },
    );
  });
});
