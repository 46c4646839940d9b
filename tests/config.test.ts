import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConfigError, ENV_DOCS, parseConfig } from '../src/config.ts';
import { createLogger } from '../src/log.ts';

describe('configuration', () => {
  it('has defaults for a fresh machine', () => {
    const c = parseConfig({});
    expect(c).toMatchObject({ corpusDirs: ['corpus'], dataDir: './data', port: 8080, apiBase: 'https://discord.com/api', logLevel: 'info' });
    expect(c.discordToken).toBeUndefined();
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

  it('documents every variable it reads', () => {
    expect(Object.keys(ENV_DOCS).sort()).toEqual(
      ['CORPUS_DIRS', 'DATA_DIR', 'DISCORD_API_BASE', 'DISCORD_APPLICATION_ID', 'DISCORD_GUILD_ID', 'DISCORD_PUBLIC_KEY', 'DISCORD_TOKEN', 'HOST', 'LOG_FORMAT', 'LOG_LEVEL', 'MAX_FILE_BYTES', 'PORT'].sort(),
    );
  });
});

describe('logging', () => {
  it('redacts tokens and keys wherever they sit in a log object', async () => {
    const lines: string[] = [];
    const stream = new Writable({ write(chunk, _enc, cb) { lines.push(String(chunk)); cb(); } });
    const log = createLogger({ level: 'info', pretty: false, stream });
    log.info({ token: 'tok-1', config: { discordToken: 'tok-2' }, req: { headers: { authorization: 'Bot tok-3' } }, interaction: { token: 'tok-4' } }, 'hello');
    await new Promise((r) => setImmediate(r));
    const out = lines.join('');
    expect(out).toContain('hello');
    for (const secret of ['tok-1', 'tok-2', 'tok-3', 'tok-4']) expect(out).not.toContain(secret);
  });
});
