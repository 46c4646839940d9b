// One test per quotation form of issue 4, on tiny hand-written articles.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAliasFile, EMPTY_ALIASES } from '../src/core/quotes/aliases.ts';
import { extractQuotes } from '../src/core/quotes/extract.ts';
import { buildSpeakers } from '../src/core/quotes/speakers.ts';
import { queryQuotes } from '../src/core/quotes/query.ts';
import type { Article, Passage, Quote } from '../src/core/types.ts';
import { CORPUS } from './support/paths.ts';

const aliases = parseAliasFile(readFileSync(`${CORPUS}/aliases.yml`, 'utf8'), 'corpus/aliases.yml').table;

function article(text: string, published = '2025-02-13', id = 'a'): Article {
  return { id, title: 'T', outlet: 'O', published, authors: [], tags: [], source: 's', text };
}
function quotesOf(text: string, published?: string, table = aliases): Quote[] {
  const a = article(text, published);
  const passages: Passage[] = [{ id: 'a#1', articleId: 'a', n: 1, text, start: 0, end: text.length }];
  const qs = extractQuotes(a, passages, table);
  for (const q of qs) expect(text.slice(q.start, q.end)).toBe(q.text);
  return qs;
}
const who = (qs: Quote[], startOfText: string): string | null | undefined => qs.find((q) => q.text.startsWith(startOfText))?.speakerId;

describe('quoted spans and cues', () => {
  it('straight and curly quotes, forward cue with a verb of saying', () => {
    const qs = quotesOf('Putin said "we are ready to talk to anyone at all." Trump said “nobody was ever tougher on Russia than me.”');
    expect(qs.map((q) => [q.speakerId, q.text])).toEqual([
      ['vladimir-putin', 'we are ready to talk to anyone at all.'],
      ['donald-trump', 'nobody was ever tougher on Russia than me.'],
    ]);
    expect(qs[0]?.cue).toBe('Putin said');
  });

  it('a multi-sentence quote is one quote, and its context is the sentences around it', () => {
    const qs = quotesOf('Biden told reporters: “We will respond. It will be measured. It will be proportionate.” The talks end today.');
    expect(qs).toHaveLength(1);
    expect(qs[0]?.text).toBe('We will respond. It will be measured. It will be proportionate.');
    expect(qs[0]?.speakerId).toBe('joe-biden');
    expect(qs[0]?.cue).toBe('Biden told reporters');
    expect(qs[0]?.context).toBe('Biden told reporters: “We will respond. It will be measured. It will be proportionate.”');
  });

  it('reversed form and a quote interrupted by its attribution', () => {
    const qs = quotesOf('Vladimir Putin met the press. “We are not going to retreat,” he said. “Our position is clear to everyone.”');
    expect(qs.map((q) => q.speakerId)).toEqual(['vladimir-putin', 'vladimir-putin']);
    const qs2 = quotesOf('“Sanctions will not change our course,” said Sergei Lavrov, “and they never have in the past.”');
    expect(qs2.map((q) => q.speakerId)).toEqual(['sergei-lavrov', 'sergei-lavrov']);
    const qs3 = quotesOf('Putin “can’t be thrilled, he’s not doing so well,” Trump told reporters.');
    expect(qs3[0]?.speakerId).toBe('donald-trump');
    expect(qs3[0]?.cue).toBe('Trump told reporters');
  });

  it('colon form', () => {
    const qs = quotesOf('Responding to the Mueller report, Trump declared: “After three years of lies and smears and slander, the Russia hoax is finally dead.”');
    expect(qs[0]?.speakerId).toBe('donald-trump');
    expect(qs[0]?.cue).toBe('Trump declared');
  });

  it('nested single quotes belong to whoever the text says', () => {
    const qs = quotesOf('“Putin told me, ‘We will never invade Ukraine,’ and I believed him at the time,” Macron said.');
    expect(who(qs, 'Putin told me')).toBe('macron');
    expect(who(qs, 'We will never invade')).toBe('vladimir-putin');
  });

  it('a pronoun refers back to the subject, not to the last name mentioned', () => {
    const qs = quotesOf('Trump has a history of admiring comments about Putin. He rejects that, saying “no U.S. president was ever tougher on Moscow.”');
    expect(qs[0]?.speakerId).toBe('donald-trump');
    const qs2 = quotesOf('In July 2018, at a summit with Putin in Helsinki, Trump shocked his own aides when he said he accepted the Kremlin leader’s “extremely strong and powerful” denial.');
    expect(qs2[0]?.speakerId).toBe('donald-trump');
  });

  it('a following sentence that is only a quote continues the same speaker', () => {
    const qs = quotesOf('Putin “can’t be thrilled,” Trump told reporters on January 20. “Russia is bigger, they have more soldiers to lose.” He has threatened sanctions.');
    expect(qs.map((q) => q.speakerId)).toEqual(['donald-trump', 'donald-trump']);
    expect(qs[1]?.cue).toBe('Trump told reporters');
  });

  it('a name seen in full first resolves a later surname; a shared surname resolves to nobody', () => {
    const qs = quotesOf('Kremlin spokesman Dmitry Ivanovich Peskovich spoke on Monday. Peskovich said “the talks were useful for both sides.”', '2025-01-01', EMPTY_ALIASES);
    expect(qs[0]?.speakerId).toBe('dmitry-ivanovich-peskovich');
    const qs2 = quotesOf('Joe Smith and Jill Smith both spoke. Smith said “we have nothing to add to that.”', '2025-01-01', EMPTY_ALIASES);
    expect(qs2[0]?.speakerId).toBeNull();
  });
});

describe('transcripts and captions', () => {
  const transcript = [
    'The South Lawn',
    '10:46 A.M. EDT',
    'Q What’s your message to Putin on cyber?',
    'THE PRESIDENT: I will deliver it to him.',
    'It will be clear.',
    '(Laughter.)',
    'MS. PSAKI: Good morning. As the President said, “we will respond.”',
    'SENIOR ADMINISTRATION OFFICIAL: Thanks, everyone.',
    '10:47 A.M. EDT',
  ].join('\n\n');

  it('labels attribute the whole paragraph after them, and later paragraphs until the next label', () => {
    const qs = quotesOf(transcript, '2021-07-07');
    expect(qs.map((q) => [q.speakerId, q.text, q.cue])).toEqual([
      ['reporter', 'What’s your message to Putin on cyber?', 'Q'],
      ['joe-biden', 'I will deliver it to him.', 'THE PRESIDENT:'],
      ['joe-biden', 'It will be clear.', 'THE PRESIDENT:'],
      ['jen-psaki', 'Good morning. As the President said, “we will respond.”', 'MS. PSAKI:'],
      ['senior-administration-official', 'Thanks, everyone.', 'SENIOR ADMINISTRATION OFFICIAL:'],
    ]);
  });

  it('THE PRESIDENT means the president of the day', () => {
    expect(quotesOf('THE PRESIDENT: Thank you all.', '2025-03-01')[0]?.speakerId).toBe('donald-trump');
    expect(quotesOf('THE PRESIDENT: Thank you all.', '2022-03-01')[0]?.speakerId).toBe('joe-biden');
  });

  it('caption headers attribute to the named person', () => {
    const qs = quotesOf(
      'Trump seemed to be courting Russia again.\n\nVLADIMIR PUTIN RUSSIAN PRESIDENT "The visit of Mr. Bolton is a hope for our two governments."\n\nDONALD TRUMP US PRESIDENT "I think it would be an asset to have Russia back in."',
    );
    expect(qs.map((q) => [q.speakerId, q.cue])).toEqual([
      ['vladimir-putin', 'VLADIMIR PUTIN RUSSIAN PRESIDENT'],
      ['donald-trump', 'DONALD TRUMP US PRESIDENT'],
    ]);
  });

  it('a name header with a colon attributes the quote after it', () => {
    const qs = quotesOf('Gov. Josh Shapiro (D-PA): “After more than 3 years in Russian captivity, Marc is home.”\n\nThe Fogel Family: “We are beyond grateful and relieved today.”');
    expect(qs.map((q) => [q.speakerId, q.cue])).toEqual([
      ['josh-shapiro', 'Gov. Josh Shapiro (D-PA):'],
      ['the-fogel-family', 'The Fogel Family:'],
    ]);
  });
});

describe('not quotations', () => {
  it('names and titles in quotes are not quotes', () => {
    const qs = quotesOf(
      'The emergence in 2017 of a document known as the “Steele dossier,” prepared by a former spy, fanned speculation. The “National Security Strategy Of The United States” was published.',
    );
    expect(qs).toEqual([]);
  });

  it('scare quotes are not quotes, and a phrase critics used is not attributed to the criticised', () => {
    const qs = quotesOf('Trump has a history of admiring comments about Putin that have long prompted criticism that he is “soft on Russia”. The “ridiculous” war goes on.');
    expect(qs).toEqual([]);
  });

  it('a quote nobody is said to have said is kept without a speaker', () => {
    const qs = quotesOf('The crowd waited. “We want peace and we want it now, before the winter comes.”');
    expect(qs).toHaveLength(1);
    expect(qs[0]?.speakerId).toBeNull();
    expect(qs[0]?.cue).toBe('');
  });

  it('a passive question puts the words in the asker’s mouth, not the subject’s', () => {
    const qs = quotesOf('At the summit, Putin was asked directly whether Russia had any “compromising material” on Trump.');
    expect(qs.every((q) => q.speakerId !== 'vladimir-putin')).toBe(true);
  });

  it('“Trump’s lawyers” is a group, not Trump', () => {
    const qs = quotesOf('Donald Trump denied it. Trump’s lawyers have said it was “egregiously inaccurate” and contained “numerous false, phony or made-up allegations.”');
    expect(qs.map((q) => q.speakerId)).toEqual(['donald-trumps-lawyers', 'donald-trumps-lawyers']);
    expect(qs[0]?.speaker).toBe('Donald Trump’s lawyers');
  });
});

describe('alias file', () => {
  it('reports bad entries by number and keeps the good ones', () => {
    const { table, warnings } = parseAliasFile('- name: Jen Psaki\n  aliases: [Psaki]\n- aliases: [nobody]\n- name: X\n  kind: robot\n', 'corpus/aliases.yml');
    expect(table.entries.map((e) => e.id)).toEqual(['jen-psaki']);
    expect(warnings.map((w) => w.reason)).toEqual([expect.stringContaining('entry 2 skipped: name'), expect.stringContaining('entry 3 skipped: kind')]);
    expect(parseAliasFile('name: [', 'f').warnings[0]?.reason).toMatch(/not valid YAML/);
  });

  it('an alias claimed by two speakers stays with the first, with a warning', () => {
    const { table, warnings } = parseAliasFile('- name: Joe Biden\n  aliases: [Biden]\n- name: Jill Biden\n  aliases: [Biden]\n', 'f');
    expect(table.byKey.get('biden')?.id).toBe('joe-biden');
    expect(warnings[0]?.reason).toMatch(/"Biden" names both Joe Biden and Jill Biden/);
  });
});

describe('speaker index and queries', () => {
  const qs = [...quotesOf('MS. PSAKI: We will respond.\n\nQ Thank you.\n\nMS. PSAKI: Next question.', '2022-02-01'), ...quotesOf('Putin said “we are ready to talk to anyone at all.”', '2022-03-01')];
  const index = buildSpeakers(qs, aliases);

  it('counts speakers and resolves any alias, case-insensitively', () => {
    expect(index.speakers.map((s) => [s.id, s.count])).toEqual([
      ['jen-psaki', 2],
      ['reporter', 1],
      ['vladimir-putin', 1],
    ]);
    expect(index.resolve('President Putin')?.id).toBe('vladimir-putin');
    expect(index.resolve('putin')?.id).toBe('vladimir-putin');
    expect(index.resolve('the Kremlin leader')?.id).toBe('vladimir-putin');
    expect(index.resolve('MS. PSAKI')?.id).toBe('jen-psaki');
    expect(index.resolve('Medvedev')).toBeUndefined();
  });

  it('suggests by prefix of any word, most quoted first', () => {
    expect(index.suggest('ps').map((s) => s.id)).toEqual(['jen-psaki']);
    expect(index.suggest('jen p').map((s) => s.id)).toEqual(['jen-psaki']);
    expect(index.suggest('kreml').map((s) => s.id)).toEqual(['vladimir-putin']);
    expect(index.suggest('').map((s) => s.id)).toEqual(['jen-psaki', 'reporter', 'vladimir-putin']);
  });

  it('suggests the same speakers when a short prefix matches thousands of names (the fast path)', () => {
    // 3,000 speakers with names over a few syllables, so one- and two-letter prefixes match hundreds.
    const syllables = ['pa', 'po', 'pe', 'ma', 'mo', 'ka', 'ko', 'ja', 'je', 'so', 'ri', 'lu'];
    const word = (n: number, len: number): string => Array.from({ length: len }, (_, i) => syllables[(n * 7 + i * 5 + (n >> i)) % syllables.length]).join('');
    const many: Quote[] = [];
    for (let n = 0; n < 3000; n++) {
      const name = `${word(n, 2)[0]?.toUpperCase()}${word(n, 2).slice(1)} ${word(n * 13 + 1, 3)}`;
      for (let c = 0; c < 1 + (n % 5); c++) many.push({ speakerId: `s${n}`, speaker: name, text: 't', cue: '', start: 0, end: 1, context: 't', passageId: 'p#1', articleId: 'p' });
    }
    const big = buildSpeakers(many, EMPTY_ALIASES);
    // The plain definition: every speaker with a word of a name starting with each typed word, most quoted first.
    const reference = (typed: string, limit: number): string[] => {
      const parts = typed.toLowerCase().split(' ').filter(Boolean);
      return big.speakers
        .filter((s) => {
          const ws = s.name.toLowerCase().split(' ');
          return parts.every((p, i) => (i === 0 ? [...ws, s.name.toLowerCase()] : ws).some((w) => w.startsWith(p))) || s.name.toLowerCase().startsWith(typed.toLowerCase());
        })
        .slice(0, limit)
        .map((s) => s.id);
    };
    for (const typed of ['p', 'pa', 'm', 'mo', 'k', 'kar', 'j', 'so', 'pa m', 'p k', 'rilu', 'x']) {
      expect(
        big.suggest(typed, 40).map((s) => s.id),
        typed,
      ).toEqual(reference(typed, 40));
    }
    expect(big.suggest('p', 40)).toHaveLength(40);
  });

  it('proposes the closest speakers for a misspelt name', () => {
    expect(index.closest('Puttin').map((s) => s.id)).toEqual(['vladimir-putin']);
    expect(index.closest('Psacki')[0]?.id).toBe('jen-psaki');
    expect(index.closest('Zzzzzzzz')).toEqual([]);
  });

  it('filters by speaker and date bounds and orders newest first unless asked', () => {
    const published = (id: string): string => (id === 'a' ? '2022-03-01' : '');
    const all = qs.map((q, i) => ({ ...q, articleId: i < 3 ? 'b' : 'a' }));
    const pub = (id: string): string => (id === 'b' ? '2022-02-01' : published(id));
    expect(queryQuotes(all, { speakerId: 'jen-psaki' }, pub).map((q) => q.text)).toEqual(['We will respond.', 'Next question.']);
    expect(queryQuotes(all, {}, pub)[0]?.speakerId).toBe('vladimir-putin');
    expect(queryQuotes(all, { order: 'oldest' }, pub)[0]?.speakerId).toBe('jen-psaki');
    expect(queryQuotes(all, { from: '2022-03' }, pub).map((q) => q.speakerId)).toEqual(['vladimir-putin']);
    expect(queryQuotes(all, { to: '2022-02' }, pub)).toHaveLength(3);
    expect(queryQuotes(all, { keep: (q) => q.text.includes('anyone') }, pub)).toHaveLength(1);
  });
});
