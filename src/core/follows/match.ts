// Which newly indexed articles answer which follows: each follow's topic goes through the same
// search and answerability as /ask, restricted to the new articles (and the follow's outlet).
// Articles whose matching passages are near-identical (wire copy) are one story: one post, the
// others "also reported by". A new article near-identical to a story posted recently joins it.
import { ask } from '../ask.ts';
import type { Corpus } from '../corpus.ts';
import { similarity } from '../near-duplicates.ts';
import { outletKey } from '../policy.ts';
import { requiredCoverage } from '../search/topic.ts';
import type { Follow } from './follow.ts';

/** A story posted recently for a follow: its key and the passage its post shows. */
export interface RecentStory {
  readonly storyKey: string;
  readonly passageId: string;
}

/** One story to post for one follow. */
export interface StoryMatch {
  readonly followId: number;
  /** The head article's id: one story, one key, whatever copies follow. */
  readonly storyKey: string;
  /** The passage shown, from the head article. */
  readonly passageId: string;
  /** The query's terms the passage matched (for marking them). */
  readonly matched: readonly string[];
  readonly bestSentence?: { readonly start: number; readonly end: number };
  /** Other new articles of the same story (wire copies), in the order found. */
  readonly also: readonly string[];
}

/** A new article that is a copy of a story already recorded for the follow. */
export interface StoryJoin {
  readonly followId: number;
  readonly storyKey: string;
  readonly articleId: string;
}

export interface FollowMatches {
  readonly stories: readonly StoryMatch[];
  readonly joins: readonly StoryJoin[];
  /** Per follow searched: how many new articles it could match and how many it did (noise control). */
  readonly counts: readonly { readonly followId: number; readonly considered: number; readonly matched: number }[];
}

/** Passages near-identical at or above this are the same text (as /ask groups them). */
const SAME_TEXT = 0.7;
/** Results looked at per follow and batch: far more stories than a follow may post in an hour. */
const RESULTS = 60;

export interface MatchOptions {
  /** Stories recorded recently for a follow, to attach late copies to. */
  readonly recent?: (followId: number) => readonly RecentStory[];
}

export function matchFollows(corpus: Corpus, newArticleIds: readonly string[], follows: readonly Follow[], opts: MatchOptions = {}): FollowMatches {
  const fresh = new Set(newArticleIds.filter((id) => corpus.articleById.has(id)));
  const stories: StoryMatch[] = [];
  const joins: StoryJoin[] = [];
  const counts: { followId: number; considered: number; matched: number }[] = [];
  if (fresh.size === 0) return { stories, joins, counts };
  for (const follow of follows) {
    if (follow.paused) continue;
    const source = follow.source === undefined ? undefined : outletKey(follow.source);
    const allowed = (id: string): boolean => fresh.has(id) && (source === undefined || outletKey(corpus.article(id).outlet) === source);
    const considered = [...fresh].filter(allowed).length;
    if (considered === 0) continue;
    const result = ask(corpus, follow.topic, { allowArticle: allowed, limit: RESULTS });
    // /ask's gate judges its best passage; each story here is posted on its own, so each must also
    // match the topic as /timeline's topic search requires (all terms of a short topic, else 2/3).
    const need = requiredCoverage(corpus.search.queryGroups(follow.topic).length) - 1e-9;
    const recent = (opts.recent?.(follow.id) ?? []).flatMap((r) => {
      const p = corpus.passage(r.passageId);
      return p === undefined ? [] : [{ storyKey: r.storyKey, text: p.text }];
    });
    /** Article id → the story it belongs to in this batch. */
    const storyOf = new Map<string, { key: string; also: string[] } | { join: string }>();
    const own: { match: StoryMatch; also: string[] }[] = [];
    for (const hit of result.answered ? result.results : []) {
      if (hit.coverage < need) continue;
      const articles = [hit.passage.articleId, ...hit.duplicates.map((d) => d.articleId)].filter((id, i, all) => all.indexOf(id) === i);
      const known = articles.map((id) => storyOf.get(id)).find((s) => s !== undefined);
      if (known !== undefined) {
        for (const id of articles) {
          if (storyOf.has(id)) continue;
          storyOf.set(id, known);
          if ('join' in known) joins.push({ followId: follow.id, storyKey: known.join, articleId: id });
          else known.also.push(id);
        }
        continue;
      }
      const earlier = recent.find((r) => similarity(r.text, hit.passage.text) >= SAME_TEXT);
      if (earlier !== undefined) {
        for (const id of articles) {
          storyOf.set(id, { join: earlier.storyKey });
          joins.push({ followId: follow.id, storyKey: earlier.storyKey, articleId: id });
        }
        continue;
      }
      const story = { key: hit.passage.articleId, also: [] as string[] };
      for (const id of articles) storyOf.set(id, story);
      story.also.push(...articles.slice(1));
      own.push({
        match: {
          followId: follow.id,
          storyKey: story.key,
          passageId: hit.passage.id,
          matched: [...hit.matched],
          ...(hit.bestSentence && { bestSentence: hit.bestSentence }),
          also: [],
        },
        also: story.also,
      });
    }
    for (const o of own) stories.push({ ...o.match, also: o.also });
    counts.push({ followId: follow.id, considered, matched: storyOf.size });
  }
  return { stories, joins, counts };
}
