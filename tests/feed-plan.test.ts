// The poll rules on data: what is sent, what is imported, when the next poll is. Times are exact:
// the clock and the random source are parameters.
import { describe, expect, it } from 'vitest';
import type { GetResult } from '../src/net/http-get.ts';
import { planPoll, requestHeaders, userAgent } from '../src/feeds/plan.ts';
import { parseFeedBody } from '../src/feeds/parse.ts';
import { afterSkips, backoffMs, nextAfterSuccess } from '../src/feeds/schedule.ts';
import type { FeedRecord, ItemRecord } from '../src/store/feeds.ts';

const NOW = Date.UTC(2026, 10, 30, 12, 0, 0);
const MIN = 60_000;
const mid = (): number => 0.5; // no jitter
const ctx = { nowMs: NOW, random: mid };

const feed = (extra: Partial<FeedRecord> = {}): FeedRecord => ({
  url: 'https://news.example/rss.xml',
  intervalS: 900,
  tags: [],
  origin: 'cli',
  addedMs: 0,
  nextPollMs: 0,
  failures: 0,
  status: 'ok',
  polls: 0,
  imported: 0,
  ...extra,
});
const res = (status: number, body = '', headers: Record<string, string> = {}): GetResult => ({ ok: true, status, headers, body: Buffer.from(body), url: 'https://news.example/rss.xml' });

const rss = (items: string, channel = ''): string =>
  `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Harbour Times</title><link>https://news.example/</link>${channel}${items}</channel></rss>`;
const rssItem = (guid: string | undefined, title: string, body = 'Body text.', pubDate = 'Mon, 30 Nov 2026 09:00:00 GMT', link = `https://news.example/${title.replace(/\W+/g, '-')}`): string =>
  `<item><title>${title}</title><link>${link}</link>${guid === undefined ? '' : `<guid isPermaLink="false">${guid}</guid>`}<pubDate>${pubDate}</pubDate><description>${body}</description></item>`;
const seenItem = (identity: string, extra: Partial<ItemRecord> = {}): ItemRecord => ({
  feedUrl: 'https://news.example/rss.xml',
  identity,
  contentHash: 'x',
  status: 'imported',
  file: `/corpus/${identity}.md`,
  attempts: 1,
  announce: true,
  firstSeenMs: 1,
  changedMs: 1,
  ...extra,
});

describe('request headers', () => {
  it('sends validators exactly as received, and none the server never sent', () => {
    const ua = userAgent('0.1.0', 'ops@news-bot.example');
    expect(ua).toBe('Attache/0.1.0 (Discord bot citing news articles; feed reader; contact: ops@news-bot.example)');
    expect(requestHeaders({ etag: 'W/"5f-abc"', lastModified: 'Mon, 30 Nov 2026 10:00:00 GMT' }, ua)).toMatchObject({
      'if-none-match': 'W/"5f-abc"',
      'if-modified-since': 'Mon, 30 Nov 2026 10:00:00 GMT',
    });
    const none = requestHeaders({}, ua);
    expect(Object.keys(none)).not.toContain('if-none-match');
    expect(Object.keys(none)).not.toContain('if-modified-since');
  });
});

describe('schedule', () => {
  it('never polls sooner than 10 minutes, whatever the interval', () => {
    expect(nextAfterSuccess({ intervalS: 60 }, NOW, mid)).toBe(NOW + 10 * MIN);
  });
  it('jitters by at most 15%', () => {
    expect(nextAfterSuccess({ intervalS: 3600 }, NOW, () => 0)).toBe(NOW + 51 * MIN);
    const late = nextAfterSuccess({ intervalS: 3600 }, NOW, () => 0.999_999);
    expect(late).toBeLessThanOrEqual(NOW + 69 * MIN);
    expect(late).toBeGreaterThan(NOW + 68.9 * MIN);
  });
  it('honours max-age and ttl, capped at a day', () => {
    expect(nextAfterSuccess({ intervalS: 900, maxAgeS: 7200 }, NOW, mid)).toBe(NOW + 120 * MIN);
    expect(nextAfterSuccess({ intervalS: 900, ttlMinutes: 60 }, NOW, mid)).toBe(NOW + 60 * MIN);
    expect(nextAfterSuccess({ intervalS: 900, maxAgeS: 31_536_000 }, NOW, mid)).toBe(NOW + 24 * 60 * MIN);
  });
  it('moves past skipHours and skipDays', () => {
    // 12:10 GMT on a Monday; hours 12 and 13 skipped: next is 14:00.
    expect(afterSkips(NOW + 10 * MIN, [12, 13], [])).toBe(Date.UTC(2026, 10, 30, 14));
    expect(afterSkips(NOW, [], ['Monday'])).toBe(Date.UTC(2026, 11, 1, 0));
  });
  it('backs off 5 min × 2^n, capped at a day', () => {
    expect([1, 2, 3, 4, 10, 20].map((n) => backoffMs(n) / MIN)).toEqual([5, 10, 20, 40, 1440, 1440]);
  });
});

describe('planPoll', () => {
  it('304: nothing parsed, the validators kept', () => {
    const plan = planPoll(feed({ etag: '"v1"', lastModified: 'Mon, 30 Nov 2026 10:00:00 GMT', bodyHash: 'h' }), res(304), new Map(), ctx);
    expect(plan.state).toMatchObject({ etag: '"v1"', lastModified: 'Mon, 30 Nov 2026 10:00:00 GMT', bodyHash: 'h', outcome: 'not modified', nextPollMs: NOW + 15 * MIN, failures: 0 });
    expect(plan.work).toEqual([]);
  });

  it('the same body again is not parsed; a 200 without validators drops the old ones', () => {
    const body = rss(rssItem('g1', 'One'));
    const first = planPoll(feed({ etag: '"old"' }), res(200, body), new Map(), ctx);
    expect(first.state.etag).toBeUndefined();
    const again = planPoll(feed({ bodyHash: first.state.bodyHash as string }), res(200, body, { etag: '"v2"' }), new Map([['id:g1', seenItem('id:g1')]]), ctx);
    expect(again.state).toMatchObject({ outcome: 'unchanged (same body, not parsed)', etag: '"v2"' });
    expect(again.feed).toBeUndefined();
  });

  it('the first poll imports what is there, marked not to announce; later new items are announced', () => {
    const first = planPoll(feed(), res(200, rss(rssItem('g1', 'One') + rssItem('g2', 'Two'))), new Map(), ctx);
    expect(first.work.map((w) => [w.item.identity, w.announce])).toEqual([
      ['id:g1', false],
      ['id:g2', false],
    ]);
    const seen = new Map(first.work.map((w) => [w.item.identity, seenItem(w.item.identity, { contentHash: w.item.contentHash })]));
    const later = planPoll(feed({ bodyHash: 'older' }), res(200, rss(rssItem('g3', 'Three') + rssItem('g1', 'One') + rssItem('g2', 'Two'))), seen, ctx);
    expect(later.work.map((w) => [w.item.identity, w.announce])).toEqual([['id:g3', true]]);
  });

  it('same guid, new pubDate only: nothing; new text: the file it became is rewritten', () => {
    const one = parseFeedBody(rss(rssItem('g1', 'One', 'First text.')));
    if (!one.ok) throw new Error(one.reason);
    const seen = new Map([['id:g1', seenItem('id:g1', { contentHash: one.feed.items[0]?.contentHash as string, file: '/corpus/2026-11-30-one.md' })]]);
    const redated = planPoll(feed({ bodyHash: 'older' }), res(200, rss(rssItem('g1', 'One', 'First text.', 'Tue, 01 Dec 2026 09:00:00 GMT'))), seen, ctx);
    expect(redated.work).toEqual([]);
    const edited = planPoll(feed({ bodyHash: 'older' }), res(200, rss(rssItem('g1', 'One', 'Corrected text.'))), seen, ctx);
    expect(edited.work.map((w) => [w.item.identity, w.replaces])).toEqual([['id:g1', '/corpus/2026-11-30-one.md']]);
  });

  it('an item without guid is known by its link, without tracking parameters or fragment', () => {
    const a = parseFeedBody(rss(rssItem(undefined, 'One', 'x', undefined, 'https://www.news.example/world/one/?utm_source=rss&utm_medium=feed#comments')));
    const b = parseFeedBody(rss(rssItem(undefined, 'One', 'x', undefined, 'https://news.example/world/one')));
    expect(a.ok && a.feed.items[0]?.identity).toBe('link:https://news.example/world/one');
    expect(b.ok && b.feed.items[0]?.identity).toBe('link:https://news.example/world/one');
  });

  it('skips items older than the age limit, and records them so they are not looked at again', () => {
    const plan = planPoll(feed(), res(200, rss(rssItem('old', 'Old', 'x', 'Mon, 05 Jan 2026 09:00:00 GMT') + rssItem('new', 'New'))), new Map(), ctx);
    expect(plan.work.map((w) => w.item.identity)).toEqual(['id:new']);
    expect(plan.skipped).toMatchObject([{ identity: 'id:old', status: 'skipped', reason: 'published more than 30 days ago' }]);
  });

  it('takes ttl and skipHours from the feed', () => {
    const plan = planPoll(feed(), res(200, rss(rssItem('g', 'G'), '<ttl>120</ttl><skipHours><hour>14</hour></skipHours>')), new Map(), ctx);
    expect(plan.state.nextPollMs).toBe(Date.UTC(2026, 10, 30, 15));
  });

  it('429 waits for Retry-After; 500s back off, then failing, then disabled with the reason', () => {
    const limited = planPoll(feed(), res(429, '', { 'retry-after': '7200' }), new Map(), ctx);
    expect(limited.state).toMatchObject({ nextPollMs: NOW + 120 * MIN, failures: 1, status: 'ok', outcome: 'failed: HTTP 429' });
    let f = feed();
    const seenStatus: string[] = [];
    for (let i = 0; i < 10; i++) {
      const plan = planPoll(f, res(500), new Map(), ctx);
      f = { ...f, ...plan.state };
      seenStatus.push(plan.state.status);
    }
    expect(seenStatus).toEqual(['ok', 'ok', 'failing', 'failing', 'failing', 'failing', 'failing', 'failing', 'failing', 'disabled']);
    expect(f.reason).toBe('disabled after 10 failed polls in a row; the last: HTTP 500 (feeds add enables it again)');
    // Validators and the body hash survive failures.
    const kept = planPoll(feed({ etag: '"e"', bodyHash: 'b' }), { ok: false, reason: 'timed out after 15 s' }, new Map(), ctx);
    expect(kept.state).toMatchObject({ etag: '"e"', bodyHash: 'b', outcome: 'failed: timed out after 15 s', nextPollMs: NOW + 5 * MIN });
  });

  it('malformed XML, a page that is not a feed, and a 100,000-item feed are failures with a reason', () => {
    expect(planPoll(feed(), res(200, '<rss><channel><item><title>broken'), new Map(), ctx).state.reason).toMatch(/^malformed feed/);
    expect(planPoll(feed(), res(200, '<html><body>hello</body></html>'), new Map(), ctx).state.reason).toBe('not a feed (RSS, Atom, RDF or JSON Feed)');
    const huge = rss(Array.from({ length: 100_000 }, (_, i) => `<item><guid>${i}</guid></item>`).join(''));
    expect(planPoll(feed(), res(200, huge), new Map(), ctx).state.reason).toBe('the feed lists more than 2000 items; refused');
  });
});

describe('parseFeedBody', () => {
  it('decodes a feed in the encoding its XML declaration names', () => {
    const latin1 = Buffer.from(
      '<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>Le Réveil</title><item><guid>1</guid><title>Sécurité</title></item></channel></rss>',
      'latin1',
    );
    const plan = planPoll(feed(), { ok: true, status: 200, headers: { 'content-type': 'application/xml' }, body: latin1, url: 'https://news.example/rss.xml' }, new Map(), ctx);
    expect(plan.feed?.title).toBe('Le Réveil');
    expect(plan.work[0]?.item.title).toBe('Sécurité');
  });

  it('reads Atom ids and content, and JSON Feed ids and content_html', () => {
    const atom = parseFeedBody(
      `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>urn:f</id><updated>2026-11-30T10:00:00Z</updated><entry><id>urn:e1</id><title>E</title><link href="https://a.example/e"/><updated>2026-11-30T11:00:00Z</updated><content type="html">&lt;p&gt;hi&lt;/p&gt;</content></entry></feed>`,
    );
    expect(atom.ok && atom.feed.items[0]).toMatchObject({ identity: 'id:urn:e1', link: 'https://a.example/e', content: { html: '<p>hi</p>' }, published: '2026-11-30T11:00:00Z' });
    const json = parseFeedBody(JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'J', items: [{ id: 7, url: 'https://j.example/7', content_html: '<p>x</p>' }] }));
    expect(json.ok && json.feed.items[0]).toMatchObject({ identity: 'id:7', content: { html: '<p>x</p>' } });
  });
});
