// End to end: `npm run deploy` as users run it (`node --import tsx src/main.ts deploy`, configured
// by environment) against the fake Discord, which checks every definition as Discord would.
import { ApplicationCommandType } from 'discord-api-types/v10';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../commands/index.ts';
import { commandIssues } from './support/discord-limits.ts';
import { startFakeDiscord } from './support/fake-discord.ts';
import type { FakeDiscord } from './support/fake-discord.ts';
import { runToEnd } from './support/spawn-bot.ts';

const TOKEN = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.GxYzAb.deploy-s3cr3t-0123456789abcdef';
let fake: FakeDiscord;

beforeAll(async () => {
  fake = await startFakeDiscord({ token: TOKEN });
});
afterAll(async () => {
  await fake?.close();
});
afterEach(() => {
  expect(fake.takeViolations()).toEqual([]);
});

function deploy(extra: Record<string, string> = {}): ReturnType<typeof runToEnd> {
  return runToEnd({
    args: ['deploy'],
    env: { DISCORD_TOKEN: TOKEN, DISCORD_API_BASE: fake.apiBase, DISCORD_APPLICATION_ID: fake.appId, LOG_FORMAT: 'json', ...extra },
  });
}

const NAMES = COMMANDS.map((c) => c.data.name).sort();

function puts(scope: string): number {
  return fake.records.filter((r) => r.kind === 'commands' && r.method === 'PUT' && r.scope === scope).length;
}

describe('deploy', () => {
  it('has definitions Discord accepts', () => {
    expect(commandIssues(COMMANDS.map((c) => c.data))).toEqual([]);
  });

  it('registers every command to one server when DISCORD_GUILD_ID is set, then says it is up to date', async () => {
    const guild = fake.guilds[0]!.id;
    const first = await deploy({ DISCORD_GUILD_ID: guild });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`Registered ${COMMANDS.length} commands to server ${guild}.`);
    expect(first.stdout).toMatch(new RegExp(`added: ${COMMANDS.map((c) => c.data.name).join(', ')}`));
    const put = await fake.next('commands', (r) => r.method === 'PUT' && r.scope === guild);
    expect(put.status).toBe(200);
    expect(put.issues).toEqual([]);
    expect(
      fake
        .commands(guild)
        .map((c) => String(c['name']))
        .sort(),
    ).toEqual(NAMES);
    expect(fake.commands(guild).find((c) => c['name'] === 'Find sources')?.['type']).toBe(ApplicationCommandType.Message);
    expect(fake.commands('global')).toEqual([]);

    const ids = fake.commands(guild).map((c) => c['id']);
    const again = await deploy({ DISCORD_GUILD_ID: guild });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout.trim()).toBe(`Commands to server ${guild} are up to date (${COMMANDS.length} unchanged).`);
    expect(puts(guild)).toBe(1);
    expect(fake.commands(guild).map((c) => c['id'])).toEqual(ids);
  });

  it('registers globally without DISCORD_GUILD_ID and names what changed (a command no longer defined is removed)', async () => {
    // A command left over from an older version.
    const stale = await fetch(`${fake.apiBase}/v10/applications/${fake.appId}/commands`, {
      method: 'PUT',
      headers: { authorization: `Bot ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify([{ name: 'oldsearch', description: 'An older command', type: 1 }]),
    });
    expect(stale.status).toBe(200);
    const run = await deploy();
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Registered ${COMMANDS.length} commands globally`);
    expect(run.stdout).toContain('removed: oldsearch');
    expect(
      fake
        .commands('global')
        .map((c) => String(c['name']))
        .sort(),
    ).toEqual(NAMES);
    const again = await deploy();
    expect(again.stdout).toContain('are up to date');
    expect(puts('global')).toBe(2); // the test's own PUT, and the deploy's
  });

  it('refuses without an application id, and with a wrong token, in one line and no stack trace', async () => {
    const [missing, wrong] = await Promise.all([
      runToEnd({ args: ['deploy'], env: { DISCORD_TOKEN: TOKEN, DISCORD_API_BASE: fake.apiBase } }),
      deploy({ DISCORD_TOKEN: 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.GxYzAb.not-the-token' }),
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toMatch(/^deploy needs DISCORD_TOKEN and DISCORD_APPLICATION_ID/);

    expect(wrong.code).toBe(1);
    expect(wrong.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('{'))).toEqual(['Discord rejected the token (401): check DISCORD_TOKEN.']);
    expect(wrong.stdout + wrong.stderr).not.toContain('not-the-token');
    expect(wrong.stdout + wrong.stderr).not.toMatch(/\n\s+at /);
  });

  it('says what to check when Discord answers 403: a server the bot is not in, or another application id', async () => {
    const [notInvited, otherApp] = await Promise.all([deploy({ DISCORD_GUILD_ID: '1399999999999999999' }), deploy({ DISCORD_APPLICATION_ID: '1100000000000000999' })]);
    expect(notInvited.code).toBe(1);
    expect(notInvited.stderr.trim()).toBe(
      "Discord refused the registration (403 Missing Access): check that DISCORD_APPLICATION_ID is this bot's application and that the bot was invited to server 1399999999999999999 with the applications.commands scope.",
    );
    expect(otherApp.code).toBe(1);
    expect(otherApp.stderr.trim()).toBe("Discord refused the registration (403 Missing Access): check that DISCORD_APPLICATION_ID is this bot's application.");
  });
});
