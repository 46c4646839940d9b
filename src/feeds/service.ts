// The poller inside the bot process (`npm start`, `npm run serve`) unless FEEDS_POLLER=off: on
// the bot's feed store (SQLite in DATA_DIR, or PostgreSQL), after syncing feeds.yml. It runs even with no feeds yet, checking the store
// once a minute, so `attache feeds add` takes effect without a restart.
import path from 'node:path';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { FeedStore } from '../store/feeds.ts';
import { syncFeedsFile } from './feeds-file.ts';
import { FeedPoller, type PollOutcome, type WrittenItem } from './poller.ts';
import { POLL_POLICY } from './schedule.ts';

export interface FeedService {
  stop(): Promise<void>;
}

export async function startFeedService(opts: {
  config: Config;
  store: FeedStore;
  log: Logger;
  version: string;
  onWritten?: (items: readonly WrittenItem[]) => void;
  onPolled?: (outcome: PollOutcome) => void;
}): Promise<FeedService | undefined> {
  const { config, store, log } = opts;
  if (config.feeds.poller === 'off') return undefined;
  const defaultInto = config.corpusDirs[0];
  if (defaultInto === undefined) return undefined;
  const synced = await syncFeedsFile(path.resolve(config.feeds.file), store, Date.now());
  const feeds = await store.list();
  log.info(
    {
      feeds: feeds.length,
      failing: feeds.filter((f) => f.status === 'failing').length,
      disabled: feeds.filter((f) => f.status === 'disabled').length,
      feedsFile: synced ? config.feeds.file : undefined,
    },
    `feed poller started: ${feeds.length} feeds${synced ? ` (${synced.declared} from ${config.feeds.file})` : ''}`,
  );
  for (const f of feeds) if (f.status === 'disabled') log.warn({ feed: f.url, reason: f.reason }, `feed ${f.url} is disabled: ${f.reason ?? ''}`);
  const poller = new FeedPoller({
    store,
    defaultInto,
    log,
    now: Date.now,
    random: Math.random,
    version: opts.version,
    contact: config.feeds.contact,
    allowLoopback: config.feeds.allowLoopback,
    policy: { ...POLL_POLICY, maxItemAgeDays: config.feeds.maxAgeDays },
    ...(opts.onWritten && { onWritten: opts.onWritten }),
    ...(opts.onPolled && { onPolled: opts.onPolled }),
  });
  return poller.start();
}
