// Typed arguments: a command's options are typed by its own definition, so reading one it does not
// define is a compile error (tsc checks this file), and the doors coerce typed text to those types.
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Options as AskOptions } from '../commands/ask.ts';
import type { Options as QuoteOptions } from '../commands/quote.ts';
import type { Options as TimelineOptions } from '../commands/timeline.ts';
import { COMMANDS } from '../commands/index.ts';
import { parseConsoleLine } from '../src/adapters/console-parse.ts';
import { coerceOption, findTyped, positiveWhole } from '../src/app/command-options.ts';
import { str } from '../src/contract/command.ts';

describe('typed arguments', () => {
  it('come from the definitions', () => {
    expectTypeOf<AskOptions>().toEqualTypeOf<{ readonly query?: string; readonly private?: boolean }>();
    expectTypeOf<TimelineOptions>().toEqualTypeOf<{ readonly topic?: string; readonly from?: string; readonly to?: string; readonly source?: string; readonly private?: boolean }>();
    expectTypeOf<QuoteOptions>().toEqualTypeOf<{
      readonly topic?: string;
      readonly speaker?: string;
      readonly from?: string;
      readonly to?: string;
      readonly order?: string;
      readonly private?: boolean;
    }>();
    const args: AskOptions = { query: ' diplomats ' };
    expect(str(args, 'query')).toBe('diplomats');
    // @ts-expect-error /ask defines no `limit` option (the limit comes from the context).
    expect(str(args, 'limit')).toBeUndefined();
  });

  it('typed text becomes the option’s type, or a message naming the option', () => {
    expect(coerceOption({ name: 'private', type: ApplicationCommandOptionType.Boolean }, 'yes', 'private:')).toEqual({ ok: true, value: true });
    expect(coerceOption({ name: 'private', type: ApplicationCommandOptionType.Boolean }, 'maybe', 'private:')).toEqual({ ok: false, message: 'private: must be true or false (got “maybe”)' });
    expect(coerceOption({ name: 'seconds', type: ApplicationCommandOptionType.Integer }, '30', 'seconds:')).toEqual({ ok: true, value: 30 });
    expect(coerceOption({ name: 'seconds', type: ApplicationCommandOptionType.Integer }, '0x10', 'seconds:')).toEqual({ ok: false, message: 'seconds: must be a whole number (got “0x10”)' });
    expect(coerceOption({ name: 'topic', type: ApplicationCommandOptionType.String }, '0x10', 'topic:')).toEqual({ ok: true, value: '0x10' });
    expect([positiveWhole('3'), positiveWhole('0'), positiveWhole('0x10'), positiveWhole('-1'), positiveWhole('1e3'), positiveWhole(' 7 ')]).toEqual([
      3,
      undefined,
      undefined,
      undefined,
      undefined,
      7,
    ]);
  });

  it('the console refuses a value of the wrong type, naming the option, and keeps a right one typed', () => {
    const parse = (line: string) => parseConsoleLine(line, { list: COMMANDS, find: (t) => findTyped(COMMANDS, t) }, 'test');
    expect(parse('/ask query: diplomats private: maybe')).toEqual({ ok: false, message: 'private: must be true or false (got “maybe”)' });
    const parsed = parse('/ask query: diplomats private: yes');
    expect(parsed.ok && parsed.invocation.options).toEqual({ query: 'diplomats', private: true });
  });
});
