import { beforeAll, describe, expect, it } from 'vitest';
import { claimOf, command, execute } from '../commands/find-sources.ts';
import type { CommandContext } from '../src/contract/command.ts';
import type { Corpus } from '../src/core/corpus.ts';
import { encodeButton } from '../src/render/custom-id.ts';
import { silentLogger } from '../src/log.ts';
import { openSeedCorpus } from './support/seed-corpus.ts';

let corpus: Corpus;
const ctx = (page = 0): CommandContext => ({ corpus, log: silentLogger(), now: 0, startedAt: 0, version: 'test', page });
beforeAll(() => {
  corpus = openSeedCorpus();
});

const CHATTY =
  'Honestly I think Russia expelled US diplomats back in 2018 after the Skripal poisoning, and then everyone just kind of forgot about it?? @everyone look it up https://example.com <:pepe:123456789012345678> <@123456789012345678>';

describe('Find sources', () => {
  it('checks a chatty message by its claim, not its filler words', () => {
    expect(claimOf(CHATTY)).toBe('Russia expelled US diplomats 2018 Skripal poisoning forgot');
    const answer = execute({ text: CHATTY }, ctx());
    expect(answer.answered).toBe(true);
    expect(answer.items[0]?.excerpt).toContain('This second expulsion for the US was a record 60.');
  });

  it('keeps the claim short enough for a paging button to carry, and rebuilds the same answer from it', () => {
    const long = `${'Sanctions against Russian oligarchs and Kremlin banks were expanded after the invasion of Ukraine. '.repeat(10)}`;
    const args = command.stateArgs?.({ text: long }) ?? {};
    expect(encodeButton({ action: 'page', command: 'Find sources', page: 3, args })).toBeDefined();
    expect(claimOf(args.text ?? '')).toBe(args.text);
    expect(execute(args, ctx())).toEqual(execute({ text: long }, ctx()));
  });

  it('says what is wrong with a message that has nothing to check', () => {
    expect(execute({ text: 'https://example.com <@123456789012345678> 👍' }, ctx())).toMatchObject({ error: true, notice: expect.stringContaining('no words to check') });
    expect(execute({}, ctx())).toMatchObject({ error: true });
  });

  it('does not claim a source for an unrelated message', () => {
    expect(execute({ text: 'Anyone up for pizza and a movie tonight after the football match?' }, ctx()).answered).toBe(false);
  });
});
