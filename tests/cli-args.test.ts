// The command line's argument parser, called as a function: what a user typing flags would see.
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../commands/index.ts';
import { optionDefs, typedName } from '../src/app/command-options.ts';
import { cliCommands, flagsOf, parseCli, type CliParse } from '../src/cli/args.ts';
import { usage } from '../src/cli/usage.ts';

const CLI = cliCommands(COMMANDS);
const parse = (name: string, ...argv: string[]): CliParse => parseCli(name, argv, CLI);
const message = (r: CliParse): string => (r.ok ? 'parsed' : r.message);

describe('bad command lines are one line naming the flag and the accepted form', () => {
  it.each([
    [['diplomats', '--bogus'], /^Unknown option --bogus: `ask` takes --limit N, --page N, --corpus DIR, --json/],
    [['diplomats', '-x'], /^Unknown option -x: options are spelled out/],
    [['diplomats', '--limit'], /^--limit needs a value: --limit N$/],
    [['diplomats', '--limit', '--json'], /^--limit needs a value: --limit N$/],
    [['diplomats', '--limit', '-1'], /^--limit must be a whole number of 1 or more, e\.g\. --limit 5 \(got “-1”\)$/],
    [['diplomats', '--limit', '0x10'], /^--limit must be a whole number of 1 or more.*\(got “0x10”\)$/],
    [['diplomats', '--limit', '1e3'], /^--limit must be a whole number/],
    [['diplomats', '--page', 'abc'], /^--page must be a whole number of 1 or more, e\.g\. --page 2 \(got “abc”\)$/],
    [['diplomats', '--page', '-5'], /^--page must be a whole number.*\(got “-5”\)$/],
    [['diplomats', '--page', '0'], /^--page must be a whole number.*\(got “0”\)$/],
    [['diplomats', '--page=2.5'], /^--page must be a whole number.*\(got “2\.5”\)$/],
    [['diplomats', '--json=yes'], /^--json takes no value/],
    [['diplomats', '--from', '2018'], /^Unknown option --from: `ask` takes/],
    [[], /^`ask` needs a query: attache ask "expelled diplomats"/],
    [['-', 'diplomats', '--json'], /reads each query from standard input: give no query with it/],
    [['-'], /needs --json/],
  ])('ask %j', (argv, expected) => {
    const r = parse('ask', ...argv);
    expect(r.ok).toBe(false);
    expect(message(r)).toMatch(expected);
    expect(message(r)).not.toContain('\n');
  });

  it('names the commands when the command is unknown, and refuses text a command does not take', () => {
    expect(message(parse('bogus'))).toBe('Unknown command “bogus”. Commands: ask, timeline, quote, sources, about, find-sources, speakers (attache help).');
    expect(message(parse('sources', 'CGTN'))).toMatch(/^`sources` takes no text \(got “CGTN”\)/);
    expect(message(parse('timeline', '--speaker', 'Putin'))).toMatch(/^Unknown option --speaker: `timeline` takes --from D, --to D, --source S, --limit N/);
    expect(message(parse('quote', '--order'))).toBe('--order needs a value: --order newest|oldest');
  });
});

describe('good command lines', () => {
  it('fills the command’s text option with the words, and types the flags', () => {
    const r = parse('ask', 'how', 'many', 'diplomats', '--limit', '7', '--page=2', '--json', '--corpus', 'a', '--corpus', 'b');
    expect(r).toEqual({
      ok: true,
      request: expect.objectContaining({ name: 'ask', text: 'how many diplomats', textOption: 'query', limit: 7, page: 1, json: true, corpus: ['a', 'b'], fromStdin: false }),
    });
    const t = parse('timeline', 'sanctions', '--from', 'March 2018', '--source', 'CGTN');
    expect(t.ok && t.request.options).toEqual({ from: 'March 2018', source: 'CGTN' });
    expect(t.ok && t.request.textOption).toBe('topic');
    const q = parse('quote', '--speaker', 'Putin', '--order', 'oldest');
    expect(q.ok && q.request).toMatchObject({ options: { speaker: 'Putin', order: 'oldest' }, page: 0 });
    expect(q.ok && q.request.text).toBeUndefined();
    // A value may start with a dash, after `--` words are words.
    expect(parse('ask', '--', '-5', 'degrees')).toMatchObject({ ok: true, request: { text: '-5 degrees' } });
    expect(parse('find-sources', 'Russia', 'expelled', 'diplomats')).toMatchObject({ ok: true, request: { text: 'Russia expelled diplomats', textOption: 'text' } });
  });

  it('reads one query per line when ask has --json and no query, or "-" for any text', () => {
    expect(parse('ask', '--json')).toMatchObject({ ok: true, request: { fromStdin: true, json: true } });
    expect(parse('timeline', '-', '--json', '--limit', '2')).toMatchObject({ ok: true, request: { fromStdin: true, limit: 2 } });
    // With no topic, timeline and quote already mean "every event": no stdin unless asked for.
    expect(parse('timeline', '--json')).toMatchObject({ ok: true, request: { fromStdin: false } });
  });

  it('gives every command line command the flags of its definition, and usage shows them', () => {
    const text = usage(CLI);
    for (const command of CLI) {
      const flags = flagsOf(command).map((f) => f.name);
      for (const def of optionDefs(command)) if (def.name !== 'private') expect(flags).toContain(def.name);
      expect(text).toContain(`  ${typedName(command)}`);
    }
    expect(text).toContain('[--order newest|oldest]');
    expect(text).not.toContain('--private');
  });
});
