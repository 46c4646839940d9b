import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CONFIG_SCHEMA, ConfigError, ENV_DOCS, loadConfig, parseConfig, PROJECT_ROOT } from '../src/config.ts';
import { StartupError } from '../src/startup-error.ts';
import { capturedLogger } from './support/captured-log.ts';

describe('configuration', () => {
  it('has defaults for a fresh machine', () => {
    const c = parseConfig({});
    expect(c).toMatchObject({ corpusDirs: [path.join(PROJECT_ROOT, 'corpus')], dataDir: path.join(PROJECT_ROOT, 'data'), port: 8080, apiBase: 'https://discord.com/api', logLevel: 'info' });
    expect(c.discordToken).toBeUndefined();
  });

  it('finds the bundled corpus and the data folder from any working directory', () => {
    // Started elsewhere, the defaults once made a fresh ./data there and served 0 articles.
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-cwd-'));
    try {
      const c = loadConfig(elsewhere, {});
      const repo = fileURLToPath(new URL('../', import.meta.url));
      expect(c.corpusDirs).toEqual([path.join(repo, 'corpus')]);
      expect(c.dataDir).toBe(path.join(repo, 'data'));
      expect(fs.existsSync(path.join(c.corpusDirs[0] as string, '..', 'package.json'))).toBe(true);
    } finally {
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
    // Values an operator sets stay as given: relative to where they start the program.
    expect(parseConfig({ DATA_DIR: './mine', CORPUS_DIRS: 'a,b' })).toMatchObject({ dataDir: './mine', corpusDirs: ['a', 'b'] });
  });

  it('refuses a .env it cannot read with a one-line StartupError, not a stack trace', () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-env-'));
    try {
      fs.mkdirSync(path.join(cwd, '.env'));
      let error: unknown;
      try {
        loadConfig(cwd, {});
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toBe(`Invalid configuration:\n  - ${path.join(cwd, '.env')}: cannot read it (EISDIR)`);
    } finally {
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  });

  it('parses values and treats empty strings as unset', () => {
    const c = parseConfig({ CORPUS_DIRS: 'corpus, ../shared/corpora/whitehouse-russia ,', PORT: '9000', DISCORD_TOKEN: '', DISCORD_API_BASE: 'http://127.0.0.1:5/api/' });
    expect(c.corpusDirs).toEqual(['corpus', '../shared/corpora/whitehouse-russia']);
    expect(c.port).toBe(9000);
    expect(c.discordToken).toBeUndefined();
    expect(c.apiBase).toBe('http://127.0.0.1:5/api');
  });

  it('reports every problem in one message', () => {
    let error: unknown;
    try {
      parseConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', DISCORD_APPLICATION_ID: '12', DISCORD_TOKNE: 'x', DISCORD_PUBLIC_KEY: 'zz' }, ['CORPUS_DIR']);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const name of ['PORT', 'LOG_LEVEL', 'DISCORD_APPLICATION_ID', 'DISCORD_TOKNE', 'DISCORD_PUBLIC_KEY', 'CORPUS_DIR']) expect(message).toContain(name);
    expect((error as ConfigError).problems).toHaveLength(6);
    expect(message).toContain('"eighty"');
  });

  it('never echoes the token back, even in an error', () => {
    expect(() => parseConfig({ DISCORD_TOKEN: 'secret-token-value', PORT: '-1' })).toThrow(ConfigError);
    try {
      parseConfig({ DISCORD_TOKEN: 'secret-token-value', PORT: '-1' });
    } catch (err) {
      expect((err as Error).message).not.toContain('secret-token-value');
    }
  });

  function problemsOf(env: Record<string, string>): string {
    try {
      parseConfig(env);
    } catch (err) {
      expect(err).toBeInstanceOf(StartupError);
      return (err as Error).message;
    }
    throw new Error('no error');
  }

  it('never echoes a token pasted into the wrong variable: its length and shape instead', () => {
    const botToken = 'MTI5NzY1NDMyMTA5ODc2NTQzMg.GhT9xQ.abcDEF123ghiJKL456mnoPQR789stuVWX012yz';
    const message = problemsOf({ DISCORD_PUBLIC_KEY: botToken, DISCORD_APPLICATION_ID: botToken, DISCORD_GUILD_ID: botToken });
    expect(message).not.toContain(botToken);
    for (const part of botToken.split('.')) expect(message).not.toContain(part);
    expect(message).toContain(`DISCORD_PUBLIC_KEY: must be 64 hex characters (got ${botToken.length} characters in 3 parts joined by dots, like a bot token; not shown)`);
    expect(message).toContain('DISCORD_APPLICATION_ID: must be a Discord id (17 to 20 digits) (got');
  });

  it('never echoes any secret-looking variable or the password in an address', () => {
    const message = problemsOf({ DISCORD_PUBLIC_KEY: 'not-hex-but-secret', DISCORD_API_BASE: 'http://user:hunter2@proxy:notaport/api' });
    expect(message).not.toContain('not-hex-but-secret');
    expect(message).not.toContain('hunter2');
    expect(message).toContain('DISCORD_PUBLIC_KEY: must be 64 hex characters (got 18 characters of letters and "-"; not shown)');
    // An ordinary value is still shown: it is what the operator needs to see.
    expect(problemsOf({ PORT: 'eighty' })).toContain('PORT: Invalid input: expected number, received NaN (got "eighty")');
  });

  it('is a StartupError, so the entry point prints it without a stack trace', () => {
    expect(new ConfigError(['x'])).toBeInstanceOf(StartupError);
  });

  // The schema is what is read; .env.example and the README's table are what people read.
  const repo = fileURLToPath(new URL('../', import.meta.url));
  const schemaKeys = Object.keys(CONFIG_SCHEMA.shape).sort();

  it('documents every variable it reads, in ENV_DOCS, .env.example and the README, alike', () => {
    expect(schemaKeys.length).toBeGreaterThan(10);
    expect(Object.keys(ENV_DOCS).sort()).toEqual(schemaKeys);

    const example = fs.readFileSync(path.join(repo, '.env.example'), 'utf8');
    const exampleKeys = [...example.matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]).sort();
    expect(exampleKeys).toEqual(schemaKeys);

    const readme = fs.readFileSync(path.join(repo, 'README.md'), 'utf8');
    const rows = new Map([...readme.matchAll(/^\| `([A-Z_]+)` \| (.*?) \| (.*) \|$/gm)].map((m) => [m[1], { def: m[2], doc: m[3] }]));
    expect([...rows.keys()].filter((k) => k !== undefined && k in ENV_DOCS).sort()).toEqual(schemaKeys);
    for (const [key, [def, doc]] of Object.entries(ENV_DOCS)) {
      expect(rows.get(key), key).toEqual({ def, doc });
      // .env.example's comment above the variable states the same default.
      const comment = new RegExp(`((?:^#.*\\n)+)(?:[A-Z_]+=\\n)*${key}=`, 'm').exec(example)?.[1] ?? '';
      if (def !== '(none)') expect(comment.replace(/\n#\s*/g, ' '), key).toContain(def.replace(/`/g, ''));
    }
    // The README says which unknown names are refused, as parseConfig does.
    expect(readme).toContain('Unknown `DISCORD_*` and `ATTACHE_*` variables');
    expect(problemsOf({ ATTACHE_FOO: '1' })).toContain('ATTACHE_FOO: unknown variable');
  });
});

describe('logging', () => {
  it('redacts tokens and keys wherever they sit in a log object', async () => {
    const { log, lines } = capturedLogger();
    log.info({ token: 'tok-1', config: { discordToken: 'tok-2' }, req: { headers: { authorization: 'Bot tok-3' } }, interaction: { token: 'tok-4' } }, 'hello');
    await new Promise((r) => setImmediate(r));
    const out = lines.join('');
    expect(out).toContain('hello');
    for (const secret of ['tok-1', 'tok-2', 'tok-3', 'tok-4']) expect(out).not.toContain(secret);
  });

  it("keeps interaction and webhook tokens out of logged errors (discord.js puts them in the request's URL)", async () => {
    const { log, lines } = capturedLogger();
    const token = 'aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OkFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFla';
    const err = Object.assign(new Error(`Unknown interaction at /interactions/1234567890/${token}/callback`), {
      url: `https://discord.com/api/v10/interactions/1234567890/${token}/callback`,
      requestBody: { json: { type: 4 } },
    });
    log.error({ err }, 'interaction could not be answered');
    log.error({ err: Object.assign(new Error('x'), { url: `https://discord.com/api/v10/webhooks/987654321/${token}/messages/@original` }) }, 'edit failed');
    await new Promise((r) => setImmediate(r));
    const out = lines.join('');
    expect(lines).toHaveLength(2);
    expect(out).not.toContain(token);
    expect(out).toContain('/interactions/1234567890/[redacted]/callback');
    expect(out).toContain('/webhooks/987654321/[redacted]/messages/@original');
  });
});
