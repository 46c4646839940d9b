// The feed worker: feeds parsed on a worker thread read exactly as on this one, one worker serves
// job after job, and a parse that hangs or a worker that dies ends that feed's job with a reason
// while the next feed is parsed by a fresh worker. Nothing here is timed: the 50 ms target is
// shown by `npm run bench -- --feeds 300`, not by a unit test on a shared machine.
import { afterAll, describe, expect, it } from 'vitest';
import { inThreadParser, WorkerFeedParser } from '../src/feeds/feed-worker.ts';
import { type FeedItem, MAX_FEED_ITEMS, type ParseResult } from '../src/feeds/parse.ts';

const FAULTY = { moduleUrl: new URL('./fixtures/feeds/faulty-feed-worker.ts', import.meta.url).href, name: 'faultyFeedWorkerMain' };
const bytes = (s: string, encoding: BufferEncoding = 'utf8'): Uint8Array => Buffer.from(s, encoding);
const para = (n: number): string => `<p>Paragraph ${n}: the delegations compared their drafts line by line in the harbour city, as both had promised the ministers.</p>`;

const RSS = `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Harbour Times</title><language>en</language><ttl>60</ttl><skipHours><hour>3</hour></skipHours>
<item><title>Talks resume</title><link>https://news.example/a/1?utm_source=rss</link><guid isPermaLink="false">ht-1</guid><pubDate>Mon, 30 Nov 2026 09:00:00 GMT</pubDate><dc:creator>Ana Lind</dc:creator><content:encoded><![CDATA[${para(1)}${para(2)}${para(3)}${para(4)}]]></content:encoded></item>
<item><title>No guid</title><link>https://news.example/a/2#comments</link><description>A teaser.</description></item></channel></rss>`;
const ATOM = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>urn:f</id><updated>2026-11-30T10:00:00Z</updated><entry><id>urn:e1</id><title>E</title><link href="https://a.example/e"/><author><name>Bo</name></author><updated>2026-11-30T11:00:00Z</updated><content type="html">&lt;p&gt;hi&lt;/p&gt;</content><summary>S</summary></entry></feed>`;
const RDF = `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel rdf:about="https://r.example/"><title>R</title><link>https://r.example/</link></channel><item rdf:about="https://r.example/1"><title>One</title><link>https://r.example/1</link><dc:date>2026-11-30T10:00:00Z</dc:date><dc:creator>Ana</dc:creator><description>Short</description></item></rdf:RDF>`;
const JSON_FEED = JSON.stringify({
  version: 'https://jsonfeed.org/version/1.1',
  title: 'J',
  language: 'fr',
  items: [
    { id: 7, url: 'https://j.example/7', title: 'Sept', content_html: '<p>x</p>', date_published: '2026-11-30T10:00:00Z', authors: [{ name: 'Cy' }] },
    { id: 'b', content_text: 'Plain text.\n\nSecond paragraph.' },
  ],
});
const LATIN1 = '<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>Le Réveil</title><item><guid>1</guid><title>Sécurité</title></item></channel></rss>';
const rssOf = (items: readonly string[]): string => `<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>${items.join('')}</channel></rss>`;

const parsers: WorkerFeedParser[] = [];
const worker = (opts: ConstructorParameters<typeof WorkerFeedParser>[0] = {}): WorkerFeedParser => {
  const p = new WorkerFeedParser(opts);
  parsers.push(p);
  return p;
};
afterAll(async () => {
  await Promise.all(parsers.map((p) => p.close()));
});

describe('feed worker', () => {
  it('reads RSS, Atom, RDF and JSON Feed exactly as the parser on this thread does, and refuses what it refuses', async () => {
    const p = worker();
    const cases: [string, Uint8Array, string | undefined][] = [
      ['rss', bytes(RSS), 'application/rss+xml'],
      ['atom', bytes(ATOM), undefined],
      ['rdf', bytes(RDF), 'application/rdf+xml'],
      ['json', bytes(JSON_FEED), 'application/feed+json'],
      ['latin1', bytes(LATIN1, 'latin1'), 'text/xml'],
      ['malformed', bytes('<rss><channel><item><title>broken'), undefined],
      ['not a feed', bytes('<html><body>hello</body></html>'), 'text/html'],
      ['too many items', bytes(rssOf(Array.from({ length: MAX_FEED_ITEMS + 1 }, (_, i) => `<item><guid>${i}</guid></item>`))), undefined],
    ];
    for (const [name, body, type] of cases) {
      const here = await inThreadParser.parse(body, type);
      expect(await p.parse(body, type), name).toEqual(here);
    }
    // What the comparison covers: four formats read, three refusals.
    const formats = await Promise.all(cases.slice(0, 4).map(([, body, type]) => p.parse(body, type)));
    expect(formats.map((r) => (r.ok ? `${r.feed.format}:${r.feed.items.length}` : r.reason))).toEqual(['rss:2', 'atom:1', 'rdf:1', 'json:2']);
    const latin1 = await p.parse(bytes(LATIN1, 'latin1'), 'text/xml');
    expect(latin1.ok && latin1.feed.items[0]?.title).toBe('Sécurité');
    const refused = await Promise.all(cases.slice(5).map(([, body, type]) => p.parse(body, type)));
    expect(refused.map((r) => !r.ok && r.reason)).toEqual([expect.stringMatching(/^malformed feed/), 'not a feed (RSS, Atom, RDF or JSON Feed)', 'the feed lists more than 2000 items; refused']);
    expect(p.started).toBe(1);
  });

  it("reads an item's HTML and a fetched page as this thread does", async () => {
    const p = worker();
    const rss = await inThreadParser.parse(bytes(RSS));
    const item = rss.ok ? rss.feed.items[0] : undefined;
    if (item === undefined) throw new Error('no item');
    const here = await inThreadParser.fullText(item);
    expect(here?.paragraphs).toHaveLength(4);
    expect(await p.fullText(item)).toEqual(here);
    const html = `<html><head><title>Talks resume</title><meta property="og:site_name" content="Harbour Times"></head><body><article><h1>Talks resume</h1>${para(1)}${para(2)}${para(3)}</article></body></html>`;
    const page = await inThreadParser.page(html, 'https://news.example/a/1');
    expect(page.ok && page.draft.paragraphs.length).toBeGreaterThan(0);
    expect(await p.page(html, 'https://news.example/a/1')).toEqual(page);
  });

  it('a parse that hangs ends in a clear failure at its time limit; the next feed gets a fresh worker', async () => {
    const p = worker({ timeoutMs: 500, entry: FAULTY });
    const [hung, next] = await Promise.all([p.parse(bytes(rssOf(['<item><title>HANG</title></item>']))), p.parse(bytes(RSS))]);
    expect(hung).toEqual({ ok: false, reason: 'gave up after 0.5 s (the feed took too long to read)' });
    expect(next.ok && next.feed.items).toHaveLength(2);
    expect(p.started).toBe(2);
  });

  it('a worker that dies mid-parse fails that feed with a reason, and the feeds queued behind it are parsed', async () => {
    const p = worker({ entry: FAULTY });
    const [crashed, after] = await Promise.all([p.parse(bytes(rssOf(['<item><title>CRASH</title></item>']))), p.parse(bytes(ATOM))]);
    expect(crashed).toEqual({ ok: false, reason: 'the feed reader stopped (exit code 7)' });
    expect(after.ok && after.feed.format).toBe('atom');
    expect(p.started).toBe(2);
  });

  it('a job that cannot be sent to the worker fails alone; the next feed is still parsed', async () => {
    const p = worker();
    const unsendable = { id: 'x', title: 'X', onRead: () => undefined } as unknown as FeedItem;
    await expect(p.fullText(unsendable)).rejects.toThrow(/^the feed reader could not take the feed/);
    const next = await p.parse(bytes(RSS));
    expect(next.ok && next.feed.items).toHaveLength(2);
  }, 30_000);

  it('once closed, refuses work with a reason instead of waiting', async () => {
    const p = worker();
    await p.close();
    expect(await p.parse(bytes(RSS))).toEqual({ ok: false, reason: 'the feed poller stopped' });
  });

  it('a 4 MB feed of 2,000 items is parsed while this thread keeps running, where parsing it here holds the thread throughout', async () => {
    const p = worker();
    await p.parse(bytes(ATOM)); // the worker loaded, so only the parse is counted
    const item = (i: number): string =>
      `<item><title>Item ${i}</title><link>https://big.example/a/${i}</link><guid isPermaLink="false">g${i}</guid><pubDate>Mon, 30 Nov 2026 09:00:00 GMT</pubDate><category>talks</category><category>harbour</category><description>Teaser ${i}.</description><content:encoded><![CDATA[${para(i).repeat(14)}]]></content:encoded></item>`;
    const body = bytes(RSS.replace('</channel>', `${Array.from({ length: MAX_FEED_ITEMS - 2 }, (_, i) => item(i)).join('')}</channel>`));
    expect(body.length).toBeGreaterThan(4_000_000);
    // Turns of this thread's event loop while the parse is pending: counted, not timed, so the
    // machine's speed does not matter (how fast it is is `npm run bench -- --feeds 300`'s business).
    const turnsDuring = async (parse: () => Promise<ParseResult>): Promise<{ turns: number; parsed: ParseResult }> => {
      let turns = 0;
      let pending = true;
      const turn = (): void => {
        if (!pending) return;
        turns++;
        setImmediate(turn);
      };
      setImmediate(turn);
      const parsed = await parse();
      pending = false;
      return { turns, parsed };
    };
    const here = await turnsDuring(() => inThreadParser.parse(body));
    const there = await turnsDuring(() => p.parse(body));
    expect(there.parsed).toEqual(here.parsed);
    expect(there.parsed.ok && there.parsed.feed.items.length).toBe(MAX_FEED_ITEMS);
    // Here the parse is one block: the loop never turns. In the worker it turns on and on.
    expect(here.turns).toBe(0);
    expect(there.turns).toBeGreaterThanOrEqual(10);
    expect(p.started).toBe(1);
  });
});
