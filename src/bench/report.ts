// The benchmark's table: our figures, and our p95 as a ratio to minisearch's defaults and to a
// regular-expression scan on the same passages and queries (absolute times vary by machine).
import type { Summary } from './stats.ts';
import type { BenchResult, CorpusResult } from './run.ts';

const ms = (x: number): string => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const secs = (x: number): string => `${(x / 1000).toFixed(1)} s`;
const ratio = (base: number, ours: number): string => (ours <= 0 ? '–' : `${(base / ours).toFixed(1)}×`);
const n = (x: number): string => x.toLocaleString('en-US');

function row(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
}

function latencyTable(c: CorpusResult): string[] {
  const widths = [26, 5, 7, 7, 7, 7, 13, 10];
  const lines = [row(['', 'n', 'p50', 'p95', 'p99', 'max', 'vs minisearch', 'vs regex'], widths)];
  const line = (name: string, s: Summary, vsMini?: number, vsRegex?: number): void => {
    lines.push(row([name, String(s.n), ms(s.p50), ms(s.p95), ms(s.p99), ms(s.max), vsMini === undefined ? '' : ratio(vsMini, s.p95), vsRegex === undefined ? '' : ratio(vsRegex, s.p95)], widths));
  };
  for (const [command, r] of Object.entries(c.serve.commands)) {
    const hits = c.serve.commandCacheHits?.[command] ?? 0;
    line(`${command} (${r.answered} answered${hits > 0 ? `, ${hits} hits` : ''})`, r.summary, c.baseline.minisearch.p95, c.baseline.regex.p95);
  }
  if (c.serve.duringRebuild) line(`ask during rebuild (cache)`, c.serve.duringRebuild.summary, c.baseline.minisearch.p95, c.baseline.regex.p95);
  for (const [what, buckets] of Object.entries(c.serve.autocomplete)) {
    for (const [len, s] of Object.entries(buckets)) {
      const base = c.baseline.minisearchPrefix[len];
      line(`autocomplete ${what.replace(/^(\w+) /, '$1/')} ${len}ch`, s, base?.p95);
    }
  }
  line('minisearch defaults', c.baseline.minisearch);
  for (const [len, s] of Object.entries(c.baseline.minisearchPrefix)) line(`minisearch prefix ${len}ch`, s);
  line('regex scan', c.baseline.regex);
  return lines;
}

export function formatReport(r: BenchResult): string {
  const out: string[] = [];
  out.push(`Machine: ${r.machine.cpus} × ${r.machine.cpu}, ${r.machine.memoryGb} GB RAM, Node ${r.machine.node}, ${r.machine.platform}`);
  out.push(`Queries: ${r.queries} (src/bench/queries.txt). Latencies in ms, measured in-process through the command dispatch and Discord rendering.`);
  out.push('ask, timeline, quote: each query once, answer cache emptied first (cache misses). "(cache)" rows and the HTTP figures include the answer cache: the list repeats, as real traffic does.');
  for (const c of r.corpora) {
    const b = c.build;
    out.push('');
    out.push(`## ${c.corpus}: ${n(b.articles)} articles, ${n(b.passages)} passages, ${n(b.events)} events, ${n(b.quotes)} quotes, ${n(b.topics)} topics`);
    out.push(
      `fresh build ${secs(b.buildMs)} (minisearch defaults alone: ${secs(c.baseline.minisearchBuildMs)}) · cold start to first answer ${secs(c.coldStart.medianMs)} (attache ask in a new process, median of ${c.coldStart.runs.length}; cache load in the bench ${secs(c.serve.openMs)}) · RSS ${n(c.serve.rssMb)} MB (heap ${n(c.serve.heapMb)} MB)` +
        (c.serve.duringRebuild ? ` · rebuild in a worker ${secs(c.serve.duringRebuild.rebuildMs)}, peak RSS ${n(c.serve.duringRebuild.rssMb)} MB` : ''),
    );
    out.push(...latencyTable(c));
    if (c.serve.http) {
      const cache = c.serve.httpCache;
      const share = cache && cache.hits + cache.misses > 0 ? ` answer cache on, ${((100 * cache.hits) / (cache.hits + cache.misses)).toFixed(1)}% hits` : '';
      out.push(`HTTP endpoint, signed /ask on loopback (load generator in its own process;${share}):`);
      for (const h of c.serve.http)
        out.push(
          `  ${String(h.connections).padStart(2)} connections: ${n(Math.round(h.rps))} req/s, p50 ${ms(h.latency.p50)} ms, p99 ${ms(h.latency.p99)} ms, max ${ms(h.latency.max)} ms${h.errors > 0 ? `, ${h.errors} errors` : ''}`,
        );
    }
  }
  return `${out.join('\n')}\n`;
}
