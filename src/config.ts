// Configuration is read once, here: dotenv, then zod. Every problem is reported in one message.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import dotenv from 'dotenv';
import { StartupError } from './startup-error.ts';
import { z } from 'zod';

const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord id (17 to 20 digits)');
const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Every variable Attaché reads: its default and what it does, exactly as the README's table shows
 * them (a test keeps the schema, this, .env.example and the README alike).
 */
export const ENV_DOCS = {
  DISCORD_TOKEN: ['(none)', 'Bot token. Without it, `npm start` opens the local console instead of connecting to Discord.'],
  DISCORD_APPLICATION_ID: ['(none)', 'Application id; needed by `npm run deploy` and for HTTP-mode follow-ups.'],
  DISCORD_GUILD_ID: ['(none)', '`npm run deploy` registers commands to this one server (instant) instead of globally.'],
  DISCORD_PUBLIC_KEY: ['(none)', 'Application public key (hex); required by `npm run serve` to verify interaction signatures.'],
  DISCORD_API_BASE: ['`https://discord.com/api`', 'REST base URL (a REST proxy, or the fake Discord in tests).'],
  CORPUS_DIRS: ['`corpus` in the project folder', 'Comma-separated folders of Markdown articles to load. Relative paths you set are relative to the working directory.'],
  DATA_DIR: ['`data` in the project folder', 'Where the index cache and the settings database live. Relative paths you set are relative to the working directory.'],
  DATABASE_URL: [
    '(none)',
    'A `postgres://` address: settings and their history, follows and their deliveries, feed state (and cooldowns without Redis) live in PostgreSQL, shared by every replica and `attache feeds …`. Unset: SQLite in DATA_DIR.',
  ],
  REDIS_URL: ['(none)', 'A `redis://` address: cooldowns and the interaction replay guard live in Redis, shared by every replica.'],
  PORT: ['`8080`', 'HTTP port for `npm run serve`.'],
  HOST: ['`0.0.0.0`', 'Interface for `npm run serve` to listen on.'],
  LOG_LEVEL: ['`info`', '`fatal`, `error`, `warn`, `info`, `debug`, `trace` or `silent`.'],
  LOG_FORMAT: ['`auto`', '`pretty`, `json`, or `auto` (pretty on a terminal, JSON otherwise).'],
  MAX_FILE_BYTES: ['`2000000`', 'Corpus files larger than this are skipped with a warning.'],
  SHARD_COUNT: ['`1`', 'Gateway shards in all: a number, or `auto` for the count Discord recommends (required past 2,500 servers).'],
  SHARD_IDS: ['all of them', 'Comma-separated shard ids this process runs (such as `0,1`), when the shards are split across hosts; needs `SHARD_COUNT`.'],
  SHARD_MODE: ['`internal`', '`internal`: all shards in one process. `process`: one child process per shard, restarted if it dies.'],
  FEEDS_FILE: ['`feeds.yml` in the project folder', 'Declarative list of feeds, read at start when it exists (see "Feeds"). Relative paths you set are relative to the working directory.'],
  FEEDS_CONTACT: ['(none)', 'How site operators reach you (an email or URL), sent in the feed reader’s User-Agent.'],
  FEEDS_POLLER: ['`auto`', '`auto`: the bot (`npm start`, `npm run serve`) polls feeds when any are configured; `off`: it does not (run `attache feeds run` in one process instead).'],
  FEEDS_MAX_AGE_DAYS: ['`30`', 'Feed items published longer ago than this are skipped.'],
  FEEDS_ALLOW_LOOPBACK: ['`0`', '`1` lets feed and import fetches reach loopback addresses (127.0.0.1, ::1): for tests and local development only.'],
  FOLLOWS_MAX_PER_HOUR: ['`5`', 'Posts per follow per hour; the stories beyond are listed in one digest message (see "Follows").'],
  FOLLOWS_GROUP_SECONDS: ['`60`', 'How long a new story waits for its copies from other outlets before it is posted (they show as "also reported by").'],
  FOLLOWS_RETRY_SECONDS: ['`60`', 'First wait before a failed follow post is retried; it doubles per failure up to an hour, and a post is given up after a day.'],
  INDEX_DIR: ['(none)', 'Load the index published there by `attache index build --out DIR` instead of building one, and swap in each newer one published.'],
  METRICS_PORT: [
    '(none)',
    'Gateway mode: serve `/metrics`, `/healthz` and `/readyz` on this port (HTTP mode serves them on `PORT`). With `SHARD_MODE=process`, the manager serves it for every shard process.',
  ],
  SHUTDOWN_GRACE_SECONDS: [
    '`20`',
    'On `SIGTERM`, how long to wait for replies and deferred edits in flight before exiting anyway; also bounds the fold of the change log into the index cache on closing: the fold gets what the drain left of this grace (estimated from the size of the cache), else the next start replays the log instead.',
  ],
} as const;

/**
 * The folder holding package.json. The default corpus and data folders are found here, not in the
 * working directory: started from elsewhere, Attaché once made a fresh ./data there and served 0
 * articles.
 */
export const PROJECT_ROOT = fileURLToPath(new URL('../', import.meta.url)).replace(/[\\/]$/, '');

export type EnvName = keyof typeof ENV_DOCS;

/** What each variable may hold; unset ones without a default stay unset. */
export const CONFIG_SCHEMA = z.object({
  DISCORD_TOKEN: z.string().min(1).optional(),
  DISCORD_APPLICATION_ID: snowflake.optional(),
  DISCORD_GUILD_ID: snowflake.optional(),
  DISCORD_PUBLIC_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters')
    .optional(),
  DISCORD_API_BASE: z.url().default('https://discord.com/api'),
  CORPUS_DIRS: z.string().min(1).default(path.join(PROJECT_ROOT, 'corpus')),
  DATA_DIR: z.string().min(1).default(path.join(PROJECT_ROOT, 'data')),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// address')
    .optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// address')
    .optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(logLevels).default('info'),
  LOG_FORMAT: z.enum(['auto', 'pretty', 'json']).default('auto'),
  MAX_FILE_BYTES: z.coerce.number().int().positive().default(2_000_000),
  SHARD_COUNT: z
    .string()
    .trim()
    .regex(/^(auto|[1-9]\d*)$/, 'must be `auto` or a whole number of shards (1 or more)')
    .optional(),
  SHARD_IDS: z
    .string()
    .regex(/^\s*\d+\s*(,\s*\d+\s*)*$/, 'must be shard ids separated by commas, such as 0,1')
    .optional(),
  SHARD_MODE: z.enum(['internal', 'process']).default('internal'),
  FEEDS_FILE: z.string().min(1).default(path.join(PROJECT_ROOT, 'feeds.yml')),
  FEEDS_CONTACT: z.string().min(1).max(200).optional(),
  FEEDS_POLLER: z.enum(['auto', 'off']).default('auto'),
  FEEDS_MAX_AGE_DAYS: z.coerce.number().int().positive().max(3650).default(30),
  FEEDS_ALLOW_LOOPBACK: z.enum(['0', '1']).default('0'),
  FOLLOWS_MAX_PER_HOUR: z.coerce.number().int().min(1).max(100).default(5),
  FOLLOWS_GROUP_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  FOLLOWS_RETRY_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  INDEX_DIR: z.string().min(1).optional(),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0).max(3600).default(20),
});

/** Which gateway shards this process runs: `ids` of `count` in all (`auto`: Discord's recommendation). */
export interface ShardConfig {
  readonly count: number | 'auto';
  /** Unset: every shard, 0 to count - 1. */
  readonly ids?: readonly number[];
  /** One process for all shards, or a manager process with one child per shard. */
  readonly mode: 'internal' | 'process';
}

export interface Config {
  readonly discordToken?: string;
  readonly applicationId?: string;
  readonly guildId?: string;
  readonly publicKey?: string;
  readonly apiBase: string;
  readonly corpusDirs: readonly string[];
  readonly dataDir: string;
  readonly databaseUrl?: string;
  readonly redisUrl?: string;
  readonly port: number;
  readonly host: string;
  readonly logLevel: (typeof logLevels)[number];
  readonly logFormat: 'auto' | 'pretty' | 'json';
  readonly maxFileBytes: number;
  readonly shards: ShardConfig;
  readonly feeds: {
    readonly file: string;
    readonly contact?: string;
    readonly poller: 'auto' | 'off';
    readonly maxAgeDays: number;
    readonly allowLoopback: boolean;
  };
  readonly follows: {
    readonly maxPerHour: number;
    readonly groupMs: number;
    readonly retryBaseMs: number;
  };
  readonly indexDir?: string;
  readonly metricsPort?: number;
  readonly shutdownGraceMs: number;
}

export class ConfigError extends StartupError {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses configuration from an environment. Empty strings count as unset (as in a copied
 * .env.example). Unknown DISCORD_* / ATTACHE_* variables, and unknown keys in the .env file, are
 * errors: they are almost always typos of a real setting.
 */
export function parseConfig(env: Readonly<Record<string, string | undefined>>, fileKeys: readonly string[] = []): Config {
  const known = new Set<string>(Object.keys(ENV_DOCS));
  const problems: string[] = [];
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined || value === '') continue;
    if (known.has(key)) values[key] = value;
    else if (/^(DISCORD_|ATTACHE_)/.test(key)) problems.push(`${key}: unknown variable (known: ${[...known].join(', ')})`);
  }
  for (const key of fileKeys) if (!known.has(key)) problems.push(`${key} (in .env): unknown variable`);
  const parsed = CONFIG_SCHEMA.safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '');
      problems.push(`${key}: ${issue.message} (got ${describeValue(key, values[key] ?? '')})`);
    }
  }
  const shardSet = parsed.success ? shardConfig(parsed.data.SHARD_COUNT, parsed.data.SHARD_IDS, problems) : undefined;
  // A shard's child process (discord.js's ShardingManager sets SHARDING_MANAGER) runs its one
  // shard in itself, even if a .env file it reads too says SHARD_MODE=process.
  const mode = parsed.success && env['SHARDING_MANAGER'] === undefined ? parsed.data.SHARD_MODE : 'internal';
  const shards = shardSet && { ...shardSet, mode };
  if (problems.length > 0 || !parsed.success || shards === undefined) throw new ConfigError(problems);
  const v = parsed.data;
  return {
    ...(v.DISCORD_TOKEN !== undefined && { discordToken: v.DISCORD_TOKEN }),
    ...(v.DISCORD_APPLICATION_ID !== undefined && { applicationId: v.DISCORD_APPLICATION_ID }),
    ...(v.DISCORD_GUILD_ID !== undefined && { guildId: v.DISCORD_GUILD_ID }),
    ...(v.DISCORD_PUBLIC_KEY !== undefined && { publicKey: v.DISCORD_PUBLIC_KEY.toLowerCase() }),
    apiBase: v.DISCORD_API_BASE.replace(/\/+$/, ''),
    corpusDirs: v.CORPUS_DIRS.split(',')
      .map((d) => d.trim())
      .filter((d) => d.length > 0),
    dataDir: v.DATA_DIR,
    ...(v.DATABASE_URL !== undefined && { databaseUrl: v.DATABASE_URL }),
    ...(v.REDIS_URL !== undefined && { redisUrl: v.REDIS_URL }),
    port: v.PORT,
    host: v.HOST,
    logLevel: v.LOG_LEVEL,
    logFormat: v.LOG_FORMAT,
    maxFileBytes: v.MAX_FILE_BYTES,
    shards,
    feeds: {
      file: v.FEEDS_FILE,
      ...(v.FEEDS_CONTACT !== undefined && { contact: v.FEEDS_CONTACT }),
      poller: v.FEEDS_POLLER,
      maxAgeDays: v.FEEDS_MAX_AGE_DAYS,
      allowLoopback: v.FEEDS_ALLOW_LOOPBACK === '1',
    },
    follows: { maxPerHour: v.FOLLOWS_MAX_PER_HOUR, groupMs: v.FOLLOWS_GROUP_SECONDS * 1000, retryBaseMs: v.FOLLOWS_RETRY_SECONDS * 1000 },
    ...(v.INDEX_DIR !== undefined && { indexDir: v.INDEX_DIR }),
    ...(v.METRICS_PORT !== undefined && { metricsPort: v.METRICS_PORT }),
    shutdownGraceMs: v.SHUTDOWN_GRACE_SECONDS * 1000,
  };
}

/** SHARD_COUNT and SHARD_IDS together; what is wrong with them goes to `problems`. */
function shardConfig(countText: string | undefined, idsText: string | undefined, problems: string[]): Omit<ShardConfig, 'mode'> | undefined {
  const count = countText === undefined ? 1 : countText === 'auto' ? 'auto' : Number(countText);
  if (idsText === undefined) return { count };
  const ids = idsText.split(',').map((id) => Number(id.trim()));
  const before = problems.length;
  // Without a total, shard 1 of what? Discord routes guilds by (guild_id >> 22) % total.
  if (countText === undefined) problems.push(`SHARD_IDS: needs SHARD_COUNT (the number of shards across all hosts, or auto) (got ${JSON.stringify(idsText)})`);
  const duplicates = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
  if (duplicates.length > 0) problems.push(`SHARD_IDS: lists shard ${duplicates.join(', ')} more than once (got ${JSON.stringify(idsText)})`);
  const outside = typeof count === 'number' && countText !== undefined ? ids.filter((id) => id >= count) : [];
  if (outside.length > 0) problems.push(`SHARD_IDS: shard ids run from 0 to SHARD_COUNT - 1 (${Number(count) - 1}); ${outside.join(', ')} is outside (got ${JSON.stringify(idsText)})`);
  return problems.length > before ? undefined : { count, ids };
}

/** Reads `.env` from `cwd` (when present) under the real environment, which wins, and parses both. */
export function loadConfig(cwd: string = process.cwd(), env: NodeJS.ProcessEnv = process.env): Config {
  const file = path.join(cwd, '.env');
  let fromFile: Record<string, string> = {};
  if (fs.existsSync(file)) {
    try {
      fromFile = dotenv.parse(fs.readFileSync(file));
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      throw new ConfigError([`${file}: cannot read it (${typeof code === 'string' ? code : err instanceof Error ? err.message : String(err)})`]);
    }
  }
  return parseConfig({ ...fromFile, ...env }, Object.keys(fromFile));
}

const SECRET_NAME = /TOKEN|KEY|SECRET|PASSWORD|PASSWD|CREDENTIAL/i;

/**
 * A bad value as an error may show it. A secret never reaches the terminal (nor a log that
 * captures it), even pasted into the wrong variable: a secret-looking name or value is described
 * by its length and shape, and an address loses its password.
 */
export function describeValue(key: string, value: string): string {
  if (SECRET_NAME.test(key) || looksSecret(value)) return `${shapeOf(value)}; not shown`;
  let shown = value;
  try {
    const url = new URL(value);
    if (url.password !== '' || url.username !== '') {
      url.username = url.username === '' ? '' : '***';
      url.password = url.password === '' ? '' : '***';
      shown = url.href;
    }
  } catch {
    // Not an address: the credentials pattern below still catches "user:pass@host" forms.
    shown = value.replace(/\/\/[^/@\s]*@/, '//***@');
  }
  return JSON.stringify(shown.length > 80 ? `${shown.slice(0, 77)}...` : shown);
}

/** A Discord bot token (three base64url parts joined by dots), or a long unbroken run of key-like characters. */
function looksSecret(value: string): boolean {
  return /^[\w-]{16,}\.[\w-]{4,}\.[\w-]{16,}$/.test(value) || /^[\w+/=.-]{32,}$/.test(value);
}

function shapeOf(value: string): string {
  const parts = value.split('.');
  if (/^[\w-]{16,}\.[\w-]{4,}\.[\w-]{16,}$/.test(value)) return `${value.length} characters in ${parts.length} parts joined by dots, like a bot token`;
  const kinds: string[] = [];
  if (/[A-Za-z]/.test(value)) kinds.push(/^[0-9a-fA-F]*$/.test(value) ? 'hex digits' : 'letters');
  if (/[0-9]/.test(value) && !kinds.includes('hex digits')) kinds.push('digits');
  const others = [...new Set(value.replace(/[A-Za-z0-9]/g, ''))].sort();
  for (const c of others.slice(0, 4)) kinds.push(/\s/.test(c) ? 'spaces' : JSON.stringify(c));
  if (others.length > 4) kinds.push('other characters');
  const list = kinds.length <= 1 ? (kinds[0] ?? 'nothing') : `${kinds.slice(0, -1).join(', ')} and ${kinds.at(-1) as string}`;
  return `${value.length} characters of ${list}`;
}
