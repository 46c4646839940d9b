import pino from 'pino';
import { splitPassages } from '../src/core/passages.ts';
import { learnAliases } from '../src/core/quotes/canonical.ts';
import { extractQuotes } from '../src/core/quotes/extract.ts';
import { loadAliases } from '../src/load/aliases.ts';
import { loadArticles } from '../src/load/loader.ts';
const want = new Set(process.argv.slice(3));
const log = pino({ level: 'silent' });
const aliases = (await loadAliases([process.argv[2]!, '/work/h10/corpus'])).table;
const articles = (await loadArticles([process.argv[2]!], { log })).articles;
const learned = learnAliases(articles, aliases);
const seen = new Map<string, number>();
for (const a of articles) for (const q of extractQuotes(a, splitPassages(a), learned)) if (q.speaker && want.has(q.speaker) && (seen.get(q.speaker) ?? 0) < 2) { seen.set(q.speaker, (seen.get(q.speaker) ?? 0) + 1); console.log(JSON.stringify([q.speaker, q.cue, q.context.slice(0, 100), a.id])); }
