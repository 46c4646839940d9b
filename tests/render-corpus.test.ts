// The Discord renderer on the real White House corpus: every article's longest passage, ten to a
// message, with every mention of "Russia" highlighted, must come out within Discord's limits and
// word for word.
import { beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { loadArticles } from '../src/load/loader.ts';
import { DEFAULT_PASSAGE_OPTIONS, splitPassages } from '../src/core/passages.ts';
import type { AnswerItem, Highlight } from '../src/core/answer.ts';
import type { Article, Passage } from '../src/core/types.ts';
import { renderDiscord } from '../src/render/discord.ts';
import { messageIssues } from './support/discord-limits.ts';
import { WHITEHOUSE_RUSSIA } from './support/paths.ts';

const corpus = WHITEHOUSE_RUSSIA;

let items: AnswerItem[] = [];

function toItem(article: Article, passage: Passage, of: number): AnswerItem {
  const highlights: Highlight[] = [...passage.text.matchAll(/Russia/g)].map((m) => [m.index, m.index + m[0].length]);
  return {
    excerpt: passage.text,
    highlights,
    citation: {
      articleId: article.id,
      passageId: passage.id,
      title: article.title,
      outlet: article.outlet,
      published: article.published,
      ...(article.url === undefined ? {} : { url: article.url }),
      position: { n: passage.n, of, start: passage.start, end: passage.end },
    },
  };
}

beforeAll(async () => {
  const { articles } = await loadArticles([corpus], { log: pino({ level: 'silent' }) });
  items = articles.flatMap((article) => {
    const passages = splitPassages(article);
    const longest = passages.reduce<Passage | undefined>((best, p) => (best === undefined || p.text.length > best.text.length ? p : best), undefined);
    return longest === undefined ? [] : [toItem(article, longest, passages.length)];
  });
  // Longest first, so the first messages are the hardest to fit.
  items.sort((a, b) => b.excerpt.length - a.excerpt.length);
});

describe('renderDiscord on the White House corpus', () => {
  it('renders every article’s longest passage within Discord’s limits', () => {
    expect(items.length).toBeGreaterThan(2000);
    // Passages are bounded (DEFAULT_PASSAGE_OPTIONS: 1,200 characters) since issue 19; the longest
    // still fill an embed description well past its first screen, and ten of them a message.
    expect(items[0]?.excerpt.length).toBeLessThanOrEqual(DEFAULT_PASSAGE_OPTIONS.maxChars);
    expect(items[0]?.excerpt.length).toBeGreaterThan(1000);
    let shownTotal = 0;
    for (let i = 0; i < items.length; i += 10) {
      const page = items.slice(i, i + 10);
      const p = renderDiscord(
        { command: 'ask', title: 'Results for “Russia”', answered: true, items: page },
        { ephemeral: true, state: { action: 'page', command: 'ask', page: i / 10, args: { query: 'Russia' } } },
      );
      expect(messageIssues(p, { isNew: true }).map((issue) => `${issue.path.join('.')}: ${issue.message}`)).toEqual([]);
      expect(p.allowed_mentions).toEqual({ parse: [] });
      const embeds = p.embeds ?? [];
      shownTotal += embeds.length;
      embeds.forEach((embed, j) => {
        const source = page[j] as AnswerItem;
        // Unescape and drop the bold marks: what remains between ellipses is verbatim.
        const visible = (embed.description ?? '').replace(/\*\*/g, '').replace(/\\(.)/g, '$1').replaceAll('\u200b', '');
        for (const piece of visible.split('…').filter((s) => s !== '')) expect(source.excerpt).toContain(piece);
        if (source.highlights.length > 0) expect(embed.description).toContain('**Russia**');
      });
    }
    // Long passages crowd each other out, but most messages still carry several results.
    expect(shownTotal).toBeGreaterThan(items.length / 3);
  });
});
