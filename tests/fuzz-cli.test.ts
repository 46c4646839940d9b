// Random command lines into the parser: it never throws, and gives either a request whose values
// are within their rules or a one-line message. Called as a function (no processes): ~1 s.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../commands/index.ts';
import { cliCommands, parseCli } from '../src/cli/args.ts';

const CLI = cliCommands(COMMANDS);
const NAMES = [...CLI.map((c) => c.data.name.toLowerCase().replace(/\s+/g, '-')), 'speakers', 'bogus'];
const FLAGS = [
  '--limit',
  '--page',
  '--json',
  '--corpus',
  '--from',
  '--to',
  '--source',
  '--speaker',
  '--order',
  '--query',
  '--topic',
  '--text',
  '--help',
  '--bogus',
  '-x',
  '-h',
  '-',
  '--',
  '--limit=3',
  '--page=',
  '--json=1',
];
const VALUES = ['1', '0', '-1', '2', '0x10', '1e3', 'abc', '', ' ', '2.5', '99999999999', 'March 2018', 'newest', 'sanctions', '\u001b[2J', 'a\nb', '–', '--'];

const token = fc.oneof(fc.constantFrom(...FLAGS), fc.constantFrom(...VALUES), fc.string({ maxLength: 12 }));

describe('fuzz: the command line parser', () => {
  it('never throws, and yields a valid request or a one-line message', () => {
    fc.assert(
      fc.property(fc.constantFrom(...NAMES), fc.array(token, { maxLength: 10 }), (name, argv) => {
        const r = parseCli(name, argv, CLI);
        if (!r.ok) {
          expect(r.message).not.toMatch(/[\n\r]/);
          expect(r.message.length).toBeGreaterThan(0);
          expect(r.message.length).toBeLessThan(400);
          return;
        }
        const q = r.request;
        expect(Number.isInteger(q.page) && q.page >= 0).toBe(true);
        if (q.limit !== undefined) expect(Number.isInteger(q.limit) && q.limit >= 1).toBe(true);
        if (q.fromStdin) expect(q.json && q.text === undefined).toBe(true);
        for (const [k, v] of Object.entries(q.options)) {
          expect(['string', 'number', 'boolean']).toContain(typeof v);
          expect(k).not.toBe('private');
        }
      }),
      { numRuns: 5000 },
    );
  });
});
