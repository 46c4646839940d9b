// Follows at work: articles the feed poller wrote wait in the store's inbox until the corpus has
// them; then every active follow's topic is matched against them (core/follows/match.ts), the
// stories are recorded (one delivery per follow and story, quota applied: the rest in a digest),
// and due deliveries are sent. A send is recorded before (`sending`) and after (`sent`, with the
// message id); a process that died in between finds the row `sending` at its next start and sends
// again only within the time Discord drops a repeated nonce, else reports the post as unknown.
// Failures (missing permission, unknown channel, 5xx, 429) are retried with a doubling wait and
// shown by /follow list; nothing is dropped silently, nothing is sent twice because of a retry.
import type { Corpus } from '../core/corpus.ts';
import { describeFailure, NONCE_WINDOW_MS, nextRetry, postNonce, type SendOutcome } from '../core/follows/delivery.ts';
import { matchFollows, type RecentStory } from '../core/follows/match.ts';
import { MATCH_WINDOW_MS, splitByQuota } from '../core/follows/noise.ts';
import { canonicalTimeZone, formatDigestTime, lastDigestAt } from '../core/follows/daily.ts';
import { followDailyAnswer, followDigestAnswer, followPostAnswer, type PostData } from '../core/follows/post.ts';
import type { Logger } from '../log.ts';
import { renderDiscord } from '../render/discord.ts';
import type { MessagePayload } from '../render/message.ts';
import { announcedArticles, type Delivery, type DigestData, type FollowStore, type NewDelivery } from '../store/follows.ts';
import type { OpsMetrics } from './metrics.ts';

/** Posts one message to a channel; never throws for Discord's sake (the outcome says). */
export type ChannelSender = (channelId: string, message: MessagePayload & { nonce: string; enforce_nonce: true }) => Promise<SendOutcome>;

export interface FollowLimits {
  /** Posts per follow per hour; beyond, one digest per batch. */
  readonly maxPerHour: number;
  /** How long a story waits for copies from other feeds before it is posted. */
  readonly groupMs: number;
  /** First retry wait; doubles per failure. */
  readonly retryBaseMs: number;
}

export interface FollowServiceOptions {
  readonly store: FollowStore;
  readonly corpus: () => Corpus;
  readonly send: ChannelSender;
  readonly log: Logger;
  readonly now: () => number;
  readonly limits: FollowLimits;
  readonly metrics?: Pick<OpsMetrics, 'followPost'>;
  /** How often the inbox and the due deliveries are looked at. Default 1 s. */
  readonly tickMs?: number;
  /** A server's IANA time zone (/config timezone), for daily digests; UTC when absent. */
  readonly zoneOf?: (guildId: string) => Promise<string | undefined>;
}

const HOUR_MS = 3600_000;
/** An inbox article the corpus never got (an import dropped, a file removed) is forgotten after this. */
const INBOX_MAX_AGE_MS = 6 * HOUR_MS;
/** Deliveries sent per tick at most (Discord's per-channel rate limit is 5 per 5 s). */
const SENDS_PER_TICK = 10;

export class FollowService {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly o: FollowServiceOptions) {}

  /** The poller's report: new articles (not updates, not a feed's first poll) wait for matching. */
  async arrived(items: readonly { file: string; announce: boolean }[]): Promise<void> {
    const ids = announcedArticles(items);
    if (ids.length === 0) return;
    try {
      await this.o.store.enqueue(ids, this.o.now());
    } catch (err) {
      this.o.log.error({ err, articles: ids }, 'follows: could not record new articles; they will not be posted');
    }
  }

  /** Starts: settles sends a previous process left in doubt, then ticks until stopped. */
  async start(): Promise<void> {
    await this.recover();
    const loop = (): void => {
      if (this.stopped) return;
      this.running = this.tick()
        .catch((err: unknown) => this.o.log.error({ err }, 'follows: a round failed'))
        .finally(() => {
          this.running = undefined;
          if (!this.stopped) this.timer = setTimeout(loop, this.o.tickMs ?? 1000);
        });
    };
    this.timer = setTimeout(loop, 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One round: match what the corpus now has, record the daily digests now due, then send what is due. */
  async tick(): Promise<void> {
    await this.matchArrived();
    await this.dailyDigests();
    await this.sendDue();
  }

  private digestMinuteLooked: number | undefined;

  /**
   * Once a minute, one query: each follow with stories waiting for a daily digest, recorded before
   * its latest digest time passed, gets the digest of that time (its local date, time and zone are
   * the key: once, whatever restarts), listing those stories. A follow whose digest was turned off
   * lists them now.
   */
  async dailyDigests(): Promise<void> {
    const now = this.o.now();
    const minute = Math.floor(now / 60_000);
    if (this.digestMinuteLooked === minute) return;
    this.digestMinuteLooked = minute;
    for (const f of await this.o.store.awaitingDigest()) {
      let key: string;
      let day: string;
      let until: number;
      if (f.digestMinute === undefined) {
        day = new Date(now).toISOString().slice(0, 10);
        key = `daily:off:${now}`;
        until = now + 1;
      } else {
        // Unknown for now (the settings cannot be read): tried again next minute, not at the UTC time.
        const zone = await this.zone(f.guildId);
        if (zone === null) continue;
        const last = lastDigestAt(now, zone, f.digestMinute);
        day = last.day;
        // The time and zone in the key: moved later after the day's digest, the digest still comes
        // that day, as /follow digest says (each story is listed once whatever the key).
        key = `daily:${last.day} ${formatDigestTime(f.digestMinute)} ${zone}`;
        until = last.atMs;
        // Nothing waiting from before that time: no digest is due, and reading said so without a transaction.
        if (f.waitingSinceMs >= until) continue;
      }
      const listed = await this.o.store.recordDaily(f.id, key, day, until, now);
      if (listed > 0) this.o.log.info({ follow: f.id, guild: f.guildId, day, stories: listed }, `follows: daily digest ${day} of follow ${f.id}: ${listed} stories`);
    }
  }

  /** The server's zone (UTC when it set none, or names one this Node does not know); null when it cannot be read now. */
  private async zone(guildId: string): Promise<string | null> {
    try {
      const zone = await this.o.zoneOf?.(guildId);
      return canonicalTimeZone(zone) ?? 'UTC';
    } catch (err) {
      this.o.log.warn({ err, guild: guildId }, 'follows: could not read the server time zone; its daily digests wait');
      return null;
    }
  }

  /** Sends a previous process left `sending`: sent again (same nonce) within the window, else reported unknown. */
  async recover(): Promise<void> {
    const now = this.o.now();
    for (const d of await this.o.store.inDoubt()) {
      if (d.attemptMs !== undefined && now - d.attemptMs < NONCE_WINDOW_MS) continue; // sent again with the same nonce: Discord drops a repeat
      await this.o.store.unknown(d.followId, d.storyKey, 'Attaché stopped while posting this; it may or may not be in the channel, so it is not posted again');
      this.o.metrics?.followPost('unknown');
      this.o.log.warn({ follow: d.followId, story: d.storyKey }, `follows: a post of follow ${d.followId} was interrupted by a stop; not sent again`);
    }
  }

  async matchArrived(): Promise<void> {
    const { store, log } = this.o;
    const inbox = await store.inbox();
    if (inbox.length === 0) return;
    const corpus = this.o.corpus();
    const now = this.o.now();
    const present = inbox.filter((i) => corpus.articleById.has(i.articleId)).map((i) => i.articleId);
    const lost = inbox.filter((i) => !corpus.articleById.has(i.articleId) && now - i.arrivedMs > INBOX_MAX_AGE_MS).map((i) => i.articleId);
    if (lost.length > 0) {
      log.warn({ articles: lost }, `follows: ${lost.length} new articles never reached the corpus; not matched`);
      await store.dequeue(lost);
    }
    if (present.length === 0) return;
    const follows = await store.active();
    const recent = new Map<number, RecentStory[]>();
    for (const f of follows) recent.set(f.id, await store.recent(f.id, now - this.o.limits.groupMs - HOUR_MS));
    const matches = matchFollows(corpus, present, follows, { recent: (id) => recent.get(id) ?? [] });
    const deliveries: NewDelivery[] = [];
    const sendAt = now + this.o.limits.groupMs;
    for (const f of follows) {
      const stories = matches.stories.filter((s) => s.followId === f.id);
      if (stories.length === 0) continue;
      if (f.digestMinute !== undefined) {
        // A daily-digest follow posts nothing now: its stories wait for the digest (no digestKey).
        for (const s of stories) {
          const data: PostData = { topic: f.topic, passageId: s.passageId, articles: [s.storyKey, ...s.also], matched: s.matched };
          deliveries.push({ followId: f.id, storyKey: s.storyKey, kind: 'digested', data, articles: data.articles, nextMs: sendAt });
        }
        continue;
      }
      const posted = await store.postedSince(f.id, now - HOUR_MS);
      const { post, digest } = splitByQuota(stories, posted, this.o.limits.maxPerHour);
      for (const s of post) {
        const data: PostData = { topic: f.topic, passageId: s.passageId, articles: [s.storyKey, ...s.also], matched: s.matched, ...(s.bestSentence && { bestSentence: s.bestSentence }) };
        deliveries.push({ followId: f.id, storyKey: s.storyKey, kind: 'post', data, articles: data.articles, nextMs: sendAt });
      }
      if (digest.length > 0) {
        const heads = digest.map((s) => s.storyKey);
        const digestKey = `digest:${heads[0] ?? ''}`;
        for (const s of digest) {
          const data: PostData = { topic: f.topic, passageId: s.passageId, articles: [s.storyKey, ...s.also], matched: s.matched };
          deliveries.push({ followId: f.id, storyKey: s.storyKey, kind: 'digested', data, articles: data.articles, nextMs: sendAt, digestKey });
        }
        const data: DigestData = { topic: f.topic, heads };
        deliveries.push({ followId: f.id, storyKey: digestKey, kind: 'digest', data, articles: [], nextMs: sendAt });
      }
    }
    await store.record({ done: present, deliveries, joins: matches.joins, counts: matches.counts, nowMs: now, windowMs: MATCH_WINDOW_MS });
    const posts = deliveries.filter((d) => d.kind !== 'digested').length;
    log.info(
      { articles: present.length, follows: follows.length, stories: matches.stories.length, joins: matches.joins.length, deliveries: posts },
      `follows: matched ${present.length} new articles against ${follows.length} follows: ${posts} posts to make`,
    );
  }

  async sendDue(): Promise<void> {
    const { store } = this.o;
    // Posts left `sending` by a stop within the nonce window go first, then the due ones.
    const now = this.o.now();
    const doubt = (await store.inDoubt()).filter((d) => d.attemptMs !== undefined && now - d.attemptMs < NONCE_WINDOW_MS);
    const due = [...doubt, ...(await store.due(now, SENDS_PER_TICK))].slice(0, SENDS_PER_TICK);
    for (const d of due) {
      if (this.stopped) return;
      await this.deliver(d);
    }
  }

  private message(d: Delivery): MessagePayload | undefined {
    const corpus = this.o.corpus();
    const digest = d.data as DigestData;
    const answer =
      d.kind !== 'digest'
        ? followPostAnswer(corpus, d.data as PostData)
        : digest.stories !== undefined
          ? followDailyAnswer(corpus, digest.topic, digest.day ?? '', digest.stories)
          : followDigestAnswer(corpus, digest.topic, digest.heads);
    // No buttons: a channel post is not an interaction, so there is nothing to page or share.
    return answer === undefined ? undefined : renderDiscord(answer, { ephemeral: false });
  }

  private async deliver(d: Delivery): Promise<void> {
    const { store, log } = this.o;
    const follow = await store.follow(d.followId);
    if (follow === undefined) return;
    const message = this.message(d);
    if (message === undefined) {
      await store.failed(d.followId, d.storyKey, 'the article is no longer in the corpus', undefined);
      this.o.metrics?.followPost('failed');
      return;
    }
    const at = this.o.now();
    // Recorded before the request: a crash from here on leaves the row `sending`.
    if (!(await store.begin(d.followId, d.storyKey, d.attempts, at))) return;
    const outcome = await this.o.send(follow.channelId, { ...message, allowed_mentions: { parse: [] }, nonce: postNonce(d.followId, d.storyKey), enforce_nonce: true });
    const fields = { follow: d.followId, guild: follow.guildId, channel: follow.channelId, story: d.storyKey, attempt: d.attempts + 1 };
    if (outcome.ok) {
      await store.sent(d.followId, d.storyKey, outcome.messageId, this.o.now());
      this.o.metrics?.followPost(d.kind === 'digest' ? 'digest' : 'posted');
      log.info({ ...fields, messageId: outcome.messageId }, `follows: posted ${d.kind === 'digest' ? 'a digest' : d.storyKey} for follow ${d.followId} in channel ${follow.channelId}`);
      return;
    }
    const reason = describeFailure(outcome);
    const next = nextRetry(this.o.now(), d.firstAttemptMs ?? at, d.attempts + 1, this.o.limits.retryBaseMs);
    await store.failed(d.followId, d.storyKey, reason, next);
    this.o.metrics?.followPost(next === undefined ? 'failed' : 'retry');
    log.warn(
      { ...fields, status: outcome.status, code: outcome.code, nextRetry: next === undefined ? undefined : new Date(next).toISOString() },
      `follows: post for follow ${d.followId} in channel ${follow.channelId} failed: ${reason}${next === undefined ? '; given up' : ''}`,
    );
  }
}

/** Sends through Discord's REST API with the bot token: plain fetch, so every status and code reaches the caller unretried. */
export function restSender(opts: { apiBase: string; token: string; timeoutMs?: number }): ChannelSender {
  const base = opts.apiBase.replace(/\/+$/, '');
  return async (channelId, message) => {
    try {
      const res = await fetch(`${base}/v10/channels/${encodeURIComponent(channelId)}/messages`, {
        method: 'POST',
        headers: { authorization: `Bot ${opts.token}`, 'content-type': 'application/json', 'user-agent': 'DiscordBot (attache, 1) follows' },
        body: JSON.stringify(message),
        signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000),
      });
      const body = (await res.json().catch(() => ({}))) as { id?: unknown; code?: unknown; message?: unknown };
      if (res.ok && typeof body.id === 'string') return { ok: true, messageId: body.id };
      return { ok: false, status: res.status, ...(typeof body.code === 'number' && { code: body.code }), message: typeof body.message === 'string' ? body.message : res.statusText };
    } catch (err) {
      return { ok: false, status: 0, message: err instanceof Error ? err.message : String(err) };
    }
  };
}
