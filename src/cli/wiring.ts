// Wiring for every mode: the logger each one wants, and the dependencies the commands run on
// (settings database first, then the corpus), with a start-up report that names the folders.
import fs from 'node:fs';
import path from 'node:path';
import type { AppDeps } from '../app/dispatch.ts';
import { type CorpusSource, openCorpus } from '../app/open-corpus.ts';
import { startCorpusReload, type CorpusHolder } from '../app/corpus-holder.ts';
import { warmCorpus } from '../app/warm.ts';
import type { Config } from '../config.ts';
import { createLogger, type Logger } from '../log.ts';
import { StartupError } from '../startup-error.ts';
import { CooldownStore } from '../store/cooldowns.ts';
import { databaseFile, openDatabase, type Db } from '../store/db.ts';
import { SettingsStore } from '../store/settings.ts';

export type LogMode = 'bot' | 'cli' | 'console';

/** A log line as one short line on stderr, for a person at a terminal ("warning: …"). */
function briefStream(): NodeJS.WritableStream {
  const names: Readonly<Record<number, string>> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warning', 50: 'error', 60: 'fatal' };
  return {
    write(line: string) {
      let msg = line;
      let level = 30;
      try {
        const parsed = JSON.parse(line) as { msg?: unknown; level?: unknown };
        if (typeof parsed.msg === 'string') msg = parsed.msg;
        if (typeof parsed.level === 'number') level = parsed.level;
      } catch {
        // Not JSON: shown as it came.
      }
      // Written synchronously, so a warning lands before the console's next prompt, not over it.
      process.stderr.write(`${names[level] ?? 'log'}: ${msg.trim()}\n`);
      return true;
    },
  } as unknown as NodeJS.WritableStream;
}

/**
 * Bot modes log everything at the configured level. One-shot commands print results on stdout and
 * the console holds a conversation: routine info stays out of both (warnings still show), and the
 * console shows them as one short line each unless JSON logs were asked for.
 */
export function makeLogger(config: Config, mode: LogMode): Logger {
  const level = mode !== 'bot' && config.logLevel === 'info' ? 'warn' : config.logLevel;
  if (mode === 'console' && config.logFormat !== 'json') return createLogger({ level, pretty: false, stream: briefStream() });
  const pretty = config.logFormat === 'pretty' || (config.logFormat === 'auto' && process.stderr.isTTY === true);
  return createLogger({ level, pretty });
}

export interface OpenDepsOptions {
  readonly config: Config;
  readonly log: Logger;
  readonly dirs: readonly string[];
  /** Open the settings database (bot and HTTP modes). */
  readonly withStore: boolean;
  /** Rebuild on corpus changes and SIGHUP, answering from the old corpus meanwhile (bot modes). */
  readonly live?: boolean;
  /**
   * Build autocomplete and /timeline lookups in the background (modes that keep running), so they
   * are ready between the first interactions, not in them; a one-shot command never uses them.
   */
  readonly warm?: boolean;
  /** Tells a person what is loading and when it is ready (the console). */
  readonly announce?: (line: string) => void;
  readonly version: string;
}

export interface Opened {
  readonly deps: AppDeps;
  readonly db?: Db;
  readonly holder?: CorpusHolder;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** Every corpus folder must exist: a typo would otherwise serve an empty corpus without a word. */
export function checkCorpusDirs(dirs: readonly string[]): readonly string[] {
  if (dirs.length === 0) throw new StartupError('No corpus folder given: set CORPUS_DIRS or pass --corpus DIR.');
  return dirs.map((dir) => {
    const abs = path.resolve(dir);
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(abs);
    } catch {
      throw new StartupError(`Corpus folder not found: ${abs} (from ${dir === abs ? '' : `“${dir}” in `}--corpus or CORPUS_DIRS).`);
    }
    if (!stat.isDirectory()) throw new StartupError(`Corpus folder is not a folder: ${abs}.`);
    return abs;
  });
}

export function openDeps(opts: OpenDepsOptions): Opened {
  const { config, log } = opts;
  const dirs = checkCorpusDirs(opts.dirs);
  const dataDir = path.resolve(config.dataDir);
  // The database before the corpus: a refused database is reported at once, not after a build
  // that can take minutes on a large corpus.
  const db = opts.withStore ? openDatabase(databaseFile(config.dataDir)) : undefined;
  try {
    opts.announce?.(`Loading the corpus from ${dirs.join(', ')} (index cache in ${dataDir})…`);
    const source: CorpusSource = { dirs: opts.dirs, dataDir: config.dataDir, log, now: Date.now, maxBytes: config.maxFileBytes };
    // A one-shot command reads the cache and brings it up to date in memory; the bot owns its log.
    const opened = openCorpus({ ...source, readOnly: opts.live !== true });
    const c = opened.corpus;
    if (c.articles.length === 0) {
      throw new StartupError(
        `No articles in the corpus folder${dirs.length === 1 ? '' : 's'} ${dirs.join(', ')}: add Markdown articles (attache import) or point --corpus / CORPUS_DIRS at a folder that has some.`,
      );
    }
    const how = `${opened.fromCache ? 'from cache' : 'fresh build'}, ${Math.round(opened.ms)} ms`;
    log.info(
      {
        articles: c.articles.length,
        passages: c.passages.length,
        events: c.events.length,
        quotes: c.quotes.length,
        corpusDirs: dirs,
        dataDir,
        source: opened.fromCache ? 'cache' : 'fresh build',
        ms: Math.round(opened.ms),
        skipped: opened.warnings.length,
      },
      `corpus ready: ${plural(c.articles.length, 'article')}, ${plural(c.passages.length, 'passage')} (${how}) from ${dirs.join(', ')}; data folder ${dataDir}`,
    );
    opts.announce?.(`Ready: ${plural(c.articles.length, 'article')}, ${plural(c.passages.length, 'passage')} (${how}).`);
    if (opts.warm ?? opts.live === true) void warmCorpus(c, log);
    const holder = opts.live === true ? startCorpusReload({ ...source, initial: c, ...(opened.journal && { journal: opened.journal }) }) : undefined;
    const base: AppDeps = { corpus: holder ? () => holder.current() : () => c, log, now: Date.now, startedAt: Date.now(), version: opts.version };
    if (!db) return { deps: base, ...(holder && { holder }) };
    return { deps: { ...base, settings: new SettingsStore(db), cooldowns: new CooldownStore(db) }, db, ...(holder && { holder }) };
  } catch (err) {
    db?.close();
    throw err;
  }
}
