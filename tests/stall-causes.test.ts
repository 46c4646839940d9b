// The feeds bench's split of a stall: the wait for a core and blocking calls apart from the main
// thread's CPU, GC by kind, the rest by the profile's named steps.
import { expect, it } from 'vitest';
import { attributeStalls, stepOfFile } from '../src/bench/stall-causes.ts';

it('splits a stall into the wait for a core, a blocking call, GC and the profiled steps', () => {
  // 100 ms late: 60 ms in the run queue, 30 ms on the CPU, 15 ms off it (5 ms of them the timer's sleep).
  const stall = { start: 1000, end: 1105, ms: 100, cpuMs: 30, waitMs: 60, othersMs: 12 };
  const gc = [{ start: 1010, ms: 40, kind: 'scavenge' }];
  const samples = [
    { at: 1060, step: 'corpus update', leaf: 'eventWordsOf core/events/grouping.ts:1' },
    { at: 1061, step: 'corpus update', leaf: 'eventWordsOf core/events/grouping.ts:1' },
    { at: 1070, step: 'poller', leaf: 'claim feeds/poller.ts:1' },
    { at: 1080, step: 'idle', leaf: '(idle)' },
    { at: 2000, step: 'follows', leaf: 'outside the stall' },
  ];
  const a = attributeStalls([stall], gc, samples, 1);
  const ms = Object.fromEntries(a.causes.map((c) => [c.cause, c.ms]));
  expect(ms['waiting for a core']).toBe(60);
  expect(ms['off the CPU (blocking call)']).toBe(10);
  // GC's share is its on-CPU part at most: the 40 ms pause's wall time counts waits.
  expect(ms['gc: scavenge']).toBe(30);
  expect(ms['corpus update']).toBeUndefined();
  expect(a.causes[0]?.cause).toBe('waiting for a core');
  expect(a.causes[0]?.stalls).toBe(1);
  expect(a.withGc).toBe(1);
  expect(a.gcWallMs).toBe(40);
  expect(a.othersMs).toBe(12);
  expect(a.onCpu50).toBe(0);
  expect(a.longestOnCpuMs).toBe(30);

  // Without GC, the on-CPU time goes to the sampled steps in proportion; what no sample names stays unattributed.
  const b = attributeStalls([stall], [], samples, 1);
  const bms = Object.fromEntries(b.causes.map((c) => [c.cause, c.ms]));
  expect(bms['corpus update']).toBe(2);
  expect(bms.poller).toBe(1);
  expect(bms['unattributed CPU']).toBe(27);
  expect(b.topFunctions[0]?.leaf).toBe('eventWordsOf core/events/grouping.ts:1');
});

it('counts the time off the CPU inside a long GC pause as waiting for GC helper threads', () => {
  // 100 ms late: 10 ms in the run queue, 30 ms on the CPU, 65 ms off it; an 80 ms scavenge in it.
  const stall = { start: 0, end: 105, ms: 100, cpuMs: 30, waitMs: 10 };
  const a = attributeStalls([stall], [{ start: 10, ms: 80, kind: 'scavenge' }], [], 1);
  const ms = Object.fromEntries(a.causes.map((c) => [c.cause, c.ms]));
  expect(ms['gc: scavenge']).toBe(30);
  expect(ms['gc: off the CPU (GC helper threads)']).toBe(40);
  expect(ms['off the CPU (blocking call)']).toBe(20);
  expect(a.causes[0]?.cause).toBe('gc: off the CPU (GC helper threads)');
});

it('names steps by the source file of the outermost project frame', () => {
  expect(stepOfFile('feeds/poller.ts')).toBe('poller');
  expect(stepOfFile('app/corpus-holder.ts')).toBe('corpus update');
  expect(stepOfFile('app/follow-service.ts')).toBe('follows');
  expect(stepOfFile('core/follows/match.ts')).toBe('follows');
  expect(stepOfFile('import/folder-duplicates.ts')).toBe('other (import/folder-duplicates.ts)');
});
