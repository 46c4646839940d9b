import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeButton, encodeButton } from '../src/render/custom-id.ts';
import type { ButtonState } from '../src/render/custom-id.ts';

const known = { action: 'page', command: 'ask', page: 0 } as const;

describe('encodeButton / decodeButton', () => {
  it('encodes the usual states compactly', () => {
    expect(encodeButton({ ...known, args: { query: 'expelled diplomats' } })).toBe('1|p|a|0|q=expelled diplomats');
    expect(encodeButton({ action: 'post', command: 'timeline', page: 36, args: { topic: 'sanctions', from: '2014', to: '2018-06', source: 'RT' } })).toBe('1|s|t|10|t=sanctions|f=2014|o=2018-06|s=RT');
    expect(encodeButton({ action: 'confirm-reset', command: 'config', page: 0, args: {} })).toBe('1|r|c|0');
  });

  it('round-trips separators, Cyrillic, emoji and names it has no code for', () => {
    const state: ButtonState = {
      action: 'show-more',
      command: 'digest',
      page: 12345,
      args: { query: 'a|b=c~0 ~1 Путин 🇷🇺👨‍👩‍👧', 'my=key': '', '.q': 'x', q: 'y' },
    };
    const id = encodeButton(state);
    expect(id).toBeDefined();
    expect(decodeButton(id ?? '')).toEqual({ ok: true, state });
  });

  it('fits a 90-character query and refuses a 91-character one instead of cutting it', () => {
    const fits = encodeButton({ ...known, args: { query: 'x'.repeat(90) } });
    expect(fits?.length).toBe(100);
    expect(encodeButton({ ...known, args: { query: 'x'.repeat(91) } })).toBeUndefined();
    // Escaping counts: 45 pipes take 90 characters.
    expect(encodeButton({ ...known, args: { query: '|'.repeat(45) } })?.length).toBe(100);
    expect(encodeButton({ ...known, args: { query: '|'.repeat(46) } })).toBeUndefined();
  });

  it('refuses pages and text it cannot carry faithfully', () => {
    for (const page of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(encodeButton({ ...known, page, args: {} })).toBeUndefined();
    }
    expect(encodeButton({ ...known, args: { query: 'broken \ud83d pair' } })).toBeUndefined();
  });

  it('says what is wrong with a foreign or damaged id', () => {
    expect(decodeButton('confirm')).toEqual({ ok: false, message: 'unknown button format "confirm"' });
    expect(decodeButton('2|p|a|0')).toEqual({ ok: false, message: 'unknown button format "2"' });
    expect(decodeButton('1|p|a')).toEqual({ ok: false, message: 'button id is incomplete' });
    expect(decodeButton('1|z|a|0')).toEqual({ ok: false, message: 'unknown button action "z"' });
    expect(decodeButton('1|p|zz|0')).toEqual({ ok: false, message: 'unknown command "zz"' });
    expect(decodeButton('1|p|a|-1')).toEqual({ ok: false, message: 'bad page "-1"' });
    expect(decodeButton('1|p|a|01')).toEqual({ ok: false, message: 'bad page "01"' });
    expect(decodeButton('1|p|a|0|q')).toEqual({ ok: false, message: 'button option without a value' });
    expect(decodeButton('1|p|a|0|q=a~9')).toEqual({ ok: false, message: 'bad button option "q=a~9"' });
    expect(decodeButton('1|p|a|0|q=a|.query=b')).toEqual({ ok: false, message: 'option "query" given twice' });
  });
});

// Any string, with the characters the format treats specially made likely.
const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: fc.constantFrom('~', '|', '=', '.', '0', '1', '2', 'a', 'q', 'П', '🇷🇺', ' '), maxLength: 40 }));

const stateArb: fc.Arbitrary<ButtonState> = fc.record({
  action: fc.oneof(fc.constantFrom('page', 'post', 'confirm-reset', 'noop'), text),
  command: fc.oneof(fc.constantFrom('ask', 'timeline', 'quote', 'sources', 'help', 'about', 'config'), text),
  page: fc.oneof(fc.nat({ max: 100 }), fc.nat()),
  args: fc.dictionary(fc.oneof(fc.constantFrom('query', 'topic', 'from', 'to', 'source', 'speaker'), text), text, { maxKeys: 5 }),
});

describe('custom id: properties', () => {
  it('decodes what it encodes, always within 100 characters', () => {
    let encoded = 0;
    fc.assert(
      fc.property(stateArb, (state) => {
        const id = encodeButton(state);
        if (id === undefined) return;
        encoded++;
        expect(id.length).toBeLessThanOrEqual(100);
        expect([...id].length).toBeLessThanOrEqual(100);
        expect(decodeButton(id)).toEqual({ ok: true, state: { ...state, args: { ...state.args } } });
      }),
      { numRuns: 2000 },
    );
    // The property must not hold vacuously.
    expect(encoded).toBeGreaterThan(500);
  });

  it('refuses exactly the states that do not fit (reference model: known names, any values)', () => {
    const knownState = fc.record({
      action: fc.constantFrom('page', 'post', 'confirm-reset', 'noop'),
      command: fc.constantFrom('ask', 'timeline', 'quote'),
      page: fc.nat({ max: 5000 }),
      args: fc.dictionary(fc.constantFrom('query', 'topic', 'from', 'to', 'source', 'speaker'), fc.string({ unit: 'grapheme', maxLength: 70 }), { maxKeys: 4 }),
    });
    fc.assert(
      fc.property(knownState, (state) => {
        // "1|a|c|" + page + "|k=" + value (each separator in a value takes two characters) per option.
        const expected = 6 + state.page.toString(36).length + Object.values(state.args).reduce((n, v) => n + 3 + v.length + (v.match(/[~|=]/g)?.length ?? 0), 0);
        const id = encodeButton(state);
        if (expected <= 100) expect(id?.length).toBe(expected);
        else expect(id).toBeUndefined();
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on arbitrary ids', () => {
    fc.assert(
      fc.property(text, (id) => {
        const result = decodeButton(id);
        expect(!result.ok || typeof result.state.page === 'number').toBe(true);
      }),
    );
  });
});
