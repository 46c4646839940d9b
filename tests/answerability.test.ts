// The answerability model's inputs as a reader would judge them: what a question asks for, and
// whether a sentence holds it; and the model file is well-formed (one weight per feature).
import { describe, expect, it } from 'vitest';
import { askedType, countedTerms, countsOf, holdsNewAnswer } from '../src/core/search/answer-evidence.ts';
import { ALL_FEATURES, ANSWERABILITY, askedFor, FEATURE_NAMES, holdsAskedFor } from '../src/core/search/answerability.ts';
import { asksForWords, holdsQuotation } from '../src/core/search/question-kind.ts';

describe('answerability', () => {
  it('reads what a question asks for from its wording', () => {
    expect(askedFor('How many Russian diplomats did the US expel?')).toBe('number');
    expect(askedFor('When did Anne Sacoolas leave the UK?')).toBe('date');
    expect(askedFor('who helped get brittney griner home')).toBe('person');
    expect(askedFor('Where was Qasem Soleimani killed?')).toBe('place');
    expect(askedFor('did trump take back his helsinki remarks')).toBeUndefined();
  });

  it('checks that the best sentence holds a number, a date, a name or a place', () => {
    expect(holdsAskedFor('number', 'This second expulsion for the US was a record 60.')).toBe(true);
    expect(holdsAskedFor('number', 'Washington joined a collective action by western countries.')).toBe(false);
    expect(holdsAskedFor('date', 'The call took place on Tuesday.')).toBe(true);
    expect(holdsAskedFor('person', 'I also want to thank Steve Witkoff for his work.')).toBe(true);
    expect(holdsAskedFor('person', 'Officials met again.')).toBe(false);
    expect(holdsAskedFor('place', 'He was killed in an air strike near Baghdad.')).toBe(true);
  });

  it('has one weight, mean and scale per feature the code computes, and a threshold between 0 and 1', () => {
    expect(FEATURE_NAMES.length).toBeGreaterThan(0);
    for (const name of ANSWERABILITY.features) expect(ALL_FEATURES).toContain(name);
    expect(ANSWERABILITY.weights).toHaveLength(FEATURE_NAMES.length);
    expect(ANSWERABILITY.mean).toHaveLength(FEATURE_NAMES.length);
    expect(ANSWERABILITY.scale.every((s) => s > 0)).toBe(true);
    expect(ANSWERABILITY.threshold).toBeGreaterThan(0);
    expect(ANSWERABILITY.threshold).toBeLessThan(1);
  });
});

describe('near-misses: the asked-for detail that the question does not already say', () => {
  const asked = (question: string): Set<string> => new Set(question.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
  it('reads a "when" inside a question about words as no date, and "the name of" as a name', () => {
    expect(askedType('When did Anne Sacoolas leave the UK?')).toBe('date');
    expect(askedType('what did putin say when bolton came to moscow')).toBeUndefined();
    expect(askedType('What was the name of the ship that took the troops?')).toBe('name');
    expect(askedType('did trump take back his helsinki remarks')).toBeUndefined();
  });
  it('wants a name none of whose words the question says', () => {
    const q = 'Who did Trump name to replace Bolton as national security advisor?';
    expect(holdsNewAnswer('person', 'Trump said he will be naming a new National Security Advisor next week, after John Bolton left.', asked(q))).toBe(false);
    expect(holdsNewAnswer('person', 'Trump named Robert O’Brien to replace Bolton.', asked(q))).toBe(true);
  });
  it('wants a number that is not a year, a date or the question’s own', () => {
    const q = 'How many Russian diplomats did the Obama administration expel?';
    expect(holdsNewAnswer('number', 'In March 2018 the Obama administration had already expelled diplomats.', asked(q))).toBe(false);
    expect(holdsNewAnswer('number', 'This second expulsion for the US was a record 60.', asked(q))).toBe(true);
    expect(holdsNewAnswer('number', 'What were the names of the 33 Russians? The 33 were held.', asked('how many of the 33 russians'))).toBe(false);
  });
});

describe('questions after someone’s own words', () => {
  it('are told from other questions', () => {
    expect(asksForWords('what did putin call his ties with trump')).toBe(true);
    expect(asksForWords('How did Biden describe the attack?')).toBe(true);
    expect(asksForWords('who called Putin a killer')).toBe(false);
    expect(asksForWords('when did Biden call Putin')).toBe(false);
  });
  it('prefer a sentence with a quotation of two words or more', () => {
    expect(holdsQuotation('Putin said he had always had “pragmatic and trusting” relations with Trump.')).toBe(true);
    expect(holdsQuotation('Putin called the talks "useful".')).toBe(false);
    expect(holdsQuotation('Putin said relations were good.')).toBe(false);
  });
});

describe('near-misses: "how many X" wants a number before X', () => {
  it('reads the counted words of the question, up to the first stop word', () => {
    expect(countedTerms('How many Russian diplomats did the US expel?')).toEqual(['russian', 'diplomat']);
    expect(countedTerms('how many seats did the SNP pick up in 2019')).toEqual(['seat']);
    expect(countedTerms('Who did Trump name to replace Bolton?')).toEqual([]);
  });

  it('finds a number within three words before a counted word, not any number', () => {
    const drones = new Set(countedTerms('How many drones did the Houthis use?'));
    expect(countsOf('Yahya Sarea said it had carried out the attack using ten drones.', drones)).toBe(true);
    const killed = new Set(countedTerms('How many people were killed in the drone attack on Abqaiq?'));
    expect(countsOf('The oil field is about 160 km (100 miles) east of the capital, Riyadh.', killed)).toBe(false);
    expect(countsOf('In 2019 people were evacuated.', killed)).toBe(false);
  });
});
