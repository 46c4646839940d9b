// `npm run bench [-- --corpus NAME]... [--json] [--quick]`: the benchmark on real corpora.
import { parseArgs } from 'node:util';
import { CORPUS_NAMES, type CorpusName } from './corpora.ts';
import { formatReport } from './report.ts';
import { runBench } from './run.ts';
import { formatReplicaBench, runReplicaBench } from './replicas.ts';
import { formatFeedBench, runFeedBench } from './feeds.ts';
import { formatRestartBench, formatUpdateBench, runRestartBench, runUpdateBench } from './updates.ts';

const USAGE = `Usage: npm run bench -- [--corpus ${CORPUS_NAMES.join('|')}]... [--json] [--quick] [--updates [--batch B] [--turns N]]
       npm run bench -- --updates --restart-after N [--batch B] [--corpus NAME]   (N additions, B at a time, then a restart from cache + log)
       npm run bench -- --feeds N [--items M] [--interval S] [--publish S] [--big-feed] [--json]   (feeds on loopback: publish → searchable and posted, event loop, RSS)
       npm run bench -- --replicas N [--concurrency C] [--corpus NAME] [--quick] [--json]   (1 replica, then N, behind a load balancer; DATABASE_URL and REDIS_URL used when set)`;

async function main(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      corpus: { type: 'string', multiple: true },
      json: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
      updates: { type: 'boolean', default: false },
      'restart-after': { type: 'string' },
      // No default here: --restart-after's is 50, --updates' is 20 with --quick, else 100.
      batch: { type: 'string' },
      replicas: { type: 'string' },
      concurrency: { type: 'string', default: '16' },
      feeds: { type: 'string' },
      items: { type: 'string', default: '60' },
      interval: { type: 'string', default: '20' },
      publish: { type: 'string', default: '90' },
      'big-feed': { type: 'boolean', default: false },
      turns: { type: 'string' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const names = values.corpus ?? [...CORPUS_NAMES];
  const unknown = names.filter((c) => !(CORPUS_NAMES as readonly string[]).includes(c));
  if (unknown.length > 0) {
    process.stderr.write(`Unknown corpus ${unknown.join(', ')}.\n${USAGE}\n`);
    return 2;
  }
  const started = performance.now();
  const tty = process.stderr.isTTY === true;
  const progress = (text: string): void => {
    const line = `[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${text}`;
    // One updating status line on a terminal, one line per step otherwise.
    process.stderr.write(tty ? `\r\x1b[2K${line.slice(0, (process.stderr.columns ?? 100) - 1)}` : `${line}\n`);
  };
  if (values.feeds !== undefined) {
    const [feeds, items, intervalS, publishS] = [values.feeds, values.items, values.interval, values.publish].map(Number) as [number, number, number, number];
    if (![feeds, items, intervalS, publishS].every((n) => Number.isInteger(n) && n >= 1)) {
      process.stderr.write(`--feeds, --items, --interval and --publish take a whole number.\n${USAGE}\n`);
      return 2;
    }
    const result = await runFeedBench({ feeds, items, intervalS, publishS, bigFeed: values['big-feed'], progress });
    if (tty) process.stderr.write('\r\x1b[2K');
    process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : formatFeedBench(result));
    return 0;
  }
  if (values.replicas !== undefined) {
    const n = Number(values.replicas);
    const concurrency = Number(values.concurrency);
    const corpus = values.corpus ?? ['seeds'];
    if (!Number.isInteger(n) || n < 1 || !Number.isInteger(concurrency) || concurrency < 1 || corpus.length !== 1) {
      process.stderr.write(`--replicas and --concurrency take a whole number, with one --corpus.\n${USAGE}\n`);
      return 2;
    }
    const env = process.env;
    const result = await runReplicaBench({
      corpus: corpus[0] as CorpusName,
      counts: n === 1 ? [1] : [1, n],
      concurrency,
      quick: values.quick,
      ...(env['DATABASE_URL'] && { databaseUrl: env['DATABASE_URL'] }),
      ...(env['REDIS_URL'] && { redisUrl: env['REDIS_URL'] }),
      progress,
    });
    if (tty) process.stderr.write('\r\x1b[2K');
    process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : formatReplicaBench(result));
    return 0;
  }
  if (values.updates && values['restart-after'] !== undefined) {
    const [n, batch] = [values['restart-after'], values.batch ?? '50'].map(Number) as [number, number];
    if (!Number.isInteger(n) || n < 1 || !Number.isInteger(batch) || batch < 1) {
      process.stderr.write(`--restart-after and --batch take a whole number.\n${USAGE}\n`);
      return 2;
    }
    const results = [];
    for (const name of names as CorpusName[]) results.push(await runRestartBench(name, n, batch, progress));
    if (tty) process.stderr.write('\r\x1b[2K');
    process.stdout.write(values.json ? `${JSON.stringify(results, null, 2)}\n` : results.map(formatRestartBench).join('\n'));
    return 0;
  }
  if (values.updates) {
    // Incremental updates only (a section of its own: it edits a scratch copy of each corpus).
    const results = [];
    // `--batch B`: the size of the batch that lands after the single arrivals (default 20 with --quick, else 100).
    const batch = values.batch === undefined ? undefined : Number(values.batch);
    if (batch !== undefined && (!Number.isInteger(batch) || batch < 1)) {
      process.stderr.write(`--batch takes a whole number.\n${USAGE}\n`);
      return 2;
    }
    // `--turns N`: every update turn of N ms or more, named, and what the slow queries waited for.
    const turnsMs = values.turns === undefined ? undefined : Number(values.turns);
    if (turnsMs !== undefined && !(turnsMs > 0)) {
      process.stderr.write(`--turns takes a number of milliseconds.\n${USAGE}\n`);
      return 2;
    }
    for (const name of names as CorpusName[]) results.push(await runUpdateBench(name, values.quick, progress, batch, turnsMs));
    if (tty) process.stderr.write('\r\x1b[2K');
    process.stdout.write(values.json ? `${JSON.stringify(results, null, 2)}\n` : results.map(formatUpdateBench).join('\n'));
    return 0;
  }
  const result = await runBench({ corpora: names as CorpusName[], quick: values.quick, progress });
  if (tty) process.stderr.write('\r\x1b[2K');
  process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : formatReport(result));
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
