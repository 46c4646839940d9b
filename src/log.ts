// The only place that makes a pino logger. Secrets are redacted wherever they appear in a log object.
import pino from 'pino';

export type Logger = pino.Logger;

/** Paths whose values never reach a log: tokens, keys, interaction tokens. */
export const REDACT_PATHS = [
  'token',
  '*.token',
  '*.*.token',
  '*.*.*.token',
  'config.discordToken',
  'discordToken',
  '*.discordToken',
  '*.*.discordToken',
  'publicKey',
  '*.publicKey',
  'DISCORD_TOKEN',
  '*.DISCORD_TOKEN',
  'headers.authorization',
  '*.headers.authorization',
  'authorization',
  '*.authorization',
];

/**
 * Interaction and webhook tokens travel in request paths (`/interactions/<id>/<token>/callback`,
 * `/webhooks/<app>/<token>/…`), and discord.js errors carry that URL in `url` and sometimes in the
 * message: a path-based redaction cannot see inside a string, so errors are scrubbed here.
 */
const TOKEN_IN_PATH = /(\/(?:interactions|webhooks)\/\d+\/)[^/?#\s"']+/g;

export function scrubTokens(text: string): string {
  return text.includes('/interactions/') || text.includes('/webhooks/') ? text.replace(TOKEN_IN_PATH, '$1[redacted]') : text;
}

function scrubDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubTokens(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubDeep(v, depth + 1)]));
}

const serializers = { err: (err: unknown): unknown => scrubDeep(pino.stdSerializers.err(err as Error)) };

export interface LogOptions {
  readonly level: string;
  /** Pretty, human output (a terminal); JSON lines otherwise. */
  readonly pretty: boolean;
  /** Where to write; tests pass a stream to read what was logged, the reload worker its port. Defaults to stderr. */
  readonly stream?: NodeJS.WritableStream | { write(line: string): unknown };
}

/** The one logger factory (the reload worker uses it too): every logger redacts the same secrets. */
export function createLogger(opts: LogOptions): Logger {
  const base: pino.LoggerOptions = {
    level: opts.level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers,
    hooks: {
      // A message string can hold a request path too.
      logMethod(args, method) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? scrubTokens(a) : a)) as Parameters<typeof method>);
      },
    },
  };
  if (opts.stream) return pino(base, opts.stream as pino.DestinationStream);
  if (opts.pretty) {
    return pino({ ...base, transport: { target: 'pino-pretty', options: { destination: 2, translateTime: 'HH:MM:ss', ignore: 'pid,hostname' } } });
  }
  return pino(base, pino.destination(2));
}

/** A logger that drops everything: for tests and one-shot CLI runs that only want results. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
