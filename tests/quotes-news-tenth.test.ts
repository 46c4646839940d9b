// Issue 18, tenth pass: wire-copy attribution forms found among the misses of eleven more tune
// articles. The sentences are written for these tests, not taken from any annotated article.
import { describe, expect, it } from 'vitest';
import { speakerOf } from './support/quote-text.ts';

describe('wire-copy attribution, tenth pass', () => {
  it('"said X." followed by another sentence: the name stops at the full stop', () => {
    expect(speakerOf('“We will ask for the maximum sentence,” said Hale. Charges of that kind carry a long term.', 'We will ask')).toBe('Hale');
    expect(speakerOf('"The roads are closed," said Mayor Tom Brandt. The storm is expected to last two days.', 'The roads are closed')).toBe('Tom Brandt');
    // An initial or an abbreviation is no sentence end.
    expect(speakerOf('"The roads are closed," said John F. Kelly of the county board.', 'The roads are closed')).toBe('John F. Kelly');
    // A suffix does end one: "Jr." is no title before a name.
    expect(speakerOf('"The roads are closed," said Tom Brandt Jr. The storm is expected to last two days.', 'The roads are closed')).toBe('Tom Brandt Jr');
    // Nor does a sentence after the cue make its first word part of a name.
    expect(speakerOf('"The roads are closed," said Brandt. Police asked drivers to stay home.', 'The roads are closed')).toBe('Brandt');
  });

  it('"he said" after a quotation of several sentences: the person named before the quotation', () => {
    const text = 'Tom Brandt, a former firefighter, visited the town on Monday. “We have done it before. We will do it again,” he said.';
    expect(speakerOf(text, 'We have done it before')).toBe('Tom Brandt');
    const her = 'Ana Lobo, of the regional council, described seeing the bridge fall. "The noise was terrible. Nobody could get out," she told reporters.';
    expect(speakerOf(her, 'The noise was terrible')).toBe('Ana Lobo');
    // Not across a paragraph that names nobody, nor to a man for "she".
    expect(speakerOf('Tom Brandt visited the town on Monday. "The noise was terrible. Nobody could get out," she said.', 'The noise was terrible')).toBeNull();
  });

  it('an organisation\'s possessive before the name: "The Red Cross\'s Maria Lenz said"', () => {
    expect(speakerOf('The Red Cross’s Maria Lenz said, “We need more beds in the north.”', 'We need more beds')).toBe('Maria Lenz');
    expect(speakerOf('The Workers\' Party\'s Ana Lobo said, "We need more beds in the north."', 'We need more beds')).toBe('Ana Lobo');
  });

  it('a passive characterisation names its speaker: "described by X as “…”"', () => {
    expect(speakerOf('The reforms were described by Chancellor Angela Merkel as a “historic turning point” for the country.', 'historic turning point')).toBe('Angela Merkel');
    expect(speakerOf('The vote was branded by Novak as "a betrayal of voters" on Monday.', 'a betrayal of voters')).toBe('Novak');
    // A thing after "by" names nobody.
    expect(speakerOf('The bridge was described by the report as "structurally unsound" last year.', 'structurally unsound')).toBeNull();
  });
});

describe('no publication nor plain noun as a speaker, tenth pass', () => {
  it('"described by the Daily Hive as": a publication after "the" names no speaker', () => {
    expect(speakerOf('The festival was described by the Daily Hive as a "celebration of everything geeky" this year.', 'celebration of everything')).toBeNull();
  });

  it('"Reports said" names nobody, even where a journal called "Scientific Reports" is named', () => {
    const text = 'The study appeared in Scientific Reports last year. Reports said the two leaders had "mild symptoms" on Friday.';
    expect(speakerOf(text, 'mild symptoms')).toBeNull();
  });
});

describe('wire-copy cues, tenth pass (second group)', () => {
  it('"According to X, <what X reported>: “…”": the colon form keeps the source', () => {
    expect(speakerOf('According to District Attorney Ann Moss, the evidence could support a murder charge: "The intent is clear from the messages."', 'The intent is clear')).toBe('Ann Moss');
    expect(speakerOf('According to Moss, the evidence is strong: “The intent is clear.”', 'The intent is clear')).toBe('Moss');
  });

  it('"informed the press", "informed reporters" are speech', () => {
    expect(speakerOf('"The committee will meet again next week," Ann Moss informed reporters.', 'The committee will meet')).toBe('Ann Moss');
    expect(speakerOf('The Labour Party lost the vote. “We accept the ruling of the court,” the party informed the press.', 'We accept the ruling')).toMatch(/Labour Party$/);
  });

  it('"then-Senator X": a hyphenated "then-" title before the name', () => {
    expect(speakerOf('"We need certainty now," said then-Senator Kaye Ross.', 'We need certainty now')).toBe('Kaye Ross');
    expect(speakerOf('In a statement posted to her Twitter account, then-Senator Kaye Ross affirmed her support, writing, "We need certainty now."', 'We need certainty now')).toBe('Kaye Ross');
  });

  it('a clause after a semicolon has its own subject: "…, said X, the minister; he described … and urged … “…”"', () => {
    const text = '"We will find them," said Delfin Ramos, the defence secretary; he described the attack as a "cowardly act" and urged residents to help police and "deny the attackers any victory".';
    expect(speakerOf(text, 'cowardly act')).toBe('Delfin Ramos');
    expect(speakerOf(text, 'deny the attackers')).toBe('Delfin Ramos');
  });
});

describe("a place's institution as the speaker, tenth pass", () => {
  it('"The government of Fiji said": the government, never the place', () => {
    expect(speakerOf('The government of Fiji said: "The decision belongs to our people alone."', 'The decision belongs')).toBe('Government of Fiji');
    expect(speakerOf('"The decision belongs to our people alone," the government of Fiji said.', 'The decision belongs')).toBe('Government of Fiji');
    expect(speakerOf('The government of Fiji issued a statement rejecting the ruling: "The decision belongs to our people alone."', 'The decision belongs')).toBe('Government of Fiji');
  });
});

describe('documents and statements of a named person, tenth pass', () => {
  it('"issued the following statement from X:": X speaks', () => {
    expect(speakerOf('The ministry released the following statement from Minister Ana Lobo: "The crown stands above politics."', 'The crown stands')).toBe('Ana Lobo');
    const king = 'King Maha Rama spoke on Friday. The palace issued the following statement from the king: "The crown stands above politics."';
    expect(speakerOf(king, 'The crown stands')).toBe('Maha Rama');
    // Nobody named as the king: nobody.
    expect(speakerOf('The palace issued the following statement from the king: "The crown stands above politics."', 'The crown stands')).toBeNull();
  });

  it('"“…,” reads Judge X\'s statement": the statement\'s owner', () => {
    expect(speakerOf('Judge Ann Harlan ruled against the state. "Nobody is above the law," reads Judge Harlan\'s statement.', 'Nobody is above')).toBe('Ann Harlan');
    expect(speakerOf('"Nobody is above the law," reads Judge Ann Harlan’s written opinion.', 'Nobody is above')).toBe('Ann Harlan');
  });
});

describe('wire-copy reversed cues, tenth pass', () => {
  it('"“…,” U.N. envoy X told": a dotted acronym in the description before the name', () => {
    expect(speakerOf('"The talks failed," U.N. envoy Jan Novak told the Security Council.', 'The talks failed')).toBe('Jan Novak');
  });

  it('"“…,” said one resident, X, 62.": a bystander described, then named', () => {
    expect(speakerOf('"It\'s a disaster," said one resident, Maria Costa, 62.', "It's a disaster")).toBe('Maria Costa');
    expect(speakerOf('"It\'s a disaster," said a local shopkeeper, Maria Costa.', "It's a disaster")).toBe('Maria Costa');
  });

  it('"“…,” the senator from Ohio, X, said": a description ending in a place, then the name', () => {
    expect(speakerOf('"This is not over," the senator from Ohio, Jim Kane, said.', 'This is not over')).toBe('Jim Kane');
  });
});

describe('platforms and places after the verb, tenth pass', () => {
  it('"“…,” Iran\'s foreign minister, X, said on Twitter": the minister, never "Twitter"', () => {
    expect(speakerOf('"This is an act of war," Iran\'s foreign minister, Javad Zarifi, said on Twitter.', 'This is an act of war')).toBe('Javad Zarifi');
    // No name at all: nobody, not the platform nor the place.
    expect(speakerOf('Officials met on Monday. "This is an act of war," said on Twitter.', 'This is an act of war')).toBeNull();
    expect(speakerOf('"We will stay until the end," said in Geneva a man who gave no name.', 'We will stay')).toBeNull();
  });
});

describe('a passive characterisation with its agent after the quotation, tenth pass', () => {
  it('"were described as “…” by X": X', () => {
    expect(speakerOf('The fires were described as "an international crisis" by French President Emmanuel Macron.', 'an international crisis')).toBe('Emmanuel Macron');
    // The agent's name ends at a full stop: the next sentence is not part of it.
    expect(speakerOf('The fires were described as "an international crisis" by Emmanuel Macron. The summit opens on Monday.', 'an international crisis')).toBe('Emmanuel Macron');
    // Not a thing after "by".
    expect(speakerOf('The bridge was described as "structurally unsound" by the report.', 'structurally unsound')).toBeNull();
  });
});

describe('a quotation paragraph after reported speech, tenth pass', () => {
  it('a paragraph that is only a quotation continues the person whose speech ends the paragraph before', () => {
    const text = 'Mayor Tom Brandt said the city would rebuild.\n\n"We have done it before. We will do it again."';
    expect(speakerOf(text, 'We have done it before')).toBe('Tom Brandt');
    // Not after a paragraph in which nobody speaks, nor where more than the quotation stands (that
    // fragment, found or not, gets no speaker: no cue governs it).
    expect(speakerOf('Mayor Tom Brandt visited the site on Monday.\n\n"We have done it before. We will do it again."', 'We have done it before')).toBeNull();
    expect(speakerOf('Mayor Tom Brandt said the city would rebuild.\n\nThe flood was the worst in years, and "nothing was left standing" in the old town.', 'nothing was left') ?? null).toBeNull();
  });
});

describe('reported speech relayed by a medium, tenth pass', () => {
  it('"The BBC reported X as saying", "X was reported as saying", "X is reported to have said": X', () => {
    expect(speakerOf('The BBC reported Ana Lobo as saying "the vote is a farce."', 'the vote is a farce')).toBe('Ana Lobo');
    expect(speakerOf('Ana Lobo was reported as saying "the vote is a farce."', 'the vote is a farce')).toBe('Ana Lobo');
    expect(speakerOf('Ana Lobo is reported to have said that "the vote is a farce."', 'the vote is a farce')).toBe('Ana Lobo');
  });

  it('"“…,” the ministry\'s spokesperson X stated": a lower-case owner before the title and name', () => {
    expect(speakerOf('"The vote was fair," the ministry\'s spokesperson Jan Novak stated in a press release.', 'The vote was fair')).toBe('Jan Novak');
  });
});

describe('a pronoun carried from sentence to sentence, tenth pass', () => {
  it('"X addressed …. He said …. “…,” he said": the person the first "he" meant', () => {
    const text = 'Iranian President Hassan Rahimi addressed the assembly on Wednesday. He said Iran would not negotiate under pressure. "We will never accept talks under sanctions," he said.';
    expect(speakerOf(text, 'We will never accept')).toBe('Hassan Rahimi');
    const across = 'Iranian President Hassan Rahimi addressed the assembly on Wednesday.\n\nHe said Iran would not negotiate under pressure. "We will never accept talks under sanctions," he said.';
    expect(speakerOf(across, 'We will never accept')).toBe('Hassan Rahimi');
    // The chain stops at a sentence that names nobody.
    const broken = 'Iranian President Hassan Rahimi addressed the assembly on Wednesday. The speech lasted an hour.\n\n"We will never accept talks under sanctions," he said.';
    expect(speakerOf(broken, 'We will never accept')).toBeNull();
  });
});

describe('a role with a capitalised modifier, tenth pass', () => {
  it('"“…,” the Kremlin spokesman said": the person the article titled so', () => {
    const text = 'Kremlin spokesman Dmitry Peskov was asked about the deal. "We have nothing to add," the Kremlin spokesman said.';
    expect(speakerOf(text, 'We have nothing to add')).toBe('Dmitry Peskov');
    // Nobody titled so: nobody.
    expect(speakerOf('Officials met on Monday. "We have nothing to add," the Kremlin spokesman said.', 'We have nothing to add')).toBeNull();
  });
});

describe('asides between a name and its verb, tenth pass', () => {
  it('"(pictured)" and "— who … —" between the name and the verb', () => {
    expect(speakerOf('"We are ready," Novak — who leads the party — told reporters.', 'We are ready')).toBe('Novak');
    expect(speakerOf('"We are ready," Novak (pictured) told reporters.', 'We are ready')).toBe('Novak');
    expect(speakerOf('Novak — the party\'s leader — said: "We are ready."', 'We are ready')).toBe('Novak');
    expect(speakerOf('Jan Novak (pictured) said: "We are ready."', 'We are ready')).toBe('Jan Novak');
  });

  it('"X of the Freedom Party (FP) said": the person, never the party', () => {
    expect(speakerOf('Jan Novak of the Freedom Party (FP) said: "We are ready."', 'We are ready')).toBe('Jan Novak');
    expect(speakerOf('"We are ready to govern now," Jan Novak of the Freedom Party said.', 'We are ready')).toBe('Jan Novak');
    expect(speakerOf('"We are ready," Jan Novak of the Freedom Party (FP) said.', 'We are ready')).toBe('Jan Novak');
  });
});

describe('an aside that is the cue, tenth pass', () => {
  it('"to – as General Hokanson says – “surge trust”" keeps its cue', () => {
    expect(speakerOf('It bolsters our capacity to – as General Mark Hale says – “surge trust” when it matters.', 'surge trust')).toBe('Mark Hale');
  });
});

describe('partial quotations after characterising verbs, tenth pass', () => {
  it('"rejected", "denied", "spoke of", "apologised for", "threatened" characterise what was said', () => {
    expect(speakerOf('Foreign Minister Ana Lobo denied any "wrongdoing whatsoever".', 'wrongdoing whatsoever')).toBe('Ana Lobo');
    expect(speakerOf('Foreign Minister Ana Lobo spoke of "a new era of cooperation".', 'a new era')).toBe('Ana Lobo');
    expect(speakerOf('Foreign Minister Ana Lobo apologised for the "unacceptable delays".', 'unacceptable delays')).toBe('Ana Lobo');
    expect(speakerOf('Foreign Minister Ana Lobo threatened "severe consequences" if the deal collapsed.', 'severe consequences')).toBe('Ana Lobo');
  });
});

describe('a participle after "before", tenth pass', () => {
  it('"“…,” X said, before adding: “…”": both are X\'s', () => {
    expect(speakerOf('"It is a disgrace," Novak said, before adding: "We will fight it."', 'We will fight it')).toBe('Novak');
  });
});
