// Which update step ran in each long turn of the event loop: the slice runners (`runInSlices`,
// `warmCorpus`) report every turn they ran longer than a threshold, and the update names the step
// each finished (`stepDone`, from its clock laps), so that a bench can say which step paused
// queries, instead of guessing from per-step totals. Off (one comparison a turn) unless a bench
// or a test starts recording.

export interface LongTurn {
  /** performance.now() at the turn's start, and its wall milliseconds. */
  readonly at: number;
  readonly ms: number;
  /** The longest single step of the generator inside it (a step that does not yield). */
  readonly longestStepMs: number;
  /** The main thread's CPU milliseconds in it, when the recorder was given a CPU clock (else the wall). */
  readonly cpuMs: number;
  /** The update step it belongs to (`passages`, `quotes`, `warm:timeline`…); '?' when none was named. */
  step: string;
}

let threshold = Number.POSITIVE_INFINITY;
let cpuClock: (() => number) | undefined;
let cpuAtStart = 0;
let turns: LongTurn[] = [];
/** Turns recorded since the last `stepDone`: they belong to the step that finishes next. */
let unnamed: LongTurn[] = [];
/** The first step that finished inside the turn running now: the turn is named after it. */
let finishedInTurn: string | undefined;

/**
 * Starts recording turns of `minMs` or more (and forgets those recorded before). `cpuMs`: the main
 * thread's CPU time in ms (a bench reads /proc's schedstat), read at each turn's start and end.
 */
export function recordLongTurns(minMs: number, cpuMs?: () => number): { readonly turns: readonly LongTurn[]; stop: () => void } {
  threshold = minMs;
  cpuClock = cpuMs;
  turns = [];
  unnamed = [];
  const mine = turns;
  return {
    turns: mine,
    stop: () => {
      if (turns !== mine) return;
      threshold = Number.POSITIVE_INFINITY;
      cpuClock = undefined;
    },
  };
}

/** A turn of slices starts: performance.now(). */
export function turnStarts(): number {
  finishedInTurn = undefined;
  if (cpuClock) cpuAtStart = cpuClock();
  return performance.now();
}

/** A turn of slices from `at` (`turnStarts`) to now; `step` names it when the caller knows the step. */
export function turnRan(at: number, longestStepMs: number, step?: string): void {
  const ms = performance.now() - at;
  if (ms < threshold) return;
  const cpuMs = cpuClock ? cpuClock() - cpuAtStart : ms;
  const name = step ?? finishedInTurn;
  const t: LongTurn = { at, ms, longestStepMs, cpuMs, step: name ?? '?' };
  turns.push(t);
  if (name === undefined) unnamed.push(t);
}

/** The update step `name` finished: the unnamed turns since the last one were its. */
export function stepDone(name: string): void {
  finishedInTurn ??= name;
  if (unnamed.length === 0) return;
  for (const t of unnamed) t.step = name;
  unnamed = [];
}
