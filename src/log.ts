// The only place that makes a pino logger. Secrets are redacted wherever they appear in a log object.
import pino from 'pino';

export type Logger = pino.Logger;

/** Paths whose values never reach a log: tokens, keys, interaction tokens. */
export const REDACT_PATHS = [
  'token', '*.token', '*.*.token',
  'config.discordToken', 'discordToken', '*.discordToken',
  'publicKey', '*.publicKey', 'DISCORD_TOKEN', '*.DISCORD_TOKEN',
  'headers.authorization', '*.headers.authorization', 'authorization', '*.authorization',
];

export interface LogOptions {
  readonly level: string;
  /** Pretty, human output (a terminal); JSON lines otherwise. */
  readonly pretty: boolean;
  /** Where to write; tests pass a stream to read what was logged. Defaults to stderr. */
  readonly stream?: NodeJS.WritableStream;
}

export function createLogger(opts: LogOptions): Logger {
  const base = { level: opts.level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
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
