import { describe, expect, it } from 'vitest';
import { extractTopics, suggestTopics } from '../src/core/topics.ts';
import type { Article } from '../src/core/types.ts';
import { loadArticles } from '../src/load/loader.ts';
import { silentLogger } from '../src/log.ts';
import { CORPUS } from './support/paths.ts';

const article = (id: string, text: string): Article => ({ id, title: 'T', outlet: 'O', published: '2020-01-01', authors: [], tags: [], source: id, text });

describe('topics for autocomplete', () => {
  it('suggest what the seed corpus covers, matching any word of a topic', async () => {
    const { articles } = await loadArticles([CORPUS], { log: silentLogger() });
    const topics = extractTopics(articles);
    const names = (typed: string) => suggestTopics(topics, typed, 25).map((t) => t.name);
    expect(names('stee')).toContain('Steele');
    expect(names('hel')).toContain('Helsinki');
    expect(names('sanc')).toContain('sanctions');
    expect(names('put')).toContain('Vladimir Putin');
    expect(names('')).toHaveLength(25);
  });

  it('leave out filler, labels and sentence-initial capitals, and merge case variants', () => {
    const topics = extractTopics([
      article('a', 'Q Thanks so much. And I think sanctions matter.\n\nMS. PSAKI: Sanctions are going to work. I’m saying the Kremlin knows.'),
      article('b', 'Sanctions: the Kremlin responded, saying sanctions first.'),
    ]);
    const names = topics.map((t) => t.name);
    for (const filler of ['Thanks', 'And I', 'I’m', 'saying', 'going', 'think', 'first', 'Q', 'PSAKI', 'Sanctions']) expect(names).not.toContain(filler);
    expect(topics.find((t) => t.name === 'sanctions')?.count).toBe(2);
    expect(names).toContain('Kremlin');
  });
});
