// The deadline queue on its own, on a fake clock: handlers "block" by moving the clock on.
import { describe, expect, it } from 'vitest';
import { deadlineQueue } from '../src/adapters/deadline.ts';

function setup(budgetMs = 1500) {
  let clock = 1_000_000;
  const events: string[] = [];
  const queue = deadlineQueue({ budgetMs, now: () => clock, firstGuessMs: 10 });
  const job = (key: string, blockMs: number, opts: { urgent?: boolean; deferrable?: boolean; arrivedAt?: number } = {}) =>
    queue.submit({
      key,
      arrivedAt: opts.arrivedAt ?? clock,
      ...(opts.urgent === true && { urgent: true }),
      ...(opts.deferrable !== false && {
        defer: () => {
          events.push(`defer ${key}`);
          return Promise.resolve();
        },
      }),
      work: () => {
        events.push(`run ${key}`);
        clock += blockMs;
        return Promise.resolve(key);
      },
    });
  return { queue, events, job, advance: (ms: number) => (clock += ms), now: () => clock };
}

describe('deadline queue', () => {
  it('runs handlers in order, autocomplete first, and answers each', async () => {
    const { events, job } = setup();
    const answers = await Promise.all([job('command:a', 1), job('command:b', 1), job('autocomplete:c', 1, { urgent: true, deferrable: false })]);
    expect(answers).toEqual(['command:a', 'command:b', 'autocomplete:c']);
    expect(events).toEqual(['run autocomplete:c', 'run command:a', 'run command:b']);
  });

  it('defers, before they run, the answers queued behind a handler that blocked for 800 ms', async () => {
    const { events, job } = setup();
    await Promise.all([job('command:busy', 800), job('command:busy', 800), job('command:busy', 800), job('command:quick', 1)]);
    // The first runs inline (nothing was known of it); once it is measured, the rest would be late.
    expect(events).toEqual(['run command:busy', 'defer command:busy', 'defer command:busy', 'defer command:quick', 'run command:busy', 'run command:busy', 'run command:quick']);
  });

  it('defers at once a handler known to block past the budget, and never an autocomplete', async () => {
    const { events, job } = setup();
    await job('command:busy', 1600);
    events.length = 0;
    await Promise.all([job('command:busy', 1600), job('autocomplete:x', 1, { urgent: true, deferrable: false })]);
    expect(events).toEqual(['defer command:busy', 'run autocomplete:x', 'run command:busy']);
  });

  it('counts the time a request waited before it was seen', async () => {
    const { events, job, advance, now } = setup();
    const arrivedAt = now();
    advance(1400); // held up elsewhere: 100 ms of budget left, more than a quick handler needs
    await job('command:quick', 1, { arrivedAt });
    advance(1600);
    await job('command:quick', 1, { arrivedAt: now() - 1600 });
    expect(events).toEqual(['run command:quick', 'defer command:quick', 'run command:quick']);
  });

  it("dates a request seen just after a blocking handler from that handler's start", async () => {
    const { queue, job, now } = setup();
    const start = now();
    await job('command:busy', 800);
    expect(queue.arrivedAt()).toBe(start);
  });

  it('starts no long handler while a first response is still on its way', async () => {
    const { queue, events, job } = setup();
    await job('command:slow', 60); // now known to block for 60 ms
    events.length = 0;
    let sent!: () => void;
    queue.hold(new Promise<void>((r) => (sent = r)));
    const answered = job('command:slow', 60);
    await new Promise((r) => setTimeout(r, 20));
    expect(events).toEqual([]);
    sent();
    expect(await answered).toBe('command:slow');
    expect(events).toEqual(['run command:slow']);
  });

  it('lets a cheap handler run while replies are on their way (throughput under steady load)', async () => {
    const { queue, events, job } = setup();
    queue.hold(new Promise<void>(() => undefined), 10_000);
    expect(await job('command:quick', 1)).toBe('command:quick');
    expect(events).toEqual(['run command:quick']);
  });
});
