// The follow matcher on real articles: the seed corpus as what was there, Wikinews reports as what
// arrived, and a wire copy of one of them under another outlet. What a moderator would see: which
// follows get a post, with which passage, and which copies are "also reported by".
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeExtractors } from '../src/app/extractors.ts';
import { loadSynonyms } from '../src/app/open-corpus.ts';
import { buildCorpus, type Corpus } from '../src/core/corpus.ts';
import type { Follow } from '../src/core/follows/follow.ts';
import { matchFollows } from '../src/core/follows/match.ts';
import { followDigestAnswer, followPostAnswer } from '../src/core/follows/post.ts';
import { EMPTY_ALIASES } from '../src/core/quotes/aliases.ts';
import type { Article } from '../src/core/types.ts';
import { loadArticles } from '../src/load/loader.ts';
import { silentLogger } from '../src/log.ts';
import { renderDiscord } from '../src/render/discord.ts';
import { messageIssues } from './support/discord-limits.ts';
import { CORPUS, WIKINEWS } from './support/paths.ts';

let corpus: Corpus;
let cairo: Article;
let wire: Article;
let arrived: string[];

const CAIRO = '2020-01-11-cairo-summit-denounces-turkish-libyan-maritime-border-agreement';
const IMMUNITY = '2019-10-10-uk-urges-us-to-waive-immunity-for-diplomat-s-wife-involved-in-fatal-collision';
const HAJJ = '2006-01-12-hundreds-dead-in-hajj-stampede';

const follow = (id: number, topic: string, extra: Partial<Follow> = {}): Follow => ({ id, guildId: 'g', channelId: 'c', topic, paused: false, createdBy: 'u', createdAt: 0, ...extra });

beforeAll(async () => {
  const log = silentLogger();
  const seeds = (await loadArticles([CORPUS], { log })).articles;
  const wiki = (await loadArticles([path.join(WIKINEWS, '2006'), path.join(WIKINEWS, '2019'), path.join(WIKINEWS, '2020')], { log })).articles;
  const pick = (id: string): Article => {
    const a = wiki.find((w) => w.id === id);
    if (!a) throw new Error(`no Wikinews article ${id}`);
    return a;
  };
  cairo = pick(CAIRO);
  // The same report from a wire service: another outlet, a dateline, the same paragraphs.
  wire = { ...cairo, id: `${CAIRO}-wire`, outlet: 'Wire Service', url: 'https://wire.example/cairo', text: `CAIRO (Wire) — ${cairo.text}` };
  const fresh = [cairo, pick(IMMUNITY), pick(HAJJ), wire];
  arrived = fresh.map((a) => a.id);
  const synonyms = loadSynonyms([CORPUS], log).table;
  corpus = buildCorpus({ articles: [...seeds, ...fresh], synonyms, extractors: makeExtractors(EMPTY_ALIASES), builtAt: 0, aliases: EMPTY_ALIASES });
}, 120_000);

describe('matchFollows', () => {
  it('posts one story per report, with its wire copy as "also reported by"', () => {
    const { stories } = matchFollows(corpus, arrived, [follow(1, 'Turkish Libyan maritime border agreement')]);
    expect(stories).toHaveLength(1);
    const s = stories[0];
    expect([s?.storyKey, ...(s?.also ?? [])].sort()).toEqual([CAIRO, wire.id].sort());
    const answer = followPostAnswer(corpus, {
      topic: 'Turkish Libyan maritime border agreement',
      passageId: s?.passageId ?? '',
      articles: [s?.storyKey ?? '', ...(s?.also ?? [])],
      matched: s?.matched ?? [],
    });
    const message = renderDiscord(answer ?? { command: 'x', title: '', answered: false, items: [] }, { ephemeral: false });
    expect(messageIssues(message, { isNew: true })).toEqual([]);
    expect(message.allowed_mentions).toEqual({ parse: [] });
    const embed = message.embeds?.[0];
    expect(embed?.title).toContain('Cairo summit');
    // The matched words are marked in the passage.
    expect(embed?.description).toMatch(/\*\*(maritime|border|agreement|Turkish|Libyan)/i);
    const other = s?.storyKey === CAIRO ? 'Wire Service' : 'Wikinews';
    expect(embed?.fields?.find((f) => f.name === 'Also reported by')?.value).toContain(other);
  });

  it('only looks at the new articles, and at the follow’s source when it has one', () => {
    const { stories } = matchFollows(corpus, arrived, [
      follow(1, 'diplomat immunity fatal collision'),
      // The seed corpus answers this, but nothing new does.
      follow(2, 'Trump Putin relationship'),
      // Hajj is new, but not from this outlet.
      follow(3, 'Hajj stampede', { source: 'wire service' }),
      follow(4, 'Hajj stampede', { paused: true }),
    ]);
    expect(stories.map((s) => [s.followId, s.storyKey])).toEqual([[1, IMMUNITY]]);
  });

  it('joins a copy that arrives after its story was recorded, instead of posting it again', () => {
    const first = matchFollows(corpus, [CAIRO], [follow(1, 'Turkish Libyan maritime border agreement')]);
    const story = first.stories[0];
    expect(story?.storyKey).toBe(CAIRO);
    const later = matchFollows(corpus, [wire.id], [follow(1, 'Turkish Libyan maritime border agreement')], {
      recent: () => [{ storyKey: CAIRO, passageId: story?.passageId ?? '' }],
    });
    expect(later.stories).toEqual([]);
    expect(later.joins).toEqual([{ followId: 1, storyKey: CAIRO, articleId: wire.id }]);
  });

  it('counts what a follow could match and did, for "narrow it"', () => {
    const { counts } = matchFollows(corpus, arrived, [follow(1, 'Hajj stampede'), follow(2, 'Hajj stampede', { source: 'Wire Service' })]);
    expect(counts).toEqual([
      { followId: 1, considered: 4, matched: 1 },
      { followId: 2, considered: 1, matched: 0 },
    ]);
  });

  it('lists stories over the quota in one digest within Discord’s limits', () => {
    const answer = followDigestAnswer(corpus, 'news', arrived);
    const message = renderDiscord(answer ?? { command: 'x', title: '', answered: false, items: [] }, { ephemeral: false });
    expect(messageIssues(message, { isNew: true })).toEqual([]);
    expect(message.embeds?.[0]?.fields?.map((f) => f.name)).toContain('Hundreds dead in Hajj stampede');
  });
});
