// `--turns N` of the updates bench: what made queries wait and the event loop pause during the
// arrivals. The slice runners record every turn of update work of N ms or more with the update step
// it belonged to (`core/turn-log.ts`); perf_hooks records GC pauses; the query loop records when
// each query was scheduled, started and answered; a 5 ms timer records pauses of the loop. Each
// pause and each slow query's wait is then split among what overlapped it.
import { type LongTurn, recordLongTurns } from '../core/turn-log.ts';
import { type GcPause, observeGc, profileMainThread, type Sample, schedstatReader } from './stall-causes.ts';
import { summarize } from './stats.ts';

export interface TimedQuery {
  readonly kind: string;
  readonly scheduled: number;
  readonly started: number;
  readonly answered: number;
}

interface Span {
  readonly at: number;
  readonly ms: number;
  readonly what: string;
}

export interface TurnCauses {
  readonly minMs: number;
  /** Turns of update work of minMs or more, by step: count, longest, total ms, and the longest single step without a yield. */
  readonly turns: readonly { step: string; n: number; maxMs: number; totalMs: number; longestStepMs: number; gcMs: number; maxCpuMs: number }[];
  /** The longest turns (wall), in order of time, each with the functions most sampled in it. */
  readonly longest: readonly (LongTurn & { readonly top: string })[];
  readonly gc: readonly { kind: string; n: number; maxMs: number; totalMs: number }[];
  /** Loop pauses of minMs or more (beyond the 5 ms timer), by what overlapped them most. */
  readonly pauses: readonly { cause: string; n: number; maxMs: number }[];
  /** Queries over the target wait: what their wait was made of (ms summed over them). */
  readonly slow: { readonly n: number; readonly targetMs: number; readonly parts: readonly { part: string; ms: number }[] };
  /** Each command's own time (started → answered), p50/p95, during the arrivals. */
  readonly own: Readonly<Record<string, { p50: number; p95: number }>>;
}

const TICK_MS = 5;

export async function watchTurns(minMs: number): Promise<{ stop: (queries: readonly TimedQuery[], targetMs: number) => Promise<TurnCauses> }> {
  const sched = schedstatReader();
  // A sampling profile names the functions of the longest turns (1 ms between samples).
  const profile = await profileMainThread(1000);
  const rec = recordLongTurns(minMs, sched && (() => sched().cpuNs / 1e6));
  const gc = observeGc();
  const pauses: { at: number; ms: number }[] = [];
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    const beyond = now - last - TICK_MS;
    if (beyond >= minMs) pauses.push({ at: last, ms: now - last });
    last = now;
  }, TICK_MS);
  return {
    stop: async (queries, targetMs) => {
      clearInterval(timer);
      rec.stop();
      gc.stop();
      const samples = await profile.stop();
      return summarizeTurns(minMs, rec.turns, gc.pauses, pauses, queries, targetMs, samples);
    },
  };
}

const overlap = (a0: number, a1: number, b: Span): number => Math.max(0, Math.min(a1, b.at + b.ms) - Math.max(a0, b.at));

/** The three leaf functions most sampled between `a0` and `a1`, with their sample counts. */
function topLeaves(samples: readonly Sample[], a0: number, a1: number): string {
  const n = new Map<string, number>();
  for (const s of samples) if (s.at >= a0 && s.at <= a1 && s.step !== 'idle') n.set(s.leaf, (n.get(s.leaf) ?? 0) + 1);
  return [...n]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([leaf, k]) => `${leaf} ×${k}`)
    .join(', ');
}

function summarizeTurns(
  minMs: number,
  turns: readonly LongTurn[],
  gc: readonly GcPause[],
  pauses: readonly { at: number; ms: number }[],
  queries: readonly TimedQuery[],
  targetMs: number,
  samples: readonly Sample[],
): TurnCauses {
  const gcSpans: Span[] = gc.map((g) => ({ at: g.start, ms: g.ms, what: `gc: ${g.kind}` }));
  const turnSpans: Span[] = turns.map((t) => ({ at: t.at, ms: t.ms, what: `update: ${t.step}` }));
  const querySpans: Span[] = queries.map((q) => ({ at: q.started, ms: q.answered - q.started, what: `query: ${q.kind}` }));
  const gcIn = (a0: number, a1: number): number => gcSpans.reduce((s, g) => s + overlap(a0, a1, g), 0);

  const byStep = new Map<string, { step: string; n: number; maxMs: number; totalMs: number; longestStepMs: number; gcMs: number; maxCpuMs: number }>();
  for (const t of turns) {
    const e = byStep.get(t.step) ?? { step: t.step, n: 0, maxMs: 0, totalMs: 0, longestStepMs: 0, gcMs: 0, maxCpuMs: 0 };
    e.maxCpuMs = Math.max(e.maxCpuMs, t.cpuMs);
    e.n++;
    e.maxMs = Math.max(e.maxMs, t.ms);
    e.totalMs += t.ms;
    e.longestStepMs = Math.max(e.longestStepMs, t.longestStepMs);
    e.gcMs += gcIn(t.at, t.at + t.ms);
    byStep.set(t.step, e);
  }
  const byKind = new Map<string, { kind: string; n: number; maxMs: number; totalMs: number }>();
  for (const g of gc) {
    const e = byKind.get(g.kind) ?? { kind: g.kind, n: 0, maxMs: 0, totalMs: 0 };
    e.n++;
    e.maxMs = Math.max(e.maxMs, g.ms);
    e.totalMs += g.ms;
    byKind.set(g.kind, e);
  }
  // A pause's cause: what overlapped it most (GC inside an update turn counts as GC).
  const byCause = new Map<string, { cause: string; n: number; maxMs: number }>();
  const all = [...gcSpans, ...turnSpans, ...querySpans];
  for (const p of pauses) {
    let cause = 'other (unrecorded work)';
    let most = 0;
    for (const s of all) {
      const o = overlap(p.at, p.at + p.ms, s);
      if (o > most) [cause, most] = [s.what, o];
    }
    const gcMs = gcIn(p.at, p.at + p.ms);
    if (gcMs >= most && gcMs > 0) cause = 'gc (several pauses)';
    const e = byCause.get(cause) ?? { cause, n: 0, maxMs: 0 };
    e.n++;
    e.maxMs = Math.max(e.maxMs, p.ms - TICK_MS);
    byCause.set(cause, e);
  }
  // A slow query's wait: queued (update turns by step, GC, other) and its own time (GC inside, the rest).
  const parts = new Map<string, number>();
  const add = (k: string, ms: number): void => {
    if (ms > 0) parts.set(k, (parts.get(k) ?? 0) + ms);
  };
  let slow = 0;
  for (const q of queries) {
    if (q.answered - q.scheduled <= targetMs) continue;
    slow++;
    let queued = q.started - q.scheduled;
    const gcQueued = gcIn(q.scheduled, q.started);
    add('queued: gc', gcQueued);
    queued -= gcQueued;
    for (const t of turnSpans) {
      const o = Math.min(queued, overlap(q.scheduled, q.started, t));
      add(`queued: ${t.what}`, o);
      queued -= o;
    }
    add('queued: other', queued);
    const gcOwn = gcIn(q.started, q.answered);
    add(`own: gc`, gcOwn);
    add(`own: ${q.kind}`, q.answered - q.started - gcOwn);
  }
  const own: Record<string, { p50: number; p95: number }> = {};
  for (const kind of new Set(queries.map((q) => q.kind))) {
    const s = summarize(queries.filter((q) => q.kind === kind).map((q) => q.answered - q.started));
    own[kind] = { p50: s.p50, p95: s.p95 };
  }
  return {
    minMs,
    turns: [...byStep.values()].sort((a, b) => b.maxMs - a.maxMs),
    longest: [...turns]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 12)
      .sort((a, b) => a.at - b.at)
      .map((t) => ({ ...t, top: topLeaves(samples, t.at, t.at + t.ms) })),
    gc: [...byKind.values()].sort((a, b) => b.totalMs - a.totalMs),
    pauses: [...byCause.values()].sort((a, b) => b.maxMs - a.maxMs),
    slow: { n: slow, targetMs, parts: [...parts].map(([part, ms]) => ({ part, ms })).sort((a, b) => b.ms - a.ms) },
    own,
  };
}

export function formatTurnCauses(c: TurnCauses): string {
  const r = Math.round;
  return [
    `turns of update work ≥ ${c.minMs} ms, by step (n, longest, its most CPU, total, longest step without a yield, GC inside):`,
    ...c.turns.map((t) => `  ${t.step}: ${t.n} · max ${r(t.maxMs)} · cpu ${r(t.maxCpuMs)} · total ${r(t.totalMs)} · step ${r(t.longestStepMs)} · gc ${r(t.gcMs)} ms`),
    'the longest turns (step wall/cpu ms, in time order; the functions most sampled in them):',
    ...c.longest.map((t) => `  ${t.step} ${r(t.ms)}/${r(t.cpuMs)}: ${t.top}`),
    `GC pauses during the arrivals: ${c.gc.map((g) => `${g.kind} ${g.n} (max ${r(g.maxMs)}, total ${r(g.totalMs)} ms)`).join(' · ')}`,
    `event-loop pauses ≥ ${c.minMs} ms, by what overlapped them most: ${c.pauses.map((p) => `${p.cause} ${p.n} (max ${r(p.maxMs)})`).join(' · ')}`,
    `queries over ${c.slow.targetMs} ms: ${c.slow.n}; their waits summed: ${c.slow.parts
      .slice(0, 12)
      .map((p) => `${p.part} ${r(p.ms)}`)
      .join(' · ')} ms`,
    `own time while updating (started → answered): ${Object.entries(c.own)
      .map(([k, v]) => `${k} p50 ${r(v.p50)} · p95 ${r(v.p95)}`)
      .join('; ')} ms`,
    '',
  ].join('\n');
}
