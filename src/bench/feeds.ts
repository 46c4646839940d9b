// `npm run bench -- --feeds N`: the issue's feed targets, measured in one process wired as the bot
// is (the real poller loop, the corpus folder watcher and incremental updates, the follow service
// posting through Discord's REST API), against N RSS feeds on a loopback server. New items are
// published at random times on random feeds; for each: publish → searchable by `ask`, publish →
// posted (a REST capture answers like Discord), and poll that first served it → posted. Plus the
// longest event-loop stall (perf_hooks) and RSS.
//
// Bench-only override: the poll floor is 10 minutes per feed; here the poller gets a policy whose
// floor and feed interval are INTERVAL_S seconds (± the usual 15% jitter), so a run takes minutes.
// Nothing else differs from the bot; loopback is allowed as FEEDS_ALLOW_LOOPBACK=1 allows it.
// `--big-feed`: feed 0 also lists BIG_FEED_OLD items two months old (3.6 MB; recorded as too
// old, never imported) and a lastBuildDate that changes every second, so each of its polls parses
// 3.6 MB, as a large outlet's feed that rebuilds on every request makes the poller do.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startCorpusReload } from '../app/corpus-holder.ts';
import { FollowService, restSender } from '../app/follow-service.ts';
import { openCorpus } from '../app/open-corpus.ts';
import { ask } from '../core/ask.ts';
import { FeedPoller, type WrittenItem } from '../feeds/poller.ts';
import { POLL_POLICY } from '../feeds/schedule.ts';
import { silentLogger } from '../log.ts';
import { databaseFile, openDatabase } from '../store/db.ts';
import { articleIdOfFile } from '../store/follows.ts';
import { sqliteFeedStoreThread, sqliteFollowStore } from '../store/store-thread.ts';
import { attributeStalls, type GcPause, observeGc, profileMainThread, type Stall, type StallAttribution, schedstatReader } from './stall-causes.ts';
import { LOOP_RESOLUTION_MS, pauseBeyondTimer, summarize } from './stats.ts';

const PROJECT = path.resolve(import.meta.dirname, '../..');
const TOPIC = 'zeppelin consortium';
const CHANNEL = '1400000000000000001';

export interface FeedBenchOptions {
  readonly feeds: number;
  /** New items published during the run. */
  readonly items: number;
  /** The bench's poll interval (and floor), seconds. */
  readonly intervalS: number;
  /** Items are published at random times within this many seconds. */
  readonly publishS: number;
  /** Feed 0 is a 3.6 MB feed whose body changes on every poll (see the head of this file). */
  readonly bigFeed?: boolean;
  /** Profile the main thread (1 ms samples) to name the steps inside stalls. Default true. */
  readonly profile?: boolean;
  readonly progress: (text: string) => void;
}

export interface FeedBenchResult {
  readonly feeds: number;
  readonly bigFeed: boolean;
  readonly items: number;
  readonly intervalS: number;
  readonly targetS: number;
  readonly searchable: Summary;
  readonly posted: Summary;
  readonly pollToPost: Summary;
  readonly polls: number;
  readonly notPosted: number;
  readonly loopMaxMs: number;
  readonly loopP99Ms: number;
  readonly loopMaxInPollsMs: number;
  /** Stalls of 50 ms or more inside poll rounds, split by cause. */
  readonly inPolls: StallAttribution;
  /** All stalls of 50 ms or more during the measured window. */
  readonly all: StallAttribution;
  /** The main thread's GC pauses in the measured window, by kind: count, total and longest ms. */
  readonly gc: readonly { readonly kind: string; readonly n: number; readonly ms: number; readonly maxMs: number }[];
  readonly loadStart: number;
  readonly loadEnd: number;
  readonly rssMaxMb: number;
  readonly rssStartMb: number;
  readonly durationS: number;
}

interface Summary {
  readonly n: number;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
  readonly withinTarget: number;
}

interface Item {
  readonly guid: string;
  readonly feed: number;
  readonly code: string;
  readonly title: string;
  readonly html: string;
  readonly pubDate: string;
  publishedMs?: number;
  firstServedMs?: number;
  articleId?: string;
  searchableMs?: number;
  postedMs?: number;
}

const WORDS =
  'harbour ministry tariff corridor envoy treaty pipeline frontier summit delegation convoy dossier reactor ceasefire embargo quota parliament vote election customs garrison consulate shipyard airfield refinery grain cable satellite license audit'.split(
    ' ',
  );
const SYLLABLES = 'ka ve lo ri tu mo sa qe zi no fa du bi xo pe'.split(' ');

function randomWords(rand: () => number, n: number): string {
  return Array.from({ length: n }, () => WORDS[Math.floor(rand() * WORDS.length)]).join(' ');
}

/** A distinct story: a made-up code name only it carries, the followed topic, and random words so no two are near-identical. */
function story(i: number, rand: () => number): { code: string; title: string; html: string } {
  const code = `${Array.from({ length: 4 }, () => SYLLABLES[Math.floor(rand() * SYLLABLES.length)]).join('')}${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + (Math.floor(i / 26) % 26))}`;
  const paragraphs = [
    `The zeppelin consortium announced the ${code} programme on Tuesday, covering the ${randomWords(rand, 6)} and the ${randomWords(rand, 5)}.`,
    `Officials said the ${code} plan of the zeppelin consortium would reach the ${randomWords(rand, 8)} before the ${randomWords(rand, 4)}.`,
    `Critics of the zeppelin consortium asked why ${code} left out the ${randomWords(rand, 9)}, and the ${randomWords(rand, 6)}.`,
    `A spokesperson said the ${randomWords(rand, 7)} would be reviewed in spring, with the ${randomWords(rand, 6)} on the agenda.`,
  ];
  return { code, title: `Zeppelin consortium unveils ${code}`, html: paragraphs.map((p) => `<p>${p}</p>`).join('') };
}

/** Old items on the big feed: room is left under MAX_FEED_ITEMS (2,000) for the items published on it. */
const BIG_FEED_OLD = 1990;

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** N RSS feeds on loopback, with ETag/304 as a polite server answers; records when each item was first served. */
class FeedServer {
  readonly server: Server;
  base = '';
  readonly items: Item[][];
  requests = 0;
  /** Feed 0's old items, as XML (with `--big-feed`). */
  private bigOld = '';

  constructor(feeds: number, bigFeed: boolean, rand: () => number) {
    this.items = Array.from({ length: feeds }, () => []);
    if (bigFeed) {
      const old = new Date(Date.now() - 60 * 86_400_000).toUTCString();
      this.bigOld = Array.from({ length: BIG_FEED_OLD }, (_, i) => {
        const s = story(20_000 + i, rand);
        return `<item><title>${escapeXml(s.title)}</title><link>http://127.0.0.1/old/${i}</link><guid isPermaLink="false">big-old-${i}</guid><pubDate>${old}</pubDate><content:encoded><![CDATA[${s.html}${s.html}]]></content:encoded></item>`;
      }).join('');
    }
    this.server = createServer((req, res) => this.answer(req, res));
  }

  async listen(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private answer(req: IncomingMessage, res: ServerResponse): void {
    this.requests++;
    const m = /^\/feed\/(\d+)\.xml$/.exec(req.url ?? '');
    const list = m === null ? undefined : this.items[Number(m[1])];
    if (list === undefined) return void res.writeHead(404).end();
    const visible = list.filter((i) => i.publishedMs !== undefined);
    const big = m?.[1] === '0' && this.bigOld !== '' ? `<lastBuildDate>${new Date().toUTCString()}</lastBuildDate>` : '';
    const body = `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Bench feed ${m?.[1]}</title><link>${this.base}/</link>${big}${visible
      .map(
        (i) =>
          `<item><title>${escapeXml(i.title)}</title><link>${this.base}/a/${i.guid}</link><guid isPermaLink="false">${i.guid}</guid><pubDate>${i.pubDate}</pubDate><content:encoded><![CDATA[${i.html}]]></content:encoded></item>`,
      )
      .join('')}${big === '' ? '' : this.bigOld}</channel></rss>`;
    const etag = `"${crypto.createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
    if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
    const now = Date.now();
    for (const i of visible) i.firstServedMs ??= now;
    res.writeHead(200, { 'content-type': 'application/rss+xml', etag });
    res.end(body);
  }
}

/** Answers message creates like Discord (an id per message) and records when each arrived. */
async function restCapture(onPost: (body: { embeds?: { title?: string; description?: string }[] }, atMs: number) => void): Promise<{ server: Server; base: string }> {
  let n = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'POST' && /\/channels\/\d+\/messages$/.test(req.url ?? '')) {
        onPost(JSON.parse(Buffer.concat(chunks).toString('utf8')) as never, Date.now());
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ id: String(1_500_000_000_000_000_000n + BigInt(++n)) }));
      }
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Unknown","code":0}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api` };
}

function summary(values: readonly number[], targetMs: number): Summary {
  const s = summarize(values);
  return { n: s.n, p50: s.p50 / 1000, p95: s.p95 / 1000, max: s.max / 1000, withinTarget: values.filter((v) => v <= targetMs).length };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function runFeedBench(opts: FeedBenchOptions): Promise<FeedBenchResult> {
  const started = Date.now();
  const rssStartMb = process.memoryUsage().rss / 1e6;
  let seed = 42;
  const rand = (): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-bench-feeds-'));
  const corpusDir = path.join(dir, 'corpus');
  const dataDir = path.join(dir, 'data');
  fs.cpSync(path.join(PROJECT, 'corpus'), corpusDir, { recursive: true });
  const feedServer = new FeedServer(opts.feeds, opts.bigFeed === true, rand);
  await feedServer.listen();
  const items: Item[] = [];
  const byGuid = new Map<string, Item>();
  const byCode = new Map<string, Item>();
  // One older item per feed: the first poll imports it without announcing it.
  const day = Date.now() - 3600_000;
  for (let f = 0; f < opts.feeds; f++) {
    const s = story(10_000 + f, rand);
    const it: Item = { guid: `old-${f}`, feed: f, ...s, pubDate: new Date(day).toUTCString(), publishedMs: day };
    feedServer.items[f]?.push(it);
  }
  for (let i = 0; i < opts.items; i++) {
    const s = story(i, rand);
    const it: Item = { guid: `new-${i}`, feed: Math.floor(rand() * opts.feeds), ...s, pubDate: '' };
    items.push(it);
    byGuid.set(it.guid, it);
    byCode.set(it.code, it);
  }

  const log = silentLogger();
  const capture = await restCapture((body, at) => {
    const text = JSON.stringify(body);
    for (const it of items) if (it.postedMs === undefined && it.publishedMs !== undefined && text.includes(it.code)) it.postedMs = at;
  });
  const db = openDatabase(databaseFile(dataDir));
  // As the bot: the poller's store and the follows store each on a connection in a thread of its own.
  const feedStore = sqliteFeedStoreThread(dataDir);
  const followStore = sqliteFollowStore(db.name);
  const opened = openCorpus({ dirs: [corpusDir], dataDir, log, now: Date.now });
  const holder = startCorpusReload({ dirs: [corpusDir], dataDir, log, now: Date.now, initial: opened.corpus, sighup: false, ...(opened.journal && { journal: opened.journal }) });
  // As the bot's defaults, but posts are sent as soon as matched and the hourly quota does not cap
  // a run that publishes many stories on one topic.
  const follows = new FollowService({
    store: followStore,
    corpus: () => holder.current(),
    send: restSender({ apiBase: capture.base, token: 'bench' }),
    log,
    now: Date.now,
    limits: { maxPerHour: 100_000, groupMs: 0, retryBaseMs: 60_000 },
  });
  await follows.start();
  await followStore.add({ guildId: '1400000000000000000', channelId: CHANNEL, topic: TOPIC, createdBy: 'bench', createdAt: Date.now() }, 25);
  for (let f = 0; f < opts.feeds; f++) {
    await feedStore.upsert({ url: `${feedServer.base}/feed/${f}.xml`, outlet: `Bench ${f}`, intervalS: opts.intervalS, tags: [], origin: 'cli' }, Date.now());
  }

  // The poll rounds, timed: the event loop's stalls inside them are the poller's.
  const rounds: [number, number][] = [];
  class TimedPoller extends FeedPoller {
    override async pollDue() {
      const t0 = performance.now();
      try {
        return await super.pollDue();
      } finally {
        rounds.push([t0, performance.now()]);
      }
    }
  }
  const poller = new TimedPoller({
    store: feedStore,
    defaultInto: corpusDir,
    log,
    now: Date.now,
    random: Math.random,
    version: 'bench',
    allowLoopback: true,
    policy: { ...POLL_POLICY, floorS: opts.intervalS },
    onWritten: (written: readonly WrittenItem[]) => {
      for (const w of written) {
        const it = byGuid.get(w.identity.replace(/^id:/, ''));
        if (it !== undefined) it.articleId = articleIdOfFile(w.file);
      }
      void follows.arrived(written);
    },
  });
  opts.progress(`feeds: first poll of ${opts.feeds} feeds`);
  const running = poller.start();
  // Warm-up: every feed polled once and its first item in the corpus.
  while ((await feedStore.list()).some((f) => f.polls === 0)) await sleep(500);
  const warm = opts.feeds + opened.corpus.articles.length;
  for (let i = 0; i < 240 && holder.current().articles.length < warm; i++) await sleep(500);
  opts.progress(`feeds: ${holder.current().articles.length} articles; publishing ${opts.items} items over ${opts.publishS} s`);

  // Measured from here: stalls (a 5 ms sampler with timestamps, and the perf_hooks histogram) and RSS;
  // each stall with the main thread's run-queue and CPU time over it, GC pauses and a CPU profile.
  const loadStart = os.loadavg()[0] ?? 0;
  const gc = observeGc();
  const profiler = opts.profile === false ? undefined : await profileMainThread(1000);
  const histogram = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  histogram.enable();
  const stalls: Stall[] = [];
  const sched = schedstatReader();
  let last = performance.now();
  let lastSched = sched?.();
  let lastUsage = process.cpuUsage();
  const sampler = setInterval(() => {
    const now = performance.now();
    const at = sched?.();
    const usage = process.cpuUsage();
    if (now - last - 5 > 20) {
      stalls.push({
        start: last,
        end: now,
        ms: now - last - 5,
        ...(at &&
          lastSched && {
            cpuMs: (at.cpuNs - lastSched.cpuNs) / 1e6,
            waitMs: (at.waitNs - lastSched.waitNs) / 1e6,
            othersMs: (usage.user + usage.system - lastUsage.user - lastUsage.system) / 1e3 - (at.cpuNs - lastSched.cpuNs) / 1e6,
          }),
      });
    }
    last = now;
    lastSched = at;
    lastUsage = usage;
  }, 5);
  let rssMax = process.memoryUsage().rss;
  const rssTimer = setInterval(() => {
    rssMax = Math.max(rssMax, process.memoryUsage().rss);
  }, 1000);
  const t0 = Date.now();
  const pollsBefore = feedServer.requests;
  const schedule = items.map((it) => ({ it, at: t0 + rand() * opts.publishS * 1000 })).sort((a, b) => a.at - b.at);
  const publisher = (async () => {
    for (const { it, at } of schedule) {
      await sleep(Math.max(0, at - Date.now()));
      it.publishedMs = Date.now();
      (it as { pubDate: string }).pubDate = new Date(it.publishedMs).toUTCString();
      feedServer.items[it.feed]?.push(it);
    }
  })();
  // Searchable: every 100 ms, `ask` the code name of each item the poller wrote, as a member would
  // (past the answer cache: an incremental update may keep the corpus object).
  const deadline = t0 + (opts.publishS + opts.intervalS * 2 + 60) * 1000;
  while (Date.now() < deadline && items.some((i) => i.postedMs === undefined || i.searchableMs === undefined)) {
    await sleep(100);
    const corpus = holder.current();
    const at = Date.now();
    for (const it of items) {
      if (it.publishedMs === undefined || it.searchableMs !== undefined || it.articleId === undefined || !corpus.articleById.has(it.articleId)) continue;
      const r = ask(corpus, it.code, { limit: 3, allowArticle: () => true });
      if (r.answered && r.results.some((h) => h.passage.articleId === it.articleId)) it.searchableMs = at;
    }
  }
  await publisher;
  clearInterval(sampler);
  clearInterval(rssTimer);
  histogram.disable();
  gc.stop();
  const samples = (await profiler?.stop()) ?? [];
  const loadEnd = os.loadavg()[0] ?? 0;
  const polls = feedServer.requests - pollsBefore;
  opts.progress('feeds: stopping');
  await running.stop();
  await follows.stop();
  await followStore.close();
  await holder.close();
  db.close();
  await feedStore.close();
  await new Promise<void>((r) => feedServer.server.close(() => r()));
  await new Promise<void>((r) => capture.server.close(() => r()));
  fs.rmSync(dir, { recursive: true, force: true });

  const targetMs = (opts.intervalS * (1 + POLL_POLICY.jitter) + 10) * 1000;
  const inRound = (at: number): boolean => rounds.some(([a, b]) => at >= a && at <= b + 25);
  const published = items.filter((i) => i.publishedMs !== undefined);
  return {
    feeds: opts.feeds,
    bigFeed: opts.bigFeed === true,
    items: published.length,
    intervalS: opts.intervalS,
    targetS: targetMs / 1000,
    searchable: summary(
      published.flatMap((i) => (i.searchableMs === undefined ? [] : [i.searchableMs - (i.publishedMs ?? 0)])),
      targetMs,
    ),
    posted: summary(
      published.flatMap((i) => (i.postedMs === undefined ? [] : [i.postedMs - (i.publishedMs ?? 0)])),
      targetMs,
    ),
    pollToPost: summary(
      published.flatMap((i) => (i.postedMs === undefined || i.firstServedMs === undefined ? [] : [i.postedMs - i.firstServedMs])),
      10_000,
    ),
    polls,
    notPosted: published.filter((i) => i.postedMs === undefined).length,
    loopMaxMs: pauseBeyondTimer(histogram.max, LOOP_RESOLUTION_MS),
    loopP99Ms: pauseBeyondTimer(histogram.percentile(99), LOOP_RESOLUTION_MS),
    loopMaxInPollsMs: Math.max(0, ...stalls.filter((s) => inRound(s.end)).map((s) => s.ms)),
    inPolls: attributeStalls(
      stalls.filter((s) => s.ms >= 50 && inRound(s.end)),
      gc.pauses,
      samples,
      1,
    ),
    all: attributeStalls(
      stalls.filter((s) => s.ms >= 50),
      gc.pauses,
      samples,
      1,
    ),
    gc: gcByKind(gc.pauses),
    loadStart,
    loadEnd,
    rssMaxMb: rssMax / 1e6,
    rssStartMb,
    durationS: (Date.now() - started) / 1000,
  };
}

export function formatFeedBench(r: FeedBenchResult): string {
  const row = (name: string, s: Summary, target: string) =>
    `${name.padEnd(30)}${String(s.n).padStart(5)}${s.p50.toFixed(1).padStart(9)}${s.p95.toFixed(1).padStart(9)}${s.max.toFixed(1).padStart(9)}   ${s.withinTarget}/${s.n} ≤ ${target}`;
  return [
    `## feeds: ${r.feeds} feeds on loopback${r.bigFeed ? ' (feed 0: 3.6 MB, changed on every poll)' : ''}, ${r.items} new items, poll interval ${r.intervalS} s ± 15% (bench override; the real floor is 10 min)`,
    `${''.padEnd(30)}${'n'.padStart(5)}${'p50 s'.padStart(9)}${'p95 s'.padStart(9)}${'max s'.padStart(9)}   target`,
    row('publish → searchable (ask)', r.searchable, `${r.targetS.toFixed(0)} s (interval·1.15 + 10 s)`),
    row('publish → posted', r.posted, `${r.targetS.toFixed(0)} s`),
    row('first served → posted', r.pollToPost, '10 s'),
    `not posted: ${r.notPosted} · feed requests during the run: ${r.polls}`,
    `event loop: longest stall ${r.loopMaxMs.toFixed(1)} ms (p99 ${r.loopP99Ms.toFixed(1)} ms; perf_hooks, beyond its ${LOOP_RESOLUTION_MS} ms timer), longest during a poll round ${r.loopMaxInPollsMs.toFixed(1)} ms (target ≤ 50 ms)`,
    `load average (1 min) at start → end of the measured window: ${r.loadStart.toFixed(1)} → ${r.loadEnd.toFixed(1)}`,
    `GC pauses on the main thread: ${r.gc.map((g) => `${g.kind} ${g.n} × (${g.ms.toFixed(0)} ms, longest ${g.maxMs.toFixed(1)} ms)`).join(' · ')}`,
    ...formatAttribution('stalls of 50 ms or more inside poll rounds', r.inPolls),
    ...formatAttribution('all stalls of 50 ms or more', r.all),
    `RSS: ${r.rssStartMb.toFixed(0)} MB at start, ${r.rssMaxMb.toFixed(0)} MB at most · run ${r.durationS.toFixed(0)} s`,
    '',
  ].join('\n');
}

function formatAttribution(title: string, a: StallAttribution): string[] {
  const lines = [
    `${title}: ${a.stalls} (longest ${a.longestMs.toFixed(0)} ms); with 50 ms or more on the CPU: ${a.onCpu50} (longest on the CPU ${a.longestOnCpuMs.toFixed(0)} ms); the process's other threads' CPU during them: ${a.othersMs.toFixed(0)} ms`,
    `  overlapped by a GC pause: ${a.withGc} (the pauses' wall time in them: ${a.gcWallMs.toFixed(0)} ms, waits for a core included)`,
    '  by cause (stalls where it had the largest share · ms in all · largest in one):',
  ];
  for (const c of a.causes) lines.push(`  ${c.cause.padEnd(36)}${String(c.stalls).padStart(5)}${c.ms.toFixed(0).padStart(8)} ms${c.maxMs.toFixed(0).padStart(7)} ms`);
  if (a.topFunctions.length > 0) {
    lines.push('  most sampled inside them:');
    for (const f of a.topFunctions) lines.push(`    ${f.ms.toFixed(0).padStart(5)} ms  ${f.step}: ${f.leaf}`);
  }
  return lines;
}

function gcByKind(pauses: readonly GcPause[]): FeedBenchResult['gc'] {
  const by = new Map<string, { kind: string; n: number; ms: number; maxMs: number }>();
  for (const p of pauses) {
    const g = by.get(p.kind) ?? { kind: p.kind, n: 0, ms: 0, maxMs: 0 };
    g.n++;
    g.ms += p.ms;
    g.maxMs = Math.max(g.maxMs, p.ms);
    by.set(p.kind, g);
  }
  return [...by.values()].sort((a, b) => b.ms - a.ms);
}
