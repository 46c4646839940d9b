// Quote extraction figures for a corpus folder: quotes, attributed share, top speakers, time.
// Usage: npm run --silent quote-stats -- DIR [TOP] [--dump FILE]   (measures issue 18 before/after; not a test)
// --dump writes one line per quotation (article, start, end, speaker, cue), to diff two versions.
import fs from 'node:fs';
import pino from 'pino';
import { splitPassages } from '../core/passages.ts';
import { learnAliases } from '../core/quotes/canonical.ts';
import { extractQuotes } from '../core/quotes/extract.ts';
import { loadAliases } from '../load/aliases.ts';
import { loadArticles } from '../load/loader.ts';

const dumpAt = process.argv.indexOf('--dump');
const dumpFile = dumpAt >= 0 ? process.argv[dumpAt + 1] : undefined;
const args = dumpAt >= 0 ? process.argv.filter((_, i) => i !== dumpAt && i !== dumpAt + 1) : process.argv;
const dir = args[2];
const top = Number(args[3] ?? 40);
const dump: string[] = [];
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
    if (dumpFile) dump.push([q.articleId, q.start, q.end, q.speaker ?? '-', q.cue.replace(/\s+/g, ' ')].join('\t'));
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
if (dumpFile) fs.writeFileSync(dumpFile, `${dump.join('\n')}\n`);
console.log(
  `${articles.length} articles, ${total} quotes, ${attributed} attributed (${((100 * attributed) / Math.max(1, total)).toFixed(1)}%), ${counts.size} speakers, extraction ${(ms / 1000).toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU`,
);
for (const [id, n] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${String(n).padStart(7)}  ${nameOf.get(id) ?? id}`);
