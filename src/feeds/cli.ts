// `attache feeds …`: the operator's side of feeds. Every subcommand works on the feed store the
// bot uses (PostgreSQL with DATABASE_URL, else SQLite in DATA_DIR), after syncing feeds.yml, so it
// sees what the bot's poller sees.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseOpml } from 'feedsmith';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { visible } from '../load/sanitize.ts';
import { StartupError } from '../startup-error.ts';
import { databaseFile, openDatabase } from '../store/db.ts';
import { openPostgres, type PgDatabase } from '../store/postgres/db.ts';
import { PgFeedStore } from '../store/postgres/feeds.ts';
import { holdLease } from '../store/postgres/lease.ts';
import { type FeedRecord, type FeedSettings, type FeedStore, openFeedDatabase, SqliteFeedStore } from '../store/feeds.ts';
import { DEFAULT_EVERY_S, MIN_EVERY_S, parseEvery, syncFeedsFile } from './feeds-file.ts';
import { announcedArticles, type FollowStore } from '../store/follows.ts';
import { sqliteFollowStore } from '../store/store-thread.ts';
import { pgFollowStore } from '../store/postgres/follows.ts';
import { FeedPoller, type WrittenItem } from './poller.ts';
import { POLL_POLICY } from './schedule.ts';

export const FEEDS_USAGE = `Usage: attache feeds <command>

  add <url> [--outlet NAME] [--into DIR] [--every 15m] [--language en] [--tags a,b]
                        Follow a feed (RSS, Atom, RDF or JSON Feed); adding it again changes
                        its options and re-enables it if it was disabled
  list                  The feeds, with their options
  remove <url>          Stop following a feed (its articles stay in the corpus)
  check <url>           Fetch once and show what would be imported; writes nothing
  status                Each feed's last poll, outcome, next poll, items imported, failures
  import-opml <file>    Follow every feed in an OPML file
  run                   Poll feeds until stopped (Ctrl-C), without the bot

  Feeds are also read from FEEDS_FILE (feeds.yml) at start; see README "Feeds".`;

export interface FeedsCliEnv {
  readonly config: Config;
  readonly log: Logger;
  readonly version: string;
  readonly now: () => number;
  readonly stdout: { write(s: string): boolean };
  readonly stderr: { write(s: string): boolean };
  /** Resolves when `feeds run` should stop (SIGINT/SIGTERM); called only by `run`, so Ctrl-C still ends the others. */
  readonly stopped?: () => Promise<unknown>;
}

class UsageError extends Error {}

/**
 * The follows store of the bot's settings (PostgreSQL with DATABASE_URL, else SQLite in DATA_DIR):
 * `feeds run` records new articles there, and the bot process that posts matches them.
 */
async function openFollowInbox(config: Config): Promise<{ store: FollowStore; close(): Promise<void> }> {
  if (config.databaseUrl !== undefined) {
    const pg = await openPostgres({ url: config.databaseUrl, max: 2 });
    return { store: pgFollowStore(pg), close: () => pg.close() };
  }
  // Opened here first: it creates or migrates the file the store's thread then opens.
  openDatabase(databaseFile(config.dataDir)).close();
  const store = sqliteFollowStore(databaseFile(config.dataDir));
  return { store, close: () => store.close() };
}

function httpUrl(value: string | undefined): string {
  if (value === undefined) throw new UsageError('a feed address is needed');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`not an address: ${value}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`only http and https feeds can be followed (got ${url.protocol.replace(/:$/, '')})`);
  return url.href;
}

const span = (s: number): string => (s % 86_400 === 0 ? `${s / 86_400}d` : s % 3600 === 0 ? `${s / 3600}h` : s % 60 === 0 ? `${s / 60}m` : `${s}s`);
const when = (ms: number | undefined): string => (ms === undefined ? 'never' : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z'));

export function formatList(feeds: readonly FeedRecord[], defaultInto: string): string {
  if (feeds.length === 0) return 'No feeds. Add one with: attache feeds add <url>\n';
  const lines = feeds.flatMap((f) => [
    f.url,
    `  outlet ${f.outlet ?? '(from the feed)'}, every ${span(f.intervalS)}, into ${f.into ?? defaultInto}${f.language ? `, language ${f.language}` : ''}${f.tags.length > 0 ? `, tags ${f.tags.join(',')}` : ''} (${f.origin === 'file' ? 'feeds.yml' : f.origin === 'opml' ? 'OPML' : 'feeds add'})`,
  ]);
  return `${lines.map(visible).join('\n')}\n`;
}

export function formatStatus(feeds: readonly FeedRecord[]): string {
  if (feeds.length === 0) return 'No feeds.\n';
  const lines: string[] = [];
  for (const f of feeds) {
    lines.push(visible(`${f.status.toUpperCase().padEnd(8)} ${f.url}`));
    lines.push(visible(`  last poll ${when(f.lastPollMs)}${f.outcome ? `: ${f.outcome}` : ''}`));
    lines.push(`  next poll ${f.status === 'disabled' ? 'none (disabled)' : when(f.nextPollMs)}; ${f.polls} polls, ${f.imported} items imported, ${f.failures} failures in a row`);
    if (f.status !== 'ok' && f.reason) lines.push(visible(`  why: ${f.reason}`));
  }
  const count = (s: string): number => feeds.filter((f) => f.status === s).length;
  lines.push(`${feeds.length} feed${feeds.length === 1 ? '' : 's'}: ${count('ok')} ok, ${count('failing')} failing, ${count('disabled')} disabled`);
  return `${lines.join('\n')}\n`;
}

/** Every feed address in an OPML outline tree, with its title. */
export function opmlFeeds(text: string): { url: string; title?: string }[] {
  const out: { url: string; title?: string }[] = [];
  type Outline = { xmlUrl?: string; title?: string; text?: string; outlines?: Outline[] };
  const walk = (list: readonly Outline[] | undefined): void => {
    for (const o of list ?? []) {
      const title = o.title ?? o.text;
      if (o.xmlUrl) out.push({ url: o.xmlUrl.trim(), ...(title !== undefined && { title }) });
      walk(o.outlines);
    }
  };
  walk(parseOpml(text).body?.outlines as Outline[] | undefined);
  return out;
}

function parseFeedsArgs(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      outlet: { type: 'string' },
      into: { type: 'string' },
      every: { type: 'string' },
      language: { type: 'string' },
      tags: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}

export async function runFeedsCli(argv: readonly string[], env: FeedsCliEnv): Promise<number> {
  let parsed: ReturnType<typeof parseFeedsArgs>;
  try {
    parsed = parseFeedsArgs(argv);
  } catch (err) {
    env.stderr.write(`${err instanceof Error ? err.message : String(err)}\n\n${FEEDS_USAGE}\n`);
    return 2;
  }
  const { values: v, positionals } = parsed;
  const [sub, arg, ...extra] = positionals;
  if (v.help || sub === undefined || sub === 'help') {
    (sub === undefined && !v.help ? env.stderr : env.stdout).write(`${FEEDS_USAGE}\n`);
    return sub === undefined && !v.help ? 2 : 0;
  }
  const { config } = env;
  const defaultInto = config.corpusDirs[0];
  if (defaultInto === undefined) {
    env.stderr.write('No corpus folder: set CORPUS_DIRS.\n');
    return 2;
  }
  const opened = await openFeedStore(config);
  const { store } = opened;
  /** Where `run` hands new articles to follows (the bot that posts reads them from the same store). */
  let forward: ((items: readonly WrittenItem[]) => void) | undefined;
  try {
    await syncFeedsFile(path.resolve(config.feeds.file), store, env.now());
    const poller = new FeedPoller({
      store,
      defaultInto,
      log: env.log,
      now: env.now,
      random: Math.random,
      version: env.version,
      contact: config.feeds.contact,
      allowLoopback: config.feeds.allowLoopback,
      policy: { ...POLL_POLICY, maxItemAgeDays: config.feeds.maxAgeDays },
      onWritten: (items) => forward?.(items),
    });
    if (extra.length > 0) throw new UsageError(`unexpected ${extra.join(' ')}`);
    switch (sub) {
      case 'add': {
        const url = httpUrl(arg);
        const intervalS = v.every === undefined ? DEFAULT_EVERY_S : parseEvery(v.every);
        if (intervalS === undefined) throw new UsageError(`--every takes an interval like 15m, 2h or 1d (got “${v.every}”)`);
        if (intervalS < MIN_EVERY_S) throw new UsageError(`--every ${v.every} is more often than every 10m, the floor for any feed`);
        const tags = (v.tags ?? '')
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean);
        const settings: FeedSettings = {
          url,
          ...(v.outlet !== undefined && { outlet: v.outlet }),
          ...(v.into !== undefined && { into: v.into }),
          intervalS,
          ...(v.language !== undefined && { language: v.language }),
          tags,
          origin: 'cli',
        };
        const before = await store.get(url);
        if (before?.origin === 'file') throw new UsageError(`${url} is declared in ${config.feeds.file}: change it there`);
        await store.upsert(settings, env.now());
        env.stdout.write(`${visible(`${before ? 'updated' : 'added'} ${url} (every ${span(intervalS)}, into ${v.into ?? defaultInto}); the bot or \`attache feeds run\` polls it`)}\n`);
        return 0;
      }
      case 'list':
        env.stdout.write(formatList(await store.list(), defaultInto));
        return 0;
      case 'status':
        env.stdout.write(formatStatus(await store.list()));
        return 0;
      case 'remove': {
        const url = httpUrl(arg);
        const before = await store.get(url);
        if (before?.origin === 'file') throw new UsageError(`${url} is declared in ${config.feeds.file}: remove it there`);
        if (!(await store.remove(url))) {
          env.stderr.write(`${visible(`not following ${url} (attache feeds list shows the feeds)`)}\n`);
          return 1;
        }
        env.stdout.write(`${visible(`removed ${url}; its articles stay in the corpus`)}\n`);
        return 0;
      }
      case 'check': {
        const url = httpUrl(arg);
        const known = await store.get(url);
        const record: FeedRecord = known ?? { url, intervalS: DEFAULT_EVERY_S, tags: [], origin: 'cli', addedMs: 0, nextPollMs: 0, failures: 0, status: 'ok', polls: 0, imported: 0 };
        const { plan, fetched } = await poller.check(record);
        const lines: string[] = [];
        if (!fetched.ok || plan.state.failures > 0) {
          env.stdout.write(`${visible(`${url}: ${plan.state.outcome ?? 'failed'}`)}\n`);
          return 1;
        }
        lines.push(`${url}: ${plan.feed?.format ?? ''} feed “${plan.feed?.title ?? ''}”, ${plan.state.outcome ?? ''}`);
        for (const w of plan.work) {
          const how =
            w.replaces !== undefined ? `changed, would rewrite ${w.replaces}` : (await import('./items.ts')).fullText(w.item) !== undefined ? 'full text in the feed' : 'page would be fetched';
          lines.push(`  would import  ${w.item.title ?? '(no title)'}  ${w.item.link ?? w.item.identity}  [${how}]`);
        }
        for (const s of plan.skipped) lines.push(`  would skip    ${s.identity}: ${s.reason ?? ''}`);
        lines.push(`Nothing was written.${known ? '' : ` Add it with: attache feeds add ${url}`}`);
        env.stdout.write(`${lines.map(visible).join('\n')}\n`);
        return 0;
      }
      case 'import-opml': {
        if (arg === undefined) throw new UsageError('an OPML file is needed');
        let text: string;
        try {
          text = fs.readFileSync(arg, 'utf8');
        } catch (err) {
          throw new StartupError(`cannot read ${arg}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
        }
        let found: { url: string; title?: string }[];
        try {
          found = opmlFeeds(text);
        } catch (err) {
          env.stderr.write(`${arg} is not an OPML file (${err instanceof Error ? err.message : String(err)})\n`);
          return 1;
        }
        let added = 0;
        const refused: string[] = [];
        for (const f of found) {
          let url: string;
          try {
            url = httpUrl(f.url);
          } catch (err) {
            refused.push(`${f.url}: ${err instanceof Error ? err.message : String(err)}`);
            continue;
          }
          if ((await store.get(url)) !== undefined) continue;
          await store.upsert(
            {
              url,
              ...(f.title !== undefined && { outlet: f.title }),
              intervalS: DEFAULT_EVERY_S,
              tags: v.tags ? v.tags.split(',').filter(Boolean) : [],
              origin: 'opml',
              ...(v.into !== undefined && { into: v.into }),
            },
            env.now(),
          );
          added++;
        }
        env.stdout.write(
          [`${added} feeds added from ${arg} (${found.length - added - refused.length} already followed)`, ...refused.map((r) => `refused ${r}`)].map((l) => `${visible(l)}\n`).join(''),
        );
        return refused.length > 0 ? 1 : 0;
      }
      case 'run': {
        const inbox = await openFollowInbox(config);
        // Recorded before the store closes: a poll's articles are not lost to a Ctrl-C.
        const recording = new Set<Promise<void>>();
        forward = (items) => {
          const p = inbox.store
            .enqueue(announcedArticles(items), env.now())
            .catch((err: unknown) => env.log.error({ err }, 'follows: could not record new articles; they will not be posted'))
            .finally(() => recording.delete(p));
          recording.add(p);
        };
        try {
          if (opened.postgres !== undefined) return await runLeased(opened.postgres, poller, env);
          const handle = poller.start();
          env.log.info({ feeds: (await store.list()).length }, 'polling feeds until stopped');
          await (env.stopped?.() ?? new Promise(() => undefined));
          await handle.stop();
        } finally {
          await Promise.all(recording);
          await inbox.close();
        }
        return 0;
      }
      default:
        throw new UsageError(`unknown feeds command “${sub}”`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      env.stderr.write(`${err.message}\n\n${FEEDS_USAGE}\n`);
      return 2;
    }
    throw err;
  } finally {
    await opened.close();
  }
}

/** The feed store the bot uses: PostgreSQL when DATABASE_URL is set, else SQLite in DATA_DIR. */
async function openFeedStore(config: Config): Promise<{ store: FeedStore; postgres?: PgDatabase; close(): Promise<void> }> {
  if (config.databaseUrl !== undefined) {
    const pg = await openPostgres({ url: config.databaseUrl });
    return { store: new PgFeedStore(pg), postgres: pg, close: () => pg.close() };
  }
  const db = openFeedDatabase(config.dataDir);
  return {
    store: new SqliteFeedStore(db),
    async close() {
      db.close();
    },
  };
}

/**
 * `feeds run` beside replicas on PostgreSQL: it polls only while it holds the feed lease, so it
 * and any replica with FEEDS_POLLER=auto never poll and write the corpus at the same time.
 */
async function runLeased(pg: PgDatabase, poller: FeedPoller, env: FeedsCliEnv): Promise<number> {
  let handle: { stop(): Promise<void> } | undefined;
  const lease = holdLease({
    clientConfig: pg.clientConfig,
    name: 'feeds',
    log: env.log,
    onAcquired: () => {
      handle = poller.start();
      env.log.info('polling feeds until stopped');
    },
    onLost: async () => {
      await handle?.stop();
      handle = undefined;
    },
  });
  try {
    await (env.stopped?.() ?? new Promise(() => undefined));
    await handle?.stop();
    return 0;
  } finally {
    await lease.release();
  }
}
