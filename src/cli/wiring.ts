// Wiring for every mode: the logger each one wants, and the dependencies the commands run on
// (settings database first, then the corpus), with a start-up report that names the folders.
import fs from 'node:fs';
import path from 'node:path';
import type { AppDeps } from '../app/dispatch.ts';
import { type CorpusSource, openCorpus } from '../app/open-corpus.ts';
import { startCorpusReload, type CorpusHolder } from '../app/corpus-holder.ts';
import { tagIndexVersion } from '../app/index-version.ts';
import type { InteractionMetrics } from '../app/metrics.ts';
import type { Corpus } from '../core/corpus.ts';
import { warmCorpus } from '../app/warm.ts';
import type { Config } from '../config.ts';
import type { WrittenItem } from '../feeds/poller.ts';
import { startFeedService, type FeedService } from '../feeds/service.ts';
import { FollowService, restSender } from '../app/follow-service.ts';
import type { OpsMetrics } from '../app/metrics.ts';
import type { FollowStore } from '../store/follows.ts';
import { sqliteCooldownStore, sqliteFeedStoreThread, sqliteFollowStore, sqliteSettingsStore } from '../store/store-thread.ts';
import { pgFollowStore } from '../store/postgres/follows.ts';
import { createLogger, type Logger } from '../log.ts';
import { StartupError } from '../startup-error.ts';
import type { CooldownStore } from '../store/cooldowns.ts';
import { databaseFile, openDatabase, type Db } from '../store/db.ts';
import { SqliteFeedStore } from '../store/feeds.ts';
import { openPostgres, redact, type PgDatabase } from '../store/postgres/db.ts';
import { holdLease } from '../store/postgres/lease.ts';
import { PgCooldownStore, PgReplayGuard } from '../store/postgres/cooldowns.ts';
import { PgFeedStore } from '../store/postgres/feeds.ts';
import { PgSettingsStore } from '../store/postgres/settings.ts';
import { openRedis } from '../store/redis.ts';
import { MemoryReplayGuard, type ReplayGuard } from '../store/replay.ts';
import type { SettingsStore } from '../store/settings.ts';

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

/** Where settings, cooldowns and the replay guard live for this process, chosen by configuration. */
export interface Stores {
  readonly settings: SettingsStore;
  readonly cooldowns: CooldownStore;
  readonly replay: ReplayGuard;
  /** Follows and their deliveries, with the settings. */
  readonly follows: FollowStore;
  /** The SQLite database when settings live there (feed state too). */
  readonly sqlite?: Db;
  /** The PostgreSQL database when DATABASE_URL is set (feed state and the feed lease too). */
  readonly postgres?: PgDatabase;
  /** "settings in PostgreSQL, cooldowns in Redis", for the start-up log. */
  readonly summary: string;
  /** Resolves once the SQLite stores' worker threads are up (booted while the corpus loads); at once otherwise. */
  readonly started: Promise<void>;
  close(): Promise<void>;
}

/**
 * The stores: PostgreSQL for settings when DATABASE_URL is set (else SQLite in DATA_DIR), Redis for
 * cooldowns and the replay guard when REDIS_URL is set (else the settings database; the replay
 * guard in process memory with SQLite). Opened before the corpus: a refused database is reported
 * at once, not after a build that can take minutes.
 */
export async function openStores(config: Config, log: Logger): Promise<Stores> {
  const redis = config.redisUrl !== undefined ? openRedis({ url: config.redisUrl, log }) : undefined;
  try {
    if (config.databaseUrl !== undefined) {
      const pg = await openPostgres({ url: config.databaseUrl, onMigrate: (m) => log.info({ version: m.version }, `PostgreSQL schema upgraded: ${m.name}`) });
      const settings = await PgSettingsStore.open(pg, { log });
      const stores: Stores = {
        postgres: pg,
        settings,
        follows: pgFollowStore(pg),
        cooldowns: redis?.cooldowns ?? new PgCooldownStore(pg),
        replay: redis?.replay ?? new PgReplayGuard(pg),
        summary: `settings in PostgreSQL (${redact(config.databaseUrl)}), cooldowns and replay guard in ${redis ? 'Redis' : 'PostgreSQL'}`,
        started: Promise.resolve(),
        async close() {
          await settings.close();
          await redis?.close();
          await pg.close();
        },
      };
      return stores;
    }
    const db = openDatabase(databaseFile(config.dataDir));
    // Its own connection, in a worker thread: its fsynced commits never hold the event loop.
    const follows = sqliteFollowStore(db.name);
    // Likewise, on a connection that commits without fsync (a stamp lost to a power cut is
    // harmless); never started with Redis.
    const cooldowns = sqliteCooldownStore(db.name);
    // Read here; changed on a fully synced connection in a worker thread, acknowledged once fsynced.
    const settings = sqliteSettingsStore(db);
    // Booted now, while the corpus loads: the first cooldown stamp or /config change would
    // otherwise wait 250–360 ms for its thread.
    const started = Promise.all([follows.start(), settings.start(), ...(redis ? [] : [cooldowns.start()])]).then(() => {});
    return {
      sqlite: db,
      settings,
      follows,
      cooldowns: redis?.cooldowns ?? cooldowns,
      replay: redis?.replay ?? new MemoryReplayGuard(),
      summary: `settings in ${db.name}, ${redis ? 'cooldowns and replay guard in Redis' : 'cooldowns there too, replay guard in this process'}`,
      started,
      async close() {
        await redis?.close();
        await follows.close();
        await cooldowns.close();
        await settings.close();
        db.close();
      },
    };
  } catch (err) {
    await redis?.close();
    throw err;
  }
}

export interface OpenDepsOptions {
  readonly config: Config;
  readonly log: Logger;
  readonly dirs: readonly string[];
  /** Settings and cooldowns (bot and HTTP modes, opened by openStores); the caller closes them. */
  readonly stores?: Stores;
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
  /** The corpus, loaded elsewhere (INDEX_DIR, see serving.ts): the corpus folders are not read. */
  readonly corpus?: () => Corpus;
  /** Told about every interaction (`/metrics`). */
  readonly metrics?: InteractionMetrics;
}

export interface Opened {
  readonly deps: AppDeps;
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

/**
 * Refuses a corpus with no articles (a typo'd folder would otherwise answer nothing, silently) and
 * logs what was loaded and how; returns the "how" ("from cache, 120 ms").
 */
export function reportCorpus(log: Logger, opened: { corpus: Corpus; fromCache: boolean; ms: number; skipped: number }, dirs: readonly string[], dataDir: string): string {
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
      skipped: opened.skipped,
    },
    `corpus ready: ${plural(c.articles.length, 'article')}, ${plural(c.passages.length, 'passage')} (${how}) from ${dirs.join(', ')}; data folder ${dataDir}`,
  );
  return how;
}

export function openDeps(opts: OpenDepsOptions): Opened {
  const { config, log } = opts;
  if (opts.corpus) return { deps: appDeps(opts, opts.corpus) };
  const dirs = checkCorpusDirs(opts.dirs);
  const dataDir = path.resolve(config.dataDir);
  opts.announce?.(`Loading the corpus from ${dirs.join(', ')} (index cache in ${dataDir})…`);
  const source: CorpusSource = { dirs: opts.dirs, dataDir: config.dataDir, log, now: Date.now, maxBytes: config.maxFileBytes };
  // A one-shot command reads the cache and brings it up to date in memory; the bot owns its log.
  const opened = openCorpus({ ...source, readOnly: opts.live !== true });
  const c = opened.corpus;
  tagIndexVersion(c, opened.version);
  const how = reportCorpus(log, { ...opened, skipped: opened.warnings.length }, dirs, dataDir);
  opts.announce?.(`Ready: ${plural(c.articles.length, 'article')}, ${plural(c.passages.length, 'passage')} (${how}).`);
  if (opts.warm ?? opts.live === true) void warmCorpus(c, log);
  const holder = opts.live === true ? startCorpusReload({ ...source, initial: c, ...(opened.journal && { journal: opened.journal }) }) : undefined;
  return { deps: appDeps(opts, holder ? () => holder.current() : () => c), ...(holder && { holder }) };
}

/** What dispatch needs around a corpus: with the stores when given (bot modes), without them else. */
function appDeps(opts: OpenDepsOptions, corpus: () => Corpus): AppDeps {
  const base: AppDeps = { corpus, log: opts.log, now: Date.now, startedAt: Date.now(), version: opts.version, ...(opts.metrics && { metrics: opts.metrics }) };
  if (opts.stores === undefined) return base;
  const { settings, cooldowns, follows, postgres, sqlite } = opts.stores;
  const feeds = postgres !== undefined ? new PgFeedStore(postgres) : sqlite !== undefined ? new SqliteFeedStore(sqlite) : undefined;
  return { ...base, settings, cooldowns, follows, ...(feeds && { feeds }) };
}

/**
 * The feed poller in a bot process (FEEDS_POLLER=auto), on the feed store beside the settings
 * (PostgreSQL with DATABASE_URL, else SQLite in DATA_DIR); stopped before the database closes.
 */
export async function startFeeds(
  config: Config,
  stores: Stores,
  log: Logger,
  version: string,
  hooks: { onWritten?: ((items: readonly WrittenItem[]) => void) | undefined; metrics?: Pick<OpsMetrics, 'feedPoll'> } = {},
): Promise<FeedService | undefined> {
  if (config.feeds.poller === 'off') return undefined;
  const { onWritten, metrics } = hooks;
  const onPolled = metrics && ((outcome: string) => metrics.feedPoll(outcome));
  const pg = stores.postgres;
  if (pg === undefined) {
    if (stores.sqlite === undefined) return undefined;
    // In a worker thread: the poll's claims and records never hold the bot's event loop, nor wait
    // there for the follows thread's lock. Not opened on this thread first: openStores opened and
    // migrated the file (stores.sqlite), and opening runs quick_check, which on a database holding
    // the feeds' items would hold the event loop of a bot already connected; the worker checks it.
    const store = sqliteFeedStoreThread(config.dataDir);
    const service = await startFeedService({ config, store, log, version, ...(onWritten && { onWritten }), ...(onPolled && { onPolled }) }).catch(async (err: unknown) => {
      await store.close();
      throw err;
    });
    if (service === undefined) {
      await store.close();
      return undefined;
    }
    return {
      async stop() {
        await service.stop();
        await store.close();
      },
    };
  }
  // Replicas share PostgreSQL: exactly one of them polls and writes the corpus, the one holding
  // the lease; another takes it over when the holder dies, and continues from the same feed state.
  const store = new PgFeedStore(pg);
  let starting: Promise<FeedService | undefined> = Promise.resolve(undefined);
  const stopService = async (): Promise<void> => {
    const service = await starting;
    starting = Promise.resolve(undefined);
    await service?.stop();
  };
  const lease = holdLease({
    clientConfig: pg.clientConfig,
    name: 'feeds',
    log,
    onAcquired: () => {
      starting = startFeedService({ config, store, log, version, ...(onWritten && { onWritten }), ...(onPolled && { onPolled }) }).catch((err: unknown) => {
        log.error({ err }, `feed poller not started: ${err instanceof Error ? err.message : String(err)}`);
        return undefined;
      });
    },
    onLost: stopService,
  });
  return {
    async stop() {
      await stopService();
      await lease.release();
    },
  };
}

/**
 * Follows, then the feed poller handing them what it writes: both bot modes (gateway and HTTP)
 * start them so. Follows are stopped again when the poller cannot start.
 */
export async function startFeedsAndFollows(opts: {
  config: Config;
  stores: Stores;
  log: Logger;
  version: string;
  corpus: () => Corpus;
  metrics: Pick<OpsMetrics, 'feedPoll' | 'followPost'>;
}): Promise<{ feeds: FeedService | undefined; follows: FollowService | undefined }> {
  const { config, stores, log, metrics } = opts;
  const follows = await startFollows({ config, stores, log, corpus: opts.corpus, metrics });
  try {
    const feeds = await startFeeds(config, stores, log, opts.version, { onWritten: follows && ((items) => void follows.arrived(items)), metrics });
    return { feeds, follows };
  } catch (err) {
    await follows?.stop();
    throw err;
  }
}

/**
 * Follows in a bot process: posts go through Discord's REST API with the bot token, so without
 * DISCORD_TOKEN (an HTTP-only deployment) follows are off and the log says why.
 */
export async function startFollows(opts: { config: Config; stores: Stores; log: Logger; corpus: () => Corpus; metrics?: Pick<OpsMetrics, 'followPost'> }): Promise<FollowService | undefined> {
  const { config, log } = opts;
  if (config.discordToken === undefined) {
    log.warn('follows are off: posting to channels needs DISCORD_TOKEN (the bot token), which is not set');
    return undefined;
  }
  const service = new FollowService({
    store: opts.stores.follows,
    corpus: opts.corpus,
    send: restSender({ apiBase: config.apiBase, token: config.discordToken }),
    log,
    now: Date.now,
    limits: config.follows,
    zoneOf: async (guildId) => (await opts.stores.settings.get(guildId)).timeZone,
    ...(opts.metrics && { metrics: opts.metrics }),
  });
  await service.start();
  log.info({ maxPerHour: config.follows.maxPerHour, groupMs: config.follows.groupMs }, 'follows started');
  return service;
}
