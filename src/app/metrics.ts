// What an operator scrapes at /metrics (Prometheus text format, prom-client): interactions by
// command and outcome with their latency, errors, cooldown refusals, the index in service and the
// process's own figures. One registry per process, made here and handed to dispatch and the doors;
// nothing registers on prom-client's global registry, so two bots in one test process never mix.
// No label names a server, a channel or a member: a public bot's series would grow without bound.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { COMMANDS } from '../../commands/index.ts';
import type { Corpus } from '../core/corpus.ts';

/** How an interaction ended, as dispatch saw it. */
export type InteractionOutcome =
  /** The command answered. */
  | 'answered'
  /** The command refused the request itself (a bad date, nothing found for an option, a stale button). */
  | 'invalid'
  /** The channel is not enabled for the bot in this server. */
  | 'refused'
  /** The member's cooldown for this command had not run out. */
  | 'cooldown'
  /** Something threw: the member saw "something went wrong" with a reference. */
  | 'error';

export interface InteractionRecord {
  /** `command`, `button`, `autocomplete`, `message-context`. */
  readonly kind: string;
  /** The command's name as typed; names no command knows are counted as `unknown`. */
  readonly command: string;
  readonly outcome: InteractionOutcome;
  readonly seconds: number;
}

/** What dispatch reports after each interaction. */
export interface InteractionMetrics {
  interaction(record: InteractionRecord): void;
}

/**
 * Hooks for the parts that come later (the feed poller, follow posts, gateway shards): each calls
 * these, and the series appear in /metrics with no other change here.
 */
export interface OpsMetrics {
  /** One poll of one feed: `ok`, `not-modified`, `error`… (the feed itself is not a label). */
  feedPoll(outcome: string): void;
  /** One article posted to a following channel: `posted`, `failed`… */
  followPost(outcome: string): void;
  /** A gateway shard's state (`ready`, `reconnecting`, `dead`…) and heartbeat round trip. */
  shardStatus(shard: number, status: string, pingMs?: number): void;
  /**
   * The gateway's heartbeat round trips by shard (ms), read at each scrape: the gateway knows them
   * after every heartbeat, and a scrape is rarer than a heartbeat.
   */
  shardPings(read: () => ReadonlyMap<number, number>): void;
}

export interface IndexFacts {
  /** The index version in service: its content hash (see index-artifact.ts). */
  readonly version: string;
  readonly corpus: Corpus;
}

/** What the HTTP door reports (it matches HttpObserver in src/adapters/http/server.ts). */
export interface ResponseMetrics {
  firstResponse(kind: string, how: string, seconds: number): void;
  deferredAnswer(delivered: boolean): void;
}

export interface Metrics extends InteractionMetrics, OpsMetrics, ResponseMetrics {
  readonly registry: Registry;
  /** The text a Prometheus server scrapes, and its content type. */
  scrape(): Promise<{ readonly contentType: string; readonly body: string }>;
}

export interface MetricsOptions {
  /** The index in service when scraped (undefined while starting). */
  readonly index: () => IndexFacts | undefined;
  /** Milliseconds since the epoch, for the index age. */
  readonly now: () => number;
  /** Process figures (CPU, memory, event-loop lag, GC). Default true; tests of one registry turn them off. */
  readonly processMetrics?: boolean;
}

/** Discord gives 3 s for a first answer: buckets resolve below and around it. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 1.5, 2, 3, 5, 10];
const KNOWN_COMMANDS = new Set(COMMANDS.map((c) => c.data.name));
const KINDS: ReadonlySet<string> = new Set(['command', 'button', 'autocomplete', 'message-context']);
const STATES = ['ready', 'connecting', 'reconnecting', 'resuming', 'dead'] as const;

export function createMetrics(opts: MetricsOptions): Metrics {
  const registry = new Registry();
  if (opts.processMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'attache_' });
  const labels = ['kind', 'command', 'outcome'] as const;
  const duration = new Histogram({
    name: 'attache_interaction_duration_seconds',
    help: 'Time dispatch took to produce a reply, by interaction kind, command and outcome.',
    labelNames: labels,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const total = new Counter({ name: 'attache_interactions_total', help: 'Interactions handled, by kind, command and outcome.', labelNames: labels, registers: [registry] });
  const errors = new Counter({
    name: 'attache_interaction_errors_total',
    help: 'Interactions that failed with an unexpected error (the member saw a reference).',
    labelNames: ['kind', 'command'],
    registers: [registry],
  });
  const cooldowns = new Counter({ name: 'attache_cooldown_refusals_total', help: 'Uses refused because the member’s cooldown had not run out.', labelNames: ['command'], registers: [registry] });
  const firstResponse = new Histogram({
    name: 'attache_first_response_seconds',
    help: 'HTTP mode: time from a request’s arrival to its first response (Discord drops what takes over 3 s), by kind and how it was answered (inline, deferred, no-choices, starting).',
    labelNames: ['kind', 'response'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const deferred = new Counter({ name: 'attache_deferred_answers_total', help: 'HTTP mode: deferred answers, delivered through the webhook or not.', labelNames: ['outcome'], registers: [registry] });
  const feedPolls = new Counter({ name: 'attache_feed_polls_total', help: 'Feed polls by outcome.', labelNames: ['outcome'], registers: [registry] });
  const followPosts = new Counter({ name: 'attache_follow_posts_total', help: 'Articles posted to following channels, by outcome.', labelNames: ['outcome'], registers: [registry] });
  const shardUp = new Gauge({ name: 'attache_shard_status', help: '1 for the state each gateway shard is in.', labelNames: ['shard', 'status'], registers: [registry] });
  let readPings: (() => ReadonlyMap<number, number>) | undefined;
  const shardPing = new Gauge({
    name: 'attache_gateway_ping_seconds',
    help: 'Gateway heartbeat round trip per shard (absent before its first heartbeat).',
    labelNames: ['shard'],
    registers: [registry],
    collect() {
      if (readPings === undefined) return;
      this.reset();
      for (const [shard, ms] of readPings()) if (ms >= 0) this.set({ shard: String(shard) }, ms / 1000);
    },
  });

  // The index figures are read when scraped, so a swapped index shows at the next scrape.
  // `aggregator`: how a shard manager combines its processes' copies (src/adapters/shard-metrics.ts),
  // which all serve the same index: not a sum.
  const indexGauge = (name: string, help: string, value: (facts: IndexFacts) => number, aggregator: 'max' | 'min' = 'max'): void => {
    new Gauge({
      name,
      help,
      aggregator,
      registers: [registry],
      collect() {
        const facts = opts.index();
        if (facts) this.set(value(facts));
        else this.reset();
      },
    });
  };
  new Gauge({
    name: 'attache_index_info',
    help: 'The index in service (1, labelled with its version); absent while the process is starting.',
    labelNames: ['version'],
    aggregator: 'max',
    registers: [registry],
    collect() {
      this.reset();
      const facts = opts.index();
      if (facts) this.set({ version: facts.version }, 1);
    },
  });
  indexGauge('attache_index_articles', 'Articles in the index in service.', (f) => f.corpus.articles.length);
  indexGauge('attache_index_passages', 'Passages in the index in service.', (f) => f.corpus.passages.length);
  indexGauge('attache_index_built_timestamp_seconds', 'When the index in service was built (Unix time).', (f) => f.corpus.builtAt / 1000, 'min');
  indexGauge('attache_index_age_seconds', 'How old the index in service is.', (f) => Math.max(0, (opts.now() - f.corpus.builtAt) / 1000));

  return {
    registry,
    interaction(r) {
      const command = KNOWN_COMMANDS.has(r.command) ? r.command : 'unknown';
      const kind = KINDS.has(r.kind) ? r.kind : 'unknown';
      const l = { kind, command, outcome: r.outcome };
      duration.observe(l, r.seconds);
      total.inc(l);
      if (r.outcome === 'error') errors.inc({ kind, command });
      if (r.outcome === 'cooldown') cooldowns.inc({ command });
    },
    firstResponse(kind, how, seconds) {
      firstResponse.observe({ kind: KINDS.has(kind) ? kind : 'unknown', response: how }, seconds);
    },
    deferredAnswer: (delivered) => deferred.inc({ outcome: delivered ? 'delivered' : 'failed' }),
    feedPoll: (outcome) => feedPolls.inc({ outcome }),
    followPost: (outcome) => followPosts.inc({ outcome }),
    shardStatus(shard, status, pingMs) {
      const id = String(shard);
      for (const s of new Set<string>([...STATES, status])) shardUp.set({ shard: id, status: s }, s === status ? 1 : 0);
      if (pingMs !== undefined) shardPing.set({ shard: id }, pingMs / 1000);
    },
    shardPings(read) {
      readPings = read;
    },
    async scrape() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
