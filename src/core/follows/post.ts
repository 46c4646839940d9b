// A follow's post as an Answer (rendered like an /ask result: title linked, outlet and date, the
// passage with the matched words marked, "also reported by"), and its digest when over the quota.
import type { Answer, AnswerItem } from '../answer.ts';
import type { Corpus } from '../corpus.ts';
import { highlightTerms } from '../highlight.ts';
import type { Citation } from '../types.ts';

/** What a recorded post needs to be shown: enough to render it again after a restart. */
export interface PostData {
  readonly topic: string;
  readonly passageId: string;
  /** The head article first, then its copies. */
  readonly articles: readonly string[];
  readonly matched: readonly string[];
  readonly bestSentence?: { readonly start: number; readonly end: number };
}

/** The citation of an article's first passage (for copies and digest lines). */
function articleCitation(corpus: Corpus, articleId: string): Citation | undefined {
  const first = corpus.passagesOf.get(articleId)?.[0];
  return first === undefined ? undefined : corpus.citation(first);
}

/** The post, or undefined when its passage is no longer in the corpus (the article was removed). */
export function followPostAnswer(corpus: Corpus, post: PostData): Answer | undefined {
  const passage = corpus.passage(post.passageId);
  if (passage === undefined) return undefined;
  const also = post.articles
    .filter((id) => id !== passage.articleId)
    .flatMap((id) => {
      const c = corpus.passagesOf.get(id)?.[0];
      return c === undefined ? [] : [corpus.citation(c)];
    });
  const item: AnswerItem = {
    excerpt: passage.text,
    highlights: highlightTerms(passage.text, new Set(post.matched), corpus.search.synonyms.phrases),
    ...(post.bestSentence && { bestSentence: post.bestSentence }),
    citation: corpus.citation(passage),
    ...(also.length > 0 && { alsoIn: also }),
  };
  return { command: 'follow', title: `New on “${post.topic}”`, answered: true, items: [item] };
}

/** One message listing the stories over a follow's hourly quota, one field each (title; outlet, date, link). */
export function followDigestAnswer(corpus: Corpus, topic: string, heads: readonly string[]): Answer | undefined {
  const fields = heads.flatMap((id) => {
    const a = corpus.articleById.get(id);
    if (a === undefined) return [];
    const url = articleCitation(corpus, id)?.url;
    const where = `${a.outlet}${a.published ? `, ${a.published.slice(0, 10)}` : ''}`;
    return [{ name: a.title.trim() || 'Untitled', value: url !== undefined && /^https?:\/\//.test(url) ? `${where} · ${url}` : where }];
  });
  if (fields.length === 0) return undefined;
  return {
    command: 'follow',
    title: `More on “${topic}”`,
    answered: true,
    body: `${fields.length} more new article${fields.length === 1 ? '' : 's'} on this topic, over the hourly limit of posts:`,
    fields,
    items: [],
  };
}

/**
 * A follow's daily digest: the day's stories, the most widely reported first, one field each
 * (title; outlet, date, link; "also reported by" the copies). The embed keeps to Discord's limits
 * by construction: the stories that do not fit are counted in its footer ("N more not shown").
 */
export function followDailyAnswer(corpus: Corpus, topic: string, day: string, stories: readonly (readonly string[])[]): Answer | undefined {
  const present = stories
    .map((articles, order) => ({ articles: articles.filter((id) => corpus.articleById.has(id)), order }))
    .filter((s) => s.articles.length > 0)
    .sort((a, b) => b.articles.length - a.articles.length || a.order - b.order);
  const fields = present.map(({ articles }) => {
    const [head = '', ...copies] = articles;
    const a = corpus.article(head);
    const url = articleCitation(corpus, head)?.url;
    const where = `${a.outlet}${a.published ? `, ${a.published.slice(0, 10)}` : ''}`;
    const link = url !== undefined && /^https?:\/\//.test(url) ? `${where} · ${url}` : where;
    const also = [...new Set(copies.map((id) => corpus.article(id).outlet))];
    return { name: a.title.trim() || 'Untitled', value: also.length > 0 ? `${link}\nAlso reported by ${also.join(', ')}` : link };
  });
  if (fields.length === 0) return undefined;
  return {
    command: 'follow',
    title: `Daily digest: “${topic}”${day === '' ? '' : `, ${day}`}`,
    answered: true,
    body: `${fields.length} new ${fields.length === 1 ? 'story' : 'stories'} on this topic since the last digest, the most widely reported first:`,
    fields,
    items: [],
  };
}
