// End to end: the bot started as `npm start` starts it (`node --import tsx src/main.ts start`,
// configured by environment) against the fake Discord on loopback, with the unmodified discord.js
// client in between. Every test looks at what a Discord user would see: the messages the fake
// stored, the callbacks it received, and the process's own output and exit code.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ButtonStyle, ComponentType, InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import type { APIButtonComponent, APIEmbed } from 'discord-api-types/v10';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../commands/index.ts';
import { encodeButton } from '../src/render/custom-id.ts';
import { databaseFile, openDatabase } from '../src/store/db.ts';
import { startFakeDiscord } from './support/fake-discord.ts';
import { WHITEHOUSE_RUSSIA } from './support/paths.ts';
import type { CallbackRecord, FakeDiscord, FakeGuild, StoredMessage, UserInput } from './support/fake-discord.ts';
import { runToEnd, spawnBot } from './support/spawn-bot.ts';
import type { LogLine, SpawnedBot } from './support/spawn-bot.ts';

// Shaped like a real token (user id . timestamp . secret) so a leak of any part is visible.
const TOKEN = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.GxYzAb.e2e-s3cr3t-never-logged-0123456789abcdef';
// The bundled corpus (no article addresses) and one month of White House briefings read in place
// (with addresses, so answers carry link buttons); small enough to build fresh in a few seconds.
const CORPUS_DIRS = `corpus,${WHITEHOUSE_RUSSIA}/press-briefings/2022-02`;

const GOOD: FakeGuild = {
  id: '1300000000000000001',
  name: 'Test Guild',
  channels: [{ id: '1300000000000000010', name: 'general' }],
  roles: [{ id: '1300000000000000001', name: '@everyone', permissions: '1071698660929' }],
};
// A server whose stored settings no longer parse: every command there throws inside dispatch,
// a real failure from real state, with no test hook in the bot.
const BROKEN: FakeGuild = {
  id: '1300000000000000002',
  name: 'Broken Guild',
  channels: [{ id: '1300000000000000020', name: 'general' }],
  roles: [{ id: '1300000000000000002', name: '@everyone', permissions: '1071698660929' }],
};
const BOB: UserInput = { id: '1200000000000000002', username: 'bob' };
// Servers have a per-user cooldown (3 s by default): each request below comes from a new user,
// as in a busy channel, so no test waits on another's cooldown.
let users = 100;
function someone(): UserInput {
  users += 1;
  return { id: `12000000000000${String(users).padStart(5, '0')}`, username: `user${users}` };
}
const EPHEMERAL = MessageFlags.Ephemeral;

let fake: FakeDiscord;
let bot: SpawnedBot;
/** A paged answer of the first process, clicked again after a restart. */
let paged: { messageId: string; asker: UserInput } | undefined;
let dataDir: string;
/** A corpus folder of the test's own, changed while the bot runs (live reload). */
let liveDir: string;

function env(token = TOKEN): Record<string, string> {
  return {
    DISCORD_TOKEN: token,
    DISCORD_API_BASE: fake.apiBase,
    DATA_DIR: dataDir,
    CORPUS_DIRS: `${CORPUS_DIRS},${liveDir}`,
    LOG_FORMAT: 'json',
    // Everything discord.js says goes through our logger too, so the token check sees all of it.
    LOG_LEVEL: 'trace',
  };
}

beforeAll(async () => {
  fake = await startFakeDiscord({ token: TOKEN, guilds: [GOOD, BROKEN], heartbeatIntervalMs: 1000 });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-e2e-'));
  liveDir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-e2e-corpus-'));
  fs.writeFileSync(path.join(liveDir, 'placeholder.md'), article('A placeholder', ['This folder holds articles added while the bot runs, for the live reload test of the Attaché bot.']));
  const db = openDatabase(databaseFile(dataDir));
  db.prepare('INSERT INTO guild_settings (guild_id, settings, updated_at) VALUES (?, ?, ?)').run(BROKEN.id, JSON.stringify({ visibility: 'sideways' }), 0);
  db.close();
  // As a developer does before the first start: register the commands to the test server.
  const deployed = await runToEnd({
    args: ['deploy'],
    env: { DISCORD_TOKEN: TOKEN, DISCORD_API_BASE: fake.apiBase, DISCORD_APPLICATION_ID: fake.appId, DISCORD_GUILD_ID: GOOD.id, DATA_DIR: dataDir, LOG_FORMAT: 'json' },
  });
  expect(deployed.code, deployed.stderr).toBe(0);
  bot = spawnBot({ args: ['start'], env: env() });
  await bot.waitForLog((l) => l.msg === 'connected to Discord', 120_000, 'the bot to connect');
}, 180_000);

afterAll(async () => {
  if (bot && bot.child.exitCode === null) await bot.stop();
  await fake?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  if (liveDir) fs.rmSync(liveDir, { recursive: true, force: true });
});

afterEach(() => {
  // Every payload the bot sent was within Discord's limits and set allowed_mentions.
  expect(fake.takeViolations()).toEqual([]);
});

// ---------------------------------------------------------------------------------------------

function article(title: string, paragraphs: readonly string[]): string {
  return `---\ntitle: ${title}\noutlet: Fixture Times\npublished: 2024-05-01\nurl: https://example.org/${encodeURIComponent(title)}\n---\n\n${paragraphs.join('\n\n')}\n`;
}

function buttons(message: StoredMessage | CallbackRecord['data']): APIButtonComponent[] {
  return (message.components ?? []).flatMap((row) => ('components' in row ? (row.components as APIButtonComponent[]) : []));
}

function button(message: StoredMessage, label: RegExp): APIButtonComponent & { custom_id: string } {
  const found = buttons(message).find((b) => 'label' in b && label.test(b.label ?? ''));
  if (!found || !('custom_id' in found)) throw new Error(`no button ${String(label)} on message: ${JSON.stringify(message.components)}`);
  return found;
}

function original(id: string): StoredMessage {
  const msg = fake.original(id);
  if (!msg) throw new Error(`no message for interaction ${id}`);
  return msg;
}

function isEphemeral(m: { flags?: number | undefined }): boolean {
  return ((m.flags ?? 0) & EPHEMERAL) !== 0;
}

/** The final message an interaction produced, whether answered at once or deferred then edited. */
async function answered(id: string): Promise<StoredMessage> {
  const cb = await fake.nextCallback(id, 15_000);
  expect(cb.status, JSON.stringify(cb.issues)).toBeLessThan(300);
  if (cb.type === InteractionResponseType.DeferredChannelMessageWithSource || cb.type === InteractionResponseType.DeferredMessageUpdate) {
    await fake.nextWebhook(id, 15_000);
  }
  return original(id);
}

function citationEmbeds(message: StoredMessage): APIEmbed[] {
  return message.embeds.filter((e) => e.footer?.text.startsWith('Passage ') === true);
}

// ---------------------------------------------------------------------------------------------

describe('start', () => {
  it('logs in with the Guilds intent only, gets READY, and logs corpus size, index source and time', async () => {
    const identify = await fake.waitForReady();
    expect(identify.token).toBe(TOKEN);
    expect(identify.intents).toBe(1); // GatewayIntentBits.Guilds
    const corpus = bot.logs().find((l) => typeof l.msg === 'string' && l.msg.startsWith('corpus ready'));
    expect(corpus?.msg).toMatch(/^corpus ready: \d+ articles, \d+ passages \(fresh build, \d+ ms\) from \/.+; data folder \/.+$/);
    expect(corpus).toMatchObject({ source: 'fresh build', articles: expect.any(Number), ms: expect.any(Number) });
    expect(Number(corpus?.['articles'])).toBeGreaterThan(2);
    const connected = bot.logs().find((l) => l.msg === 'connected to Discord');
    expect(connected).toMatchObject({ userId: fake.botUser.id, guilds: 2 });
  });
});

describe('/ask', () => {
  it('answers with cited excerpts, mentions off, and a link button to the article', async () => {
    const { id } = fake.sendSlashCommand({ name: 'ask', options: { query: 'expelled diplomats' }, user: someone() });
    const cb = await fake.nextCallback(id, 15_000);
    expect(cb.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(cb.data.allowed_mentions).toEqual({ parse: [] });
    const msg = original(id);
    expect(isEphemeral(msg)).toBe(false);
    const cited = citationEmbeds(msg);
    expect(cited.length).toBeGreaterThan(0);
    for (const e of cited) {
      expect(e.title?.length).toBeGreaterThan(0);
      expect(e.author?.name).toMatch(/ · /); // "Outlet · published date"
      expect(e.description).toMatch(/\*\*[^*]+\*\*/); // matched terms in bold
    }
    const withUrl = cited.find((e) => e.url !== undefined);
    expect(withUrl?.url).toMatch(/^https:\/\/bidenwhitehouse\.archives\.gov\//);
    const links = buttons(msg).filter((b) => b.style === ButtonStyle.Link);
    expect(links.map((b) => ('url' in b ? b.url : undefined))).toContain(withUrl?.url);
  });

  it('pages: Next updates the same message (type 7) to page 2', async () => {
    const asker = someone();
    const { id } = fake.sendSlashCommand({ name: 'ask', options: { query: 'Russia Ukraine sanctions' }, user: asker });
    const first = await answered(id);
    paged = { messageId: first.id, asker };
    expect(first.content).toMatch(/page 1 of (\d+)/);
    const next = button(first, /Next/);
    expect(next.custom_id.length).toBeLessThanOrEqual(100);
    const firstFooters = citationEmbeds(first).map((e) => e.footer?.text);

    const click = fake.clickButton({ message: first, customId: next.custom_id, user: asker });
    const cb = await fake.nextCallback(click.id);
    expect(cb.type).toBe(InteractionResponseType.UpdateMessage);
    const updated = fake.messages.get(first.id)!;
    expect(updated.content).toMatch(/page 2 of \d+/);
    const secondFooters = citationEmbeds(updated).map((e) => e.footer?.text);
    expect(secondFooters.length).toBeGreaterThan(0);
    expect(secondFooters.some((f) => firstFooters.includes(f))).toBe(false);
    expect(button(updated, /Previous/).disabled).toBe(false);
  });

  it("gives another user who clicks Next their own private copy and leaves the asker's message alone", async () => {
    const { id } = fake.sendSlashCommand({ name: 'ask', options: { query: 'Russia Ukraine sanctions' }, user: someone() });
    const first = await answered(id);
    const before = JSON.stringify(first.embeds);
    const click = fake.clickButton({ message: first, customId: button(first, /Next/).custom_id, user: BOB });
    const cb = await fake.nextCallback(click.id);
    expect(cb.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(isEphemeral(cb.data)).toBe(true);
    expect(cb.data.content).toMatch(/page 2 of \d+/);
    expect(JSON.stringify(fake.messages.get(first.id)?.embeds)).toBe(before);
  });

  it('shows the last page when an old Next button points past the end (the corpus shrank since)', async () => {
    const asker = someone();
    const { id } = fake.sendSlashCommand({ name: 'ask', options: { query: 'expelled diplomats' }, user: asker });
    const msg = await answered(id);
    const stale = encodeButton({ action: 'page', command: 'ask', page: 40, args: { query: 'expelled diplomats' } })!;
    fake.messages.get(msg.id)!.components = [{ type: ComponentType.ActionRow, components: [{ type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Next ▶', custom_id: stale }] }];
    const click = fake.clickButton({ message: msg.id, customId: stale, user: asker });
    const cb = await fake.nextCallback(click.id);
    expect(cb.type).toBe(InteractionResponseType.UpdateMessage);
    expect(cb.data.embeds?.length).toBeGreaterThan(0);
    expect(citationEmbeds(fake.messages.get(msg.id)!)).toEqual(cb.data.embeds);
    expect(cb.data.content).not.toMatch(/page 41/);
  });

  it('answers privately with a "Post to channel" button that shares the excerpt publicly; a post is a use of /ask', async () => {
    const asker = someone();
    const { id } = fake.sendSlashCommand({ name: 'ask', options: { query: 'expelled diplomats', private: true }, user: asker });
    const mine = await answered(id);
    expect(isEphemeral(mine)).toBe(true);
    // Right after asking, a post meets the cooldown as a second /ask would (issue 19: posts flooded).
    const early = fake.clickButton({ message: mine, customId: button(mine, /Post to channel/).custom_id, user: asker });
    const refused = await fake.nextCallback(early.id);
    expect((refused.data.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    expect(refused.data.content).toMatch(/^You can use this again <t:\d+:R>\.$/);

    // A private copy reached by a page turn (not a use) posts at once.
    const theirs = await answered(fake.sendSlashCommand({ name: 'ask', options: { query: 'Russia Ukraine sanctions' }, user: someone() }).id);
    const reader = someone();
    const copy = await answered(fake.clickButton({ message: theirs, customId: button(theirs, /Next/).custom_id, user: reader }).id);
    expect(isEphemeral(copy)).toBe(true);
    const click = fake.clickButton({ message: copy, customId: button(copy, /Post to channel/).custom_id, user: reader });
    await fake.nextCallback(click.id);
    // Whichever way it is sent (a reply to the click or a follow-up), the shared message is public.
    const fromClick = (): StoredMessage[] => [...fake.messages.values()].filter((m) => m.interaction_metadata?.id === click.id && !m.deleted && !m.loading);
    await expect.poll(() => fromClick().length).toBe(1);
    const publicMsg = fromClick()[0]!;
    expect(isEphemeral(publicMsg)).toBe(false);
    expect(citationEmbeds(publicMsg).map((e) => e.footer?.text)).toEqual(citationEmbeds(copy).map((e) => e.footer?.text));
    expect(buttons(publicMsg).some((b) => 'label' in b && /Post to channel/.test(b.label ?? ''))).toBe(false);
    expect(isEphemeral(fake.messages.get(copy.id)!)).toBe(true);
  });

  it('autocompletes the query with at most 25 choices within 100 characters', async () => {
    const { id } = fake.sendAutocomplete({ name: 'ask', options: { query: 'sanc' }, focused: 'query', user: someone() });
    const cb = await fake.nextCallback(id);
    expect(cb.type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
    const choices = cb.data.choices ?? [];
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    for (const c of choices) {
      expect(c.name.length).toBeGreaterThan(0);
      expect(c.name.length).toBeLessThanOrEqual(100);
      expect(String(c.value).length).toBeLessThanOrEqual(100);
    }
    expect(choices.some((c) => /sanction/i.test(c.name))).toBe(true);
  });
});

describe('other commands', () => {
  it('/sources lists the outlets with counts and the date range', async () => {
    const msg = await answered(fake.sendSlashCommand({ name: 'sources', user: someone() }).id);
    const all = JSON.stringify(msg);
    expect(all).toContain('CGTN');
    expect(all).toContain('Global News');
    expect(msg.content + JSON.stringify(msg.embeds)).toMatch(/\d+ articles? from \d+ outlets?/);
  });

  it('/help names every other command, with examples', async () => {
    const msg = await answered(fake.sendSlashCommand({ name: 'help', user: someone() }).id);
    const text = JSON.stringify(msg.embeds);
    for (const c of COMMANDS) if (c.data.name !== 'help') expect(text).toContain(c.data.name);
    expect(text).toContain('Example');
  });

  it('/about shows version, corpus size, index age and uptime', async () => {
    const msg = await answered(fake.sendSlashCommand({ name: 'about', user: someone() }).id);
    const fields = Object.fromEntries((msg.embeds[0]?.fields ?? []).map((f) => [f.name, f.value]));
    expect(msg.embeds[0]?.title).toMatch(/^Attaché \d+\.\d+\.\d+/);
    expect(fields['Corpus']).toMatch(/^\d+ articles · \d+ passages/);
    expect(fields['Index age']).toMatch(/\d+ (s|min)/);
    expect(fields['Uptime']).toMatch(/\d+ (s|min)/);
  });

  it('"Find sources" checks the selected message against the corpus', async () => {
    const { id } = fake.sendMessageContextMenu({ name: 'Find sources', target: { content: '@everyone Russia expelled US diplomats, did you see? https://example.com/x' }, user: someone() });
    const msg = await answered(id);
    expect(msg.content).toContain('Sources for');
    expect(citationEmbeds(msg).length).toBeGreaterThan(0);
    expect(msg.content).not.toContain('@everyone');
  });
});

describe('/timeline and /quote', () => {
  function choicesWithinLimits(cb: CallbackRecord): { name: string; value: string | number }[] {
    expect(cb.type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
    const choices = cb.data.choices ?? [];
    expect(choices.length).toBeLessThanOrEqual(25);
    for (const c of choices) {
      expect(c.name.length).toBeGreaterThan(0);
      expect(c.name.length).toBeLessThanOrEqual(100);
      expect(String(c.value).length).toBeLessThanOrEqual(100);
    }
    return choices;
  }

  it('/timeline shows dated events with their cited sentences, and pages', async () => {
    const asker = someone();
    const { id } = fake.sendSlashCommand({ name: 'timeline', options: { topic: 'sanctions' }, user: asker });
    const msg = await answered(id);
    expect(isEphemeral(msg)).toBe(false);
    expect(msg.content).toMatch(/page 1 of \d+/);
    const cited = citationEmbeds(msg);
    expect(cited.length).toBeGreaterThan(1);
    // Each entry shows its event date where it differs from the publication date.
    expect(cited.some((e) => e.fields?.some((f) => f.name === 'Event'))).toBe(true);
    const click = fake.clickButton({ message: msg, customId: button(msg, /Next/).custom_id, user: asker });
    expect((await fake.nextCallback(click.id)).type).toBe(InteractionResponseType.UpdateMessage);
    expect(fake.messages.get(msg.id)?.content).toMatch(/page 2 of \d+/);
  });

  it('/timeline says what was wrong with a date it cannot read, privately', async () => {
    const cb = await fake.nextCallback(fake.sendSlashCommand({ name: 'timeline', options: { from: 'banana' }, user: someone() }).id);
    expect(isEphemeral(cb.data)).toBe(true);
    expect(cb.data.content).toMatch(/banana/);
    expect(cb.data.content).toMatch(/2018-03/);
  });

  it('/timeline autocompletes sources from the corpus and topics', async () => {
    const sources = choicesWithinLimits(await fake.nextCallback(fake.sendAutocomplete({ name: 'timeline', options: { source: 'cg' }, focused: 'source', user: someone() }).id));
    expect(sources.map((c) => c.value)).toEqual(['CGTN']);
    const topics = choicesWithinLimits(await fake.nextCallback(fake.sendAutocomplete({ name: 'timeline', options: { topic: 'sanc' }, focused: 'topic', user: someone() }).id));
    expect(topics.map((c) => c.value)).toContain('sanctions');
  });

  it("/quote shows a speaker's words verbatim with the speaker named, and suggests speakers", async () => {
    const speakers = choicesWithinLimits(await fake.nextCallback(fake.sendAutocomplete({ name: 'quote', options: { speaker: 'Psa' }, focused: 'speaker', user: someone() }).id));
    const psaki = speakers.find((c) => /Psaki/.test(c.name));
    expect(psaki).toBeDefined();
    const msg = await answered(fake.sendSlashCommand({ name: 'quote', options: { speaker: String(psaki?.value) }, user: someone() }).id);
    const cited = citationEmbeds(msg);
    expect(cited.length).toBeGreaterThan(0);
    for (const e of cited) expect(e.fields?.find((f) => f.name === 'Speaker')?.value).toMatch(/^Jen Psaki/);
  });

  it('/quote answers an unknown speaker privately with what to try instead', async () => {
    const cb = await fake.nextCallback(fake.sendSlashCommand({ name: 'quote', options: { speaker: 'Nobody Atall' }, user: someone() }).id);
    expect(isEphemeral(cb.data)).toBe(true);
    expect(cb.data.content).toMatch(/Nobody Atall/);
  });
});

describe('live corpus changes', () => {
  // Distinct paragraphs (near-duplicates would be grouped into one result), each a passage.
  const topics = [
    'the inspection schedule for missile sites in the northern districts and how often teams may visit',
    'the exchange of telemetry data on every test launch, including the format and the deadline for each report',
    'a joint commission that meets twice a year in Geneva to settle disputes about compliance and counting rules',
    'limits on deployed warheads, with a ceiling that falls in three steps over the first decade of the treaty',
    'notification of large exercises near the border at least six weeks ahead, with observers invited from both sides',
    'the withdrawal clause, which requires a year of notice and a written statement of the extraordinary events',
    'funding for the dismantling of old launchers, shared by both governments under a separate annex',
  ];
  const words = (topic: string, i: number): string =>
    `Under the Zebrovia accord, section ${i + 1} covers ${topic}. Officials said this part of the Zebrovia accord was the hardest to negotiate and took several rounds of talks before both delegations signed it.`;
  let pagedId = '';
  let asker: UserInput;

  it('answers from an article added while it runs, without a restart', async () => {
    fs.writeFileSync(path.join(liveDir, 'zebrovia.md'), article('The Zebrovia accord', topics.map(words)));
    await bot.waitForLog((l) => typeof l.msg === 'string' && /^corpus (reloaded|updated)/.test(l.msg) && l['added'] === 1, 20_000, 'the corpus to reload with the new article');
    asker = someone();
    const { id } = fake.sendSlashCommand({ name: 'ask', options: { query: 'Zebrovia accord' }, user: asker });
    const msg = await answered(id);
    pagedId = msg.id;
    expect(citationEmbeds(msg).every((e) => e.title === 'The Zebrovia accord')).toBe(true);
    expect(msg.content).toMatch(/page 1 of [2-9]/);
  });

  it('a Next click after the article was removed replaces the whole message, leaving no stale excerpt or button', async () => {
    const msg = fake.messages.get(pagedId)!;
    const next = button(msg, /Next/);
    fs.rmSync(path.join(liveDir, 'zebrovia.md'));
    await bot.waitForLog((l) => typeof l.msg === 'string' && /^corpus (reloaded|updated)/.test(l.msg) && l['removed'] === 1, 20_000, 'the corpus to reload without the article');
    const click = fake.clickButton({ message: msg, customId: next.custom_id, user: asker });
    expect((await fake.nextCallback(click.id)).type).toBe(InteractionResponseType.UpdateMessage);
    const updated = fake.messages.get(pagedId)!;
    expect(updated.content).toMatch(/Nothing in the corpus answers/);
    expect(updated.embeds).toEqual([]);
    expect(updated.components ?? []).toEqual([]);
  });
});

describe('failures', () => {
  it('turns an exception inside a command into a private "Something went wrong" with a reference that is also logged', async () => {
    const { id } = fake.sendSlashCommand({ name: 'ask', options: { query: 'sanctions' }, place: { guildId: BROKEN.id }, user: someone() });
    const cb = await fake.nextCallback(id, 15_000);
    expect(isEphemeral(cb.data)).toBe(true);
    const ref = /Something went wrong \(ref ([0-9A-F]{6})\)/.exec(cb.data.content ?? '')?.[1];
    expect(ref, cb.data.content).toBeDefined();
    const logged: LogLine = await bot.waitForLog((l) => l['ref'] === ref, 5000, `a log line with ref ${ref ?? ''}`);
    expect(logged.level).toBe(50);
    expect(JSON.stringify(logged['err'])).toContain('stored settings');
    // ...and keeps answering.
    const ok = await answered(fake.sendSlashCommand({ name: 'help', user: someone() }).id);
    expect(ok.embeds.length).toBe(1);
  });

  it('answers an unknown command and a button with a garbage custom_id politely, and keeps running', async () => {
    const unknown = fake.sendSlashCommand({ name: 'frobnicate', user: someone() });
    const u = await fake.nextCallback(unknown.id);
    expect(isEphemeral(u.data)).toBe(true);
    expect(u.data.content).toMatch(/Unknown command/);

    // A message from an older version whose button carries an id this one cannot read.
    const host = await answered(fake.sendSlashCommand({ name: 'help', user: someone() }).id);
    const stored = fake.messages.get(host.id)!;
    stored.components = [{ type: ComponentType.ActionRow, components: [{ type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Old', custom_id: 'v0:page:ask:2:x|y' }] }];
    const click = fake.clickButton({ message: stored, customId: 'v0:page:ask:2:x|y' });
    const c = await fake.nextCallback(click.id);
    expect(isEphemeral(c.data)).toBe(true);
    expect(c.data.content).toMatch(/older message|Run the command again/);

    const ok = await answered(fake.sendSlashCommand({ name: 'about', user: someone() }).id);
    expect(ok.embeds[0]?.title).toMatch(/^Attaché/);
  });

  it('resumes after the gateway closes the socket and answers the next command', async () => {
    await fake.disconnect(4000);
    const resume = await fake.next('resume', undefined, 15_000);
    expect(resume.violations).toEqual([]);
    const msg = await answered(fake.sendSlashCommand({ name: 'ask', options: { query: 'expelled diplomats' }, user: someone() }).id);
    expect(citationEmbeds(msg).length).toBeGreaterThan(0);
    expect(fake.records.filter((r) => r.kind === 'identify')).toHaveLength(1);
    await bot.waitForLog((l) => l.msg === 'gateway resumed', 5000, 'the resume to be logged');
  });

  it('ends with one clear line and a non-zero exit on an invalid token, and no stack trace', async () => {
    const wrong = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.GxYzAb.wrong-token-0123456789abcdef';
    const run = await runToEnd({ args: ['start'], env: env(wrong) });
    expect(run.code).not.toBe(0);
    const problems = run.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('{'));
    expect(problems).toEqual(['Discord rejected the token (401): check DISCORD_TOKEN']);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout + run.stderr).not.toContain('wrong-token');
    // The second start over the same data folder reads the index from the cache.
    expect(run.stderr).toMatch(/"source":"cache"/);
  });
});

describe('stop', () => {
  it('exits 0 on SIGTERM with a "shutting down" log, and never logged the token', async () => {
    const code = await bot.stop();
    expect(code).toBe(0);
    const logs = bot.logs();
    expect(logs.some((l) => l.msg === 'shutting down' && l['signal'] === 'SIGTERM')).toBe(true);
    expect(logs.some((l) => l.msg === 'disconnected from Discord')).toBe(true);
    const output = bot.lines().join('\n');
    for (const part of TOKEN.split('.')) expect(output).not.toContain(part);
    // Only JSON log lines: no stray prints or stack traces.
    expect(bot.stderr.filter((l) => l !== '' && !l.startsWith('{'))).toEqual([]);
  });
});

describe('restart', () => {
  it('answers a click on a message of the previous process, from the cached index', async () => {
    expect(bot.child.exitCode).toBe(0);
    bot = spawnBot({ args: ['start'], env: env() });
    await bot.waitForLog((l) => l.msg === 'connected to Discord', 120_000, 'the restarted bot to connect');
    expect(bot.logs().find((l) => typeof l.msg === 'string' && l.msg.startsWith('corpus ready'))).toMatchObject({ source: 'cache' });
    const msg = fake.messages.get(paged!.messageId)!;
    expect(msg.content).toMatch(/page 2 of/);
    const click = fake.clickButton({ message: msg, customId: button(msg, /Previous/).custom_id, user: paged!.asker });
    expect((await fake.nextCallback(click.id)).type).toBe(InteractionResponseType.UpdateMessage);
    expect(fake.messages.get(msg.id)?.content).toMatch(/page 1 of/);
  });

  it('exits non-zero with one clear line when Discord closes the gateway for good (token reset while running)', async () => {
    await fake.disconnect(4004);
    expect(await bot.exited).toBe(1);
    expect(bot.stderr.filter((l) => l !== '' && !l.startsWith('{'))).toEqual(['Discord closed the connection: the token is no longer valid (4004); check DISCORD_TOKEN']);
    expect(bot.logs().some((l) => l.msg === 'disconnected from Discord')).toBe(true);
    for (const part of TOKEN.split('.')) expect(bot.lines().join('\n')).not.toContain(part);
  });
});
