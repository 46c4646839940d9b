// Configuration is read once, here: dotenv, then zod. Every problem is reported in one message.
import fs from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import { z } from 'zod';

const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord id (17 to 20 digits)');
const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Every variable Attaché reads, its default, and what it does (the README's table mirrors this). */
export const ENV_DOCS = {
  DISCORD_TOKEN: ['(none)', 'Bot token. Without it, `npm start` opens the local console instead of connecting to Discord.'],
  DISCORD_APPLICATION_ID: ['(none)', 'Application id; needed by `npm run deploy` and for HTTP-mode follow-ups.'],
  DISCORD_GUILD_ID: ['(none)', '`npm run deploy` registers commands to this one server (instant) instead of globally.'],
  DISCORD_PUBLIC_KEY: ['(none)', 'Application public key (hex); required by `npm run serve` to verify interaction signatures.'],
  DISCORD_API_BASE: ['https://discord.com/api', 'REST base URL (a REST proxy, or the fake Discord in tests).'],
  CORPUS_DIRS: ['corpus', 'Comma-separated folders of Markdown articles to load.'],
  DATA_DIR: ['./data', 'Where the index cache and the settings database live.'],
  PORT: ['8080', 'HTTP port for `npm run serve`.'],
  HOST: ['0.0.0.0', 'Interface for `npm run serve` to listen on.'],
  LOG_LEVEL: ['info', 'fatal, error, warn, info, debug, trace or silent.'],
  LOG_FORMAT: ['auto', '`pretty`, `json`, or `auto` (pretty on a terminal, JSON otherwise).'],
  MAX_FILE_BYTES: ['2000000', 'Corpus files larger than this are skipped with a warning.'],
} as const;

export type EnvName = keyof typeof ENV_DOCS;

const schema = z.object({
  DISCORD_TOKEN: z.string().min(1).optional(),
  DISCORD_APPLICATION_ID: snowflake.optional(),
  DISCORD_GUILD_ID: snowflake.optional(),
  DISCORD_PUBLIC_KEY: z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters').optional(),
  DISCORD_API_BASE: z.url().default('https://discord.com/api'),
  CORPUS_DIRS: z.string().min(1).default('corpus'),
  DATA_DIR: z.string().min(1).default('./data'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(logLevels).default('info'),
  LOG_FORMAT: z.enum(['auto', 'pretty', 'json']).default('auto'),
  MAX_FILE_BYTES: z.coerce.number().int().positive().default(2_000_000),
});

export interface Config {
  readonly discordToken?: string;
  readonly applicationId?: string;
  readonly guildId?: string;
  readonly publicKey?: string;
  readonly apiBase: string;
  readonly corpusDirs: readonly string[];
  readonly dataDir: string;
  readonly port: number;
  readonly host: string;
  readonly logLevel: (typeof logLevels)[number];
  readonly logFormat: 'auto' | 'pretty' | 'json';
  readonly maxFileBytes: number;
}

export class ConfigError extends Error {
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
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '');
      // A secret's value is never echoed back, even when malformed.
      const got = key === 'DISCORD_TOKEN' ? '' : ` (got ${JSON.stringify(values[key] ?? '')})`;
      problems.push(`${key}: ${issue.message}${got}`);
    }
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  const v = parsed.data;
  return {
    ...(v.DISCORD_TOKEN !== undefined && { discordToken: v.DISCORD_TOKEN }),
    ...(v.DISCORD_APPLICATION_ID !== undefined && { applicationId: v.DISCORD_APPLICATION_ID }),
    ...(v.DISCORD_GUILD_ID !== undefined && { guildId: v.DISCORD_GUILD_ID }),
    ...(v.DISCORD_PUBLIC_KEY !== undefined && { publicKey: v.DISCORD_PUBLIC_KEY.toLowerCase() }),
    apiBase: v.DISCORD_API_BASE.replace(/\/+$/, ''),
    corpusDirs: v.CORPUS_DIRS.split(',').map((d) => d.trim()).filter((d) => d.length > 0),
    dataDir: v.DATA_DIR,
    port: v.PORT,
    host: v.HOST,
    logLevel: v.LOG_LEVEL,
    logFormat: v.LOG_FORMAT,
    maxFileBytes: v.MAX_FILE_BYTES,
  };
}

/** Reads `.env` from `cwd` (when present) under the real environment, which wins, and parses both. */
export function loadConfig(cwd: string = process.cwd(), env: NodeJS.ProcessEnv = process.env): Config {
  const file = path.join(cwd, '.env');
  let fromFile: Record<string, string> = {};
  if (fs.existsSync(file)) fromFile = dotenv.parse(fs.readFileSync(file));
  return parseConfig({ ...fromFile, ...env }, Object.keys(fromFile));
}
