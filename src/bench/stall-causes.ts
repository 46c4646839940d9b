// What an event-loop stall was made of, for the feeds bench. A stall (a 5 ms timer turn that came
// late) is split into: time the main thread waited for a core (the kernel's run-queue time from
// /proc/self/task/<pid>/schedstat: the machine is shared, so part of a "stall" can be load, not
// work), time it was off the CPU without waiting for one (a blocking syscall: fsync, a lock), and
// time on the CPU. On-CPU time is split by a sampling CPU profile of the main thread
// (node:inspector) into GC pauses (perf_hooks 'gc' entries, by kind) and named steps (the outermost
// project frame of each sample: the poller, the corpus update, follows, the bench itself…);
// what the profile does not name stays "unattributed".
import fs from 'node:fs';
import { Session } from 'node:inspector';
import path from 'node:path';
import { constants, PerformanceObserver } from 'node:perf_hooks';

const SRC = path.resolve(import.meta.dirname, '..');

/** Run-queue and on-CPU nanoseconds of the main thread so far; undefined where /proc has no schedstat. */
export function schedstatReader(): (() => { cpuNs: number; waitNs: number }) | undefined {
  const file = `/proc/self/task/${process.pid}/schedstat`;
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return undefined;
  }
  const buf = Buffer.alloc(128);
  return () => {
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    const [cpu = '0', wait = '0'] = buf.toString('latin1', 0, n).split(' ');
    return { cpuNs: Number(cpu), waitNs: Number(wait) };
  };
}

export interface GcPause {
  readonly start: number;
  readonly ms: number;
  readonly kind: string;
}

const GC_KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'mark-compact',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental marking',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak callbacks',
};

/** Records the main thread's GC pauses (performance.now() times) until `stop`. */
export function observeGc(): { pauses: GcPause[]; stop: () => void } {
  const pauses: GcPause[] = [];
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = ((e as { detail?: unknown }).detail as { kind?: number } | undefined)?.kind ?? -1;
      pauses.push({ start: e.startTime, ms: e.duration, kind: GC_KINDS[kind] ?? `kind ${kind}` });
    }
  });
  obs.observe({ entryTypes: ['gc'] });
  return { pauses, stop: () => obs.disconnect() };
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}
interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** One sample of the main thread: when (performance.now() ms), its step and its leaf function. */
export interface Sample {
  readonly at: number;
  readonly step: string;
  readonly leaf: string;
}

/** Files that run others' work (slicing, logging): the step is named by the frame below them. */
const GENERIC = new Set(['app/slices.ts', 'log.ts']);

/** A step's name from the file of the outermost project frame of a sample. */
export function stepOfFile(rel: string): string {
  if (rel.startsWith('bench/')) return 'bench (feed server, ask loop)';
  if (rel.startsWith('feeds/')) return 'poller';
  if (rel.startsWith('app/follow-service') || rel.startsWith('core/follows/')) return 'follows';
  if (rel.startsWith('store/')) return 'stores (main thread side)';
  if (rel.startsWith('app/corpus-') || rel.startsWith('app/warm') || rel.startsWith('app/open-corpus') || rel.startsWith('app/compact')) return 'corpus update';
  return `other (${rel.split('/').slice(0, 2).join('/')})`;
}

/** A sampling CPU profile of this (main) thread, started now; `stop` gives its samples on performance.now()'s clock. */
export async function profileMainThread(intervalUs = 500): Promise<{ stop: () => Promise<Sample[]> }> {
  const session = new Session();
  session.connect();
  const post = <T>(method: string, params?: object): Promise<T> => new Promise((resolve, reject) => session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res as T))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: intervalUs });
  // V8's profile clock is the monotonic clock in µs, as process.hrtime: anchor it to performance.now().
  const anchorUs = Number(process.hrtime.bigint() / 1000n);
  const anchorMs = performance.now();
  await post('Profiler.start');
  return {
    stop: async () => {
      const { profile } = await post<{ profile: Profile }>('Profiler.stop');
      session.disconnect();
      return samplesOf(profile, (us) => anchorMs + (us - anchorUs) / 1000);
    },
  };
}

function samplesOf(profile: Profile, toMs: (us: number) => number): Sample[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const memo = new Map<number, { step: string; leaf: string }>();
  const describe = (id: number): { step: string; leaf: string } => {
    const known = memo.get(id);
    if (known) return known;
    const leafNode = byId.get(id);
    const frame = leafNode?.callFrame;
    const leaf = frame === undefined ? '?' : `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
    let step: string;
    if (frame?.functionName === '(garbage collector)') step = 'gc (profile)';
    else if (frame?.functionName === '(idle)') step = 'idle';
    else if (frame?.functionName === '(program)') step = 'program (V8/native)';
    else {
      // The outermost project frame names the step (an async function resumed after an await is the root of its turn).
      let outer: string | undefined;
      for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
        const url = byId.get(cur)?.callFrame.url ?? '';
        const rel = relToSrc(url);
        if (rel !== undefined && !GENERIC.has(rel)) outer = rel;
      }
      step = outer === undefined ? 'node internals' : stepOfFile(outer);
    }
    const d = { step, leaf };
    memo.set(id, d);
    return d;
  };
  const out: Sample[] = [];
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] ?? 0;
    const id = profile.samples[i];
    if (id === undefined) continue;
    out.push({ at: toMs(t), ...describe(id) });
  }
  return out;
}

function relToSrc(url: string): string | undefined {
  const file = url.startsWith('file://') ? decodeURIComponent(url.slice(7)) : url;
  return file.startsWith(`${SRC}/`) && !file.includes('/node_modules/') ? file.slice(SRC.length + 1) : undefined;
}

function shortUrl(url: string): string {
  const rel = relToSrc(url);
  if (rel !== undefined) return rel;
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) return url.slice(nm + 14);
  return url.replace(/^node:/, '') || '(native)';
}

/** A stall: the turn from `start` to `end` (performance.now() ms), with the main thread's schedstat deltas over it. */
export interface Stall {
  readonly start: number;
  readonly end: number;
  readonly ms: number;
  readonly cpuMs?: number;
  readonly waitMs?: number;
  /** CPU time the process's other threads (workers, libuv's pool) used over the stall. */
  readonly othersMs?: number;
}

export interface StallCause {
  readonly cause: string;
  /** Stalls in which this cause had the largest share. */
  readonly stalls: number;
  /** Its milliseconds summed over all the stalls. */
  readonly ms: number;
  /** Its longest share of one stall. */
  readonly maxMs: number;
}

export interface StallAttribution {
  readonly stalls: number;
  readonly longestMs: number;
  /** Stalls of which the main thread was on the CPU 50 ms or more: work, whatever the load. */
  readonly onCpu50: number;
  /** The longest on-CPU time of one stall. */
  readonly longestOnCpuMs: number;
  /** The process's other threads' CPU time summed over the stalls (they compete for the same cores). */
  readonly othersMs: number;
  /** Stalls overlapped by a GC pause, and those pauses' wall time inside them (which counts waits for a core). */
  readonly withGc: number;
  readonly gcWallMs: number;
  readonly causes: readonly StallCause[];
  /** The functions most sampled (self time) inside these stalls, by step. */
  readonly topFunctions: readonly { readonly step: string; readonly leaf: string; readonly ms: number }[];
}

/**
 * Splits each stall into causes: waiting for a core (run queue), off the CPU otherwise (blocked),
 * GC by kind (perf_hooks pauses inside the stall), and the rest of its on-CPU time by the profile's
 * steps in proportion to their samples; on-CPU time no sample names is "unattributed".
 */
export function attributeStalls(stalls: readonly Stall[], gc: readonly GcPause[], samples: readonly Sample[], sampleMs: number): StallAttribution {
  const totals = new Map<string, { stalls: number; ms: number; maxMs: number }>();
  const fns = new Map<string, { step: string; leaf: string; ms: number }>();
  const add = (cause: string, ms: number) => {
    const t = totals.get(cause) ?? { stalls: 0, ms: 0, maxMs: 0 };
    t.ms += ms;
    t.maxMs = Math.max(t.maxMs, ms);
    totals.set(cause, t);
  };
  const sorted = [...samples].sort((a, b) => a.at - b.at);
  for (const s of stalls) {
    const parts = new Map<string, number>();
    const wall = s.end - s.start;
    const wait = Math.min(wall, s.waitMs ?? 0);
    const cpu = s.cpuMs === undefined ? wall - wait : Math.min(wall - wait, s.cpuMs);
    if (wait > 0) parts.set('waiting for a core', wait);
    let gcMs = 0;
    let gcWall = 0;
    for (const g of gc) {
      const overlap = Math.min(s.end, g.start + g.ms) - Math.max(s.start, g.start);
      if (overlap <= 0) continue;
      gcWall += overlap;
      const ms = Math.min(overlap, cpu - gcMs);
      if (ms <= 0) continue;
      gcMs += ms;
      parts.set(`gc: ${g.kind}`, (parts.get(`gc: ${g.kind}`) ?? 0) + ms);
    }
    // Off the CPU, less the timer's own 5 ms of sleep: inside a GC pause (what its wall time leaves
    // after its CPU and, at most, the run-queue time) the thread waited for V8's GC helper threads;
    // otherwise, in a blocking call.
    const blocked = s.cpuMs === undefined ? 0 : Math.max(0, wall - wait - cpu - 5);
    const inGc = Math.min(blocked, Math.max(0, gcWall - gcMs - wait));
    if (inGc > 0) parts.set('gc: off the CPU (GC helper threads)', inGc);
    if (blocked - inGc > 0) parts.set('off the CPU (blocking call)', blocked - inGc);
    // The profile's samples inside the stall share the on-CPU time left after GC.
    const inside = samplesBetween(sorted, s.start, s.end).filter((x) => x.step !== 'idle' && x.step !== 'gc (profile)');
    const left = Math.max(0, cpu - gcMs);
    const named = Math.min(left, inside.length * sampleMs);
    for (const x of named > 0 ? inside : []) {
      const ms = named / inside.length;
      parts.set(x.step, (parts.get(x.step) ?? 0) + ms);
      const key = `${x.step}\u0000${x.leaf}`;
      const f = fns.get(key) ?? { step: x.step, leaf: x.leaf, ms: 0 };
      f.ms += ms;
      fns.set(key, f);
    }
    if (left - named > 0.5) parts.set('unattributed CPU', left - named);
    let top = '';
    let topMs = -1;
    for (const [cause, ms] of parts) {
      add(cause, ms);
      if (ms > topMs) [top, topMs] = [cause, ms];
    }
    if (top !== '') {
      const t = totals.get(top);
      if (t) t.stalls++;
    }
  }
  const onCpu = stalls.map((s) => s.cpuMs ?? s.ms);
  const gcWall = stalls.map((s) => gc.reduce((sum, g) => sum + Math.max(0, Math.min(s.end, g.start + g.ms) - Math.max(s.start, g.start)), 0));
  return {
    stalls: stalls.length,
    longestMs: Math.max(0, ...stalls.map((s) => s.ms)),
    onCpu50: onCpu.filter((ms) => ms >= 50).length,
    longestOnCpuMs: Math.max(0, ...onCpu),
    othersMs: stalls.reduce((sum, s) => sum + (s.othersMs ?? 0), 0),
    withGc: gcWall.filter((ms) => ms > 0).length,
    gcWallMs: gcWall.reduce((a, b) => a + b, 0),
    causes: [...totals].map(([cause, t]) => ({ cause, ...t })).sort((a, b) => b.ms - a.ms),
    topFunctions: [...fns.values()].sort((a, b) => b.ms - a.ms).slice(0, 12),
  };
}

function samplesBetween(sorted: readonly Sample[], start: number, end: number): Sample[] {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid]?.at ?? 0) < start) lo = mid + 1;
    else hi = mid;
  }
  const out: Sample[] = [];
  for (let i = lo; i < sorted.length && (sorted[i]?.at ?? Infinity) <= end; i++) out.push(sorted[i] as Sample);
  return out;
}
