// A process that keeps changing its corpus folder and applying the changes (log, update, now and
// then a compaction) until it is killed: `tests/corpus-crash.test.ts` kills it with SIGKILL at
// random points and checks what the next start loads.
// argv: corpus folder, data folder, then the files it adds and removes in turn.
import fs from 'node:fs';
import path from 'node:path';
import { compacted, openCorpus } from '../../src/app/open-corpus.ts';
import { readCorpusFiles } from '../../src/load/loader.ts';
import { silentLogger } from '../../src/log.ts';

const [dir, dataDir, ...pool] = process.argv.slice(2);
if (!dir || !dataDir || pool.length === 0) throw new Error('usage: journal-child DIR DATA_DIR FILE...');
const log = silentLogger();
const opened = openCorpus({ dirs: [dir], dataDir, log, now: Date.now, autoCompact: false });
const journal = opened.journal;
if (!journal) throw new Error('no change log');
let corpus = opened.corpus;
for (let i = 0; ; i++) {
  const from = pool[i % pool.length] as string;
  const to = path.join(dir, path.basename(from));
  if (fs.existsSync(to)) fs.rmSync(to);
  else fs.copyFileSync(from, to);
  corpus = journal.sync(corpus, readCorpusFiles([dir], { log }).files).corpus;
  if (i % 3 === 2 && journal.compact(corpus)) corpus = compacted(corpus);
  process.stdout.write(`applied ${i} ${corpus.articles.length}\n`);
}
