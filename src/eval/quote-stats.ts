// Quote extraction figures for a corpus folder: quotes, attributed share, top speakers, time.
// Usage: npm run --silent quote-stats -- DIR [TOP]   (measures issue 18 before/after; not a test)
import pino from 'pino';
import { splitPassages } from '../core/passages.ts';
import { learnAliases } from '../core/quotes/canonical.ts';
import { extractQuotes } from '../core/quotes/extract.ts';
import { loadAliases } from '../load/aliases.ts';
import { loadArticles } from '../load/loader.ts';

const dir = process.argv[2];
const top = Number(process.argv[3] ?? 40);
if (!dir) throw new Error('usage: quote-stats DIR [TOP]');
const log = pino({ level: 'silent' });
const aliases = (await loadAliases([dir, new URL('../../corpus', import.meta.url).pathname])).table;
const articles = (await loadArticles([dir], { log })).articles;
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const learned = learnAliases(articles, aliases);
let total = 0;
let attributed = 0;
const counts = new Map<string, number>();
const nameOf = new Map<string, string>();
for (const a of articles) {
  for (const q of extractQuotes(a, splitPassages(a), learned)) {
    total += 1;
    if (q.speaker) {
      attributed += 1;
      const id = q.speakerId ?? q.speaker;
      if (!nameOf.has(id)) nameOf.set(id, q.speaker);
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
  }
}
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
console.log(
  `${articles.length} articles, ${total} quotes, ${attributed} attributed (${((100 * attributed) / Math.max(1, total)).toFixed(1)}%), ${counts.size} speakers, extraction ${(ms / 1000).toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU`,
);
for (const [id, n] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${String(n).padStart(7)}  ${nameOf.get(id) ?? id}`);
