// A full corpus rebuild in a worker thread (what a corpus change triggers), so the benchmark can
// measure answers on the main thread while it runs.
import { parentPort, workerData } from 'node:worker_threads';
import { openCorpus } from '../app/open-corpus.ts';
import { silentLogger } from '../log.ts';

const { dirs, dataDir } = workerData as { dirs: string[]; dataDir: string };
const opened = openCorpus({ dirs, dataDir, log: silentLogger(), now: Date.now, noCache: true });
parentPort?.postMessage({ ms: opened.ms, passages: opened.corpus.passages.length });
