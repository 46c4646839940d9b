// SHARD_MODE=process: one scrape target for the whole bot. The manager serves METRICS_PORT; at each
// scrape it asks every live shard process for its registry over the IPC channel discord.js already
// opened, sums them (prom-client's cluster aggregation: counters and histograms add up, gauges by
// their own rule), and adds what only it knows: each shard's state, including a process that died
// or has not connected yet, and how often each was restarted. A child that does not answer in time
// is left out of that scrape; its state is still reported. No label names a server.
import type { Shard } from 'discord.js';
import { AggregatorRegistry, Counter, Gauge, type MetricObjectWithValues, type MetricValue, Registry } from 'prom-client';
import type { Logger } from '../log.ts';

/** The IPC message key of a scrape request ({key: id}) and of its answer ({key: id, metrics}). */
const SCRAPE = 'attacheScrape';
/** The manager's view of the state series; the children's own copy is dropped. */
const STATUS_SERIES = 'attache_shard_status';
const STATES = ['connecting', 'ready', 'reconnecting', 'dead'] as const;
type ShardState = (typeof STATES)[number];

export interface ShardBoard {
  /** The shards this manager runs; each is `connecting` until its process says otherwise. */
  expect(ids: readonly number[]): void;
  /** Follows a shard's process: its state and its answers to scrapes. */
  track(shard: Shard): void;
  /** The manager started this shard's process again after it died. */
  restarted(id: number): void;
  scrape(): Promise<{ readonly contentType: string; readonly body: string }>;
  /** Ready when every shard is. */
  health(): { ready: boolean; shards: Record<string, ShardState> };
}

export function shardBoard(opts: { readonly log: Logger; readonly timeoutMs?: number }): ShardBoard {
  const timeoutMs = opts.timeoutMs ?? 1000;
  const states = new Map<number, ShardState>();
  const shards = new Map<number, Shard>();
  const waiting = new Map<number, (metrics: MetricObjectWithValues<MetricValue<string>>[]) => void>();
  let nextRequest = 0;

  const own = new Registry();
  new Gauge({
    name: STATUS_SERIES,
    help: '1 for the state each gateway shard is in (process mode: dead while its process is down).',
    labelNames: ['shard', 'status'],
    registers: [own],
    collect() {
      this.reset();
      for (const [id, state] of states) for (const s of STATES) this.set({ shard: String(id), status: s }, s === state ? 1 : 0);
    },
  });
  const restarts = new Counter({ name: 'attache_shard_restarts_total', help: 'Shard processes started again after they died.', labelNames: ['shard'], registers: [own] });

  /** One child's registry, or nothing if it has no process or does not answer in time. */
  const ask = async (shard: Shard): Promise<MetricObjectWithValues<MetricValue<string>>[] | undefined> => {
    if (shard.process === null || shard.process.exitCode !== null || shard.process.signalCode !== null) return undefined;
    const id = ++nextRequest;
    let timer: NodeJS.Timeout | undefined;
    try {
      return await new Promise<MetricObjectWithValues<MetricValue<string>>[] | undefined>((resolve, reject) => {
        waiting.set(id, resolve);
        timer = setTimeout(() => resolve(undefined), timeoutMs);
        shard.send({ [SCRAPE]: id }).catch(reject);
      });
    } catch {
      return undefined;
    } finally {
      clearTimeout(timer);
      waiting.delete(id);
    }
  };

  return {
    expect(ids) {
      for (const id of ids) if (!states.has(id)) states.set(id, 'connecting');
    },
    track(shard) {
      shards.set(shard.id, shard);
      const to = (state: ShardState) => (): void => void states.set(shard.id, state);
      shard.on('spawn', to('connecting'));
      shard.on('ready', to('ready'));
      shard.on('reconnecting', to('reconnecting'));
      shard.on('resume', to('ready'));
      shard.on('disconnect', to('dead'));
      shard.on('death', to('dead'));
      shard.on('message', (message: unknown) => {
        if (typeof message !== 'object' || message === null || !(SCRAPE in message)) return;
        const answer = message as { [SCRAPE]: unknown; metrics?: unknown };
        if (typeof answer[SCRAPE] === 'number' && Array.isArray(answer.metrics)) waiting.get(answer[SCRAPE])?.(answer.metrics as MetricObjectWithValues<MetricValue<string>>[]);
      });
    },
    restarted(id) {
      restarts.inc({ shard: String(id) });
    },
    async scrape() {
      const answers = await Promise.all([...shards.values()].map(ask));
      const children = answers.filter((a) => a !== undefined).map((metrics) => metrics.filter((m) => m.name !== STATUS_SERIES));
      let merged: Registry;
      try {
        merged = Registry.merge([AggregatorRegistry.aggregate(children), own]);
      } catch (err) {
        // Children running different code (a rolling restart) may disagree on a series' shape.
        opts.log.warn({ err }, 'shard metrics could not be combined; serving the manager’s own');
        merged = own;
      }
      return { contentType: merged.contentType, body: await merged.metrics() };
    },
    health() {
      const all = Object.fromEntries([...states].map(([id, s]) => [String(id), s]));
      return { ready: states.size > 0 && [...states.values()].every((s) => s === 'ready'), shards: all };
    },
  };
}

/** In a shard process: answers the manager's scrape requests with this process's registry. */
export function answerScrapes(registry: Registry, log: Logger, channel: NodeJS.Process = process): void {
  channel.on('message', (message: unknown) => {
    if (typeof message !== 'object' || message === null || !(SCRAPE in message)) return;
    const id = (message as { [SCRAPE]: unknown })[SCRAPE];
    registry.getMetricsAsJSON().then(
      (metrics) => {
        // The manager may be gone (it was killed): this process stops on its own ('disconnect').
        if (channel.connected) channel.send?.({ [SCRAPE]: id, metrics }, undefined, {}, () => undefined);
      },
      (err: unknown) => log.warn({ err }, 'metrics for the shard manager could not be read'),
    );
  });
}
