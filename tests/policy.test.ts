import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyChange,
  channelAllowed,
  channelNotEnabledMessage,
  cooldownMessage,
  DEFAULT_SETTINGS,
  describeAllowedChannels,
  describeAllowedOutlets,
  isModerator,
  MAX_CHANNELS,
  missingBotPermissions,
  outletAllowed,
  SettingsError,
  summarizeChange,
  type GuildSettings,
  type SettingsChange,
} from '../src/core/policy.ts';

const apply = (...changes: SettingsChange[]): GuildSettings => changes.reduce(applyChange, DEFAULT_SETTINGS);

describe('isModerator', () => {
  it('accepts Manage Server or Administrator, from a decimal bitfield', () => {
    expect(isModerator(String(1 << 5))).toBe(true);
    expect(isModerator(String(1 << 3))).toBe(true);
    // Bits above 2^53 must not disturb the check: the bitfield is read with BigInt.
    expect(isModerator(((1n << 50n) | (1n << 5n)).toString())).toBe(true);
    expect(isModerator((1n << 50n).toString())).toBe(false);
  });
  it('refuses everyone else, and anything absent or malformed', () => {
    expect(isModerator('0')).toBe(false);
    expect(isModerator(String((1 << 10) | (1 << 11)))).toBe(false);
    expect(isModerator(undefined)).toBe(false);
    expect(isModerator('')).toBe(false);
    expect(isModerator('-32')).toBe(false);
    expect(isModerator('0x20')).toBe(false);
  });
});

describe('defaults', () => {
  it('are all channels, public replies, a 3-second cooldown, all sources and UTC for daily digests', () => {
    expect(DEFAULT_SETTINGS).toEqual({
      channelMode: 'all',
      allowedChannels: [],
      deniedChannels: [],
      visibility: 'public',
      cooldownSeconds: 3,
      sourceMode: 'all',
      allowedOutlets: [],
      blockedOutlets: [],
      timeZone: 'UTC',
    });
    expect(channelAllowed(DEFAULT_SETTINGS, '123')).toBe(true);
    expect(outletAllowed(DEFAULT_SETTINGS, 'Reuters')).toBe(true);
    expect(describeAllowedChannels(DEFAULT_SETTINGS)).toBe('every channel');
    expect(describeAllowedOutlets(DEFAULT_SETTINGS)).toBe('every outlet');
  });
});

describe('channels', () => {
  it('deny refuses a channel in "all" mode, and allow undoes it', () => {
    const denied = apply({ kind: 'denyChannel', channelId: '11' });
    expect(channelAllowed(denied, '11')).toBe(false);
    expect(channelAllowed(denied, '12')).toBe(true);
    expect(describeAllowedChannels(denied)).toBe('every channel except <#11>');
    const undone = applyChange(denied, { kind: 'allowChannel', channelId: '11' });
    expect(channelAllowed(undone, '11')).toBe(true);
    expect(undone.deniedChannels).toEqual([]);
  });
  it('allowlist mode answers only in the listed channels, and says so', () => {
    const empty = apply({ kind: 'channelMode', mode: 'allowlist' });
    expect(channelAllowed(empty, '1')).toBe(false);
    expect(describeAllowedChannels(empty)).toBe('no channel yet');
    const two = apply({ kind: 'channelMode', mode: 'allowlist' }, { kind: 'allowChannel', channelId: '1' }, { kind: 'allowChannel', channelId: '2' });
    expect(channelAllowed(two, '1')).toBe(true);
    expect(channelAllowed(two, '3')).toBe(false);
    expect(describeAllowedChannels(two)).toBe('<#1>, <#2>');
  });
  it('keeps the lists when switching modes, without duplicates', () => {
    const s = apply(
      { kind: 'allowChannel', channelId: '5' },
      { kind: 'allowChannel', channelId: '5' },
      { kind: 'channelMode', mode: 'allowlist' },
      { kind: 'channelMode', mode: 'all' },
      { kind: 'channelMode', mode: 'allowlist' },
    );
    expect(s.allowedChannels).toEqual(['5']);
    expect(channelAllowed(s, '5')).toBe(true);
  });
  it('refuses a channel id that is not a snowflake, and more channels than a server can have', () => {
    expect(() => apply({ kind: 'allowChannel', channelId: '<#12>' })).toThrow(SettingsError);
    expect(() => apply({ kind: 'allowChannel', channelId: '<#12>' })).toThrow('"<#12>" is not a channel id.');
    const full = apply(...Array.from({ length: MAX_CHANNELS }, (_, i): SettingsChange => ({ kind: 'allowChannel', channelId: String(i) })));
    expect(() => applyChange(full, { kind: 'allowChannel', channelId: '99999' })).toThrow('A server can list at most 500 allowed channels; remove some first.');
    // Allowing one that is already there is not a new entry.
    expect(applyChange(full, { kind: 'allowChannel', channelId: '7' }).allowedChannels).toHaveLength(MAX_CHANNELS);
  });
  it('describes a long list within the limit, counting the rest', () => {
    const s = apply(
      { kind: 'channelMode', mode: 'allowlist' },
      ...Array.from({ length: 400 }, (_, i): SettingsChange => ({ kind: 'allowChannel', channelId: String(100000000000000000n + BigInt(i)) })),
    );
    const text = describeAllowedChannels(s, 200);
    expect(text.length).toBeLessThanOrEqual(200);
    const match = /^((?:<#\d+>, )*<#\d+>) and (\d+) more$/.exec(text);
    expect(match).not.toBeNull();
    const shown = match?.[1]?.split(', ').length ?? 0;
    expect(shown + Number(match?.[2])).toBe(400);
  });
  it('a thread follows its parent channel unless it has an entry of its own', () => {
    const news = apply({ kind: 'channelMode', mode: 'allowlist' }, { kind: 'allowChannel', channelId: '1' });
    expect(channelAllowed(news, '100', '1')).toBe(true);
    expect(channelAllowed(news, '100', '2')).toBe(false);
    expect(channelAllowed(news, '100')).toBe(false);
    const closed = apply({ kind: 'denyChannel', channelId: '1' });
    expect(channelAllowed(closed, '100', '1')).toBe(false);
    expect(channelAllowed(closed, '100', '2')).toBe(true);
    // The most specific entry wins: one thread opened in a closed channel, or closed in an open one.
    expect(channelAllowed(applyChange(closed, { kind: 'allowChannel', channelId: '100' }), '100', '1')).toBe(true);
    expect(channelAllowed(applyChange(news, { kind: 'denyChannel', channelId: '100' }), '100', '1')).toBe(false);
  });
  it('tells a user where the bot answers and how a moderator enables this channel', () => {
    const s = apply({ kind: 'channelMode', mode: 'allowlist' }, { kind: 'allowChannel', channelId: '1' }, { kind: 'allowChannel', channelId: '2' });
    expect(channelNotEnabledMessage(s, '9')).toBe('Attaché is not enabled in this channel. It answers in <#1>, <#2>. A moderator (Manage Server) can enable <#9> with `/config channels allow`.');
    expect(channelNotEnabledMessage(apply({ kind: 'channelMode', mode: 'allowlist' }), '9')).toBe(
      'Attaché is not enabled in any channel of this server yet. A moderator (Manage Server) can enable <#9> with `/config channels allow`.',
    );
  });
});

describe('sources', () => {
  it('block refuses an outlet whatever its case or spacing, and allow undoes it', () => {
    const s = apply({ kind: 'blockOutlet', outlet: '  RT ' });
    expect(outletAllowed(s, 'rt')).toBe(false);
    expect(outletAllowed(s, 'Reuters')).toBe(true);
    expect(describeAllowedOutlets(s)).toBe('every outlet except RT');
    const undone = applyChange(s, { kind: 'allowOutlet', outlet: 'Rt' });
    expect(outletAllowed(undone, 'RT')).toBe(true);
  });
  it('allowlist mode cites only the listed outlets', () => {
    const s = apply({ kind: 'sourceMode', mode: 'allowlist' }, { kind: 'allowOutlet', outlet: 'The White House' }, { kind: 'allowOutlet', outlet: 'the white  house' });
    expect(s.allowedOutlets).toEqual(['The White House']);
    expect(outletAllowed(s, 'The White House')).toBe(true);
    expect(outletAllowed(s, 'Reuters')).toBe(false);
    expect(describeAllowedOutlets(s)).toBe('The White House');
  });
  it('refuses an empty or overlong outlet name', () => {
    expect(() => apply({ kind: 'blockOutlet', outlet: '   ' })).toThrow('Give the name of an outlet.');
    expect(() => apply({ kind: 'blockOutlet', outlet: 'x'.repeat(101) })).toThrow('An outlet name has at most 100 characters.');
  });
});

describe('other changes', () => {
  it('sets visibility and cooldown, and reset brings back the defaults', () => {
    const s = apply({ kind: 'visibility', visibility: 'private' }, { kind: 'cooldown', seconds: 30 });
    expect(s.visibility).toBe('private');
    expect(s.cooldownSeconds).toBe(30);
    expect(applyChange(s, { kind: 'reset' })).toEqual(DEFAULT_SETTINGS);
  });
  it('refuses a cooldown that is negative, fractional or over an hour', () => {
    for (const seconds of [-1, 1.5, 3601, Number.NaN]) {
      expect(() => apply({ kind: 'cooldown', seconds })).toThrow('The cooldown is a whole number of seconds from 0 to 3600.');
    }
    expect(apply({ kind: 'cooldown', seconds: 0 }).cooldownSeconds).toBe(0);
  });
  it('summarizes each change in the words of the command', () => {
    const cases: [SettingsChange, string][] = [
      [{ kind: 'channelMode', mode: 'allowlist' }, 'channels mode allowlist'],
      [{ kind: 'allowChannel', channelId: '123' }, 'channels allow <#123>'],
      [{ kind: 'denyChannel', channelId: '123' }, 'channels deny <#123>'],
      [{ kind: 'visibility', visibility: 'private' }, 'replies visibility private'],
      [{ kind: 'cooldown', seconds: 10 }, 'cooldown 10s'],
      [{ kind: 'sourceMode', mode: 'all' }, 'sources mode all'],
      [{ kind: 'allowOutlet', outlet: 'Reuters' }, 'sources allow Reuters'],
      [{ kind: 'blockOutlet', outlet: 'RT' }, 'sources block RT'],
      [{ kind: 'reset' }, 'reset'],
    ];
    for (const [change, text] of cases) expect(summarizeChange(change)).toBe(text);
  });
});

describe('channel rule against a reference model', () => {
  const change = fc.oneof(
    fc.record({ kind: fc.constant('allowChannel' as const), channelId: fc.constantFrom('1', '2', '3', '4') }),
    fc.record({ kind: fc.constant('denyChannel' as const), channelId: fc.constantFrom('1', '2', '3', '4') }),
    fc.record({ kind: fc.constant('channelMode' as const), mode: fc.constantFrom('all' as const, 'allowlist' as const) }),
  );
  it('a channel is allowed iff its last action was allow (allowlist) or was not deny (all)', () => {
    fc.assert(
      fc.property(fc.array(change, { maxLength: 30 }), (changes) => {
        const s = apply(...changes);
        const last = new Map<string, 'allow' | 'deny'>();
        let mode: 'all' | 'allowlist' = 'all';
        for (const c of changes) {
          if (c.kind === 'channelMode') mode = c.mode;
          else last.set(c.channelId, c.kind === 'allowChannel' ? 'allow' : 'deny');
        }
        for (const id of ['1', '2', '3', '4']) {
          const expected = mode === 'all' ? last.get(id) !== 'deny' : last.get(id) === 'allow';
          expect(channelAllowed(s, id)).toBe(expected);
        }
        expect(new Set([...s.allowedChannels, ...s.deniedChannels]).size).toBe(s.allowedChannels.length + s.deniedChannels.length);
      }),
    );
  });
});

describe('missingBotPermissions', () => {
  const VIEW = 1n << 10n;
  const SEND = 1n << 11n;
  const EMBED = 1n << 14n;
  const HISTORY = 1n << 16n;
  it('lists nothing when all four are granted, or with Administrator', () => {
    expect(missingBotPermissions((VIEW | SEND | EMBED | HISTORY).toString())).toEqual([]);
    expect(missingBotPermissions(String(1 << 3))).toEqual([]);
  });
  it('names each missing permission with what it is for and where to fix it', () => {
    const missing = missingBotPermissions((VIEW | SEND | HISTORY).toString());
    expect(missing.map((m) => m.name)).toEqual(['Embed Links']);
    expect(missing[0]?.blocksAnswers).toBe(true);
    expect(missing[0]?.fix).toContain('allow Embed Links');
    const none = missingBotPermissions('0');
    expect(none.map((m) => m.name)).toEqual(['View Channel', 'Send Messages', 'Embed Links', 'Read Message History']);
    expect(none.filter((m) => m.blocksAnswers).map((m) => m.name)).toEqual(['Embed Links']);
    for (const m of none) expect(m.fix).toContain(`allow ${m.name}.`);
    expect(missingBotPermissions(undefined)).toHaveLength(4);
  });
});

describe('cooldownMessage', () => {
  it("uses Discord's relative timestamp, rounded up to the second", () => {
    expect(cooldownMessage(1_700_000_000_500)).toBe('You can use this again <t:1700000001:R>.');
    expect(cooldownMessage(1_700_000_000_000)).toBe('You can use this again <t:1700000000:R>.');
  });
});
