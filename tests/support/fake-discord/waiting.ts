// Awaiting what the bot sends: each record is handed to one waiter, in order of arrival, and a
// wait that times out says what did arrive.
import type { FakeState } from './state.ts';
import type { FakeDiscord, FakeRecord, IdentifyRecord } from './types.ts';

export type Waiting = Pick<FakeDiscord, 'waitForReady' | 'next'>;

export function createWaiting(state: FakeState): Waiting {
  const { records, consumed, waiters } = state;
  return {
    waitForReady(timeoutMs = 10_000) {
      if (state.lastReady && state.current?.socket) return Promise.resolve(state.lastReady);
      return withTimeout(new Promise<IdentifyRecord>((resolve) => state.readyWaiters.push(resolve)), timeoutMs, 'READY (no client identified)');
    },

    next(kind, match, timeoutMs = 10_000) {
      type R = Extract<FakeRecord, { kind: typeof kind }>;
      const find = (): R | undefined => records.find((r): r is R => r.kind === kind && !consumed.has(r.seq) && (match === undefined || match(r as R)));
      let check: () => void = () => undefined;
      const found = new Promise<R>((resolve) => {
        check = (): void => {
          const r = find();
          if (r === undefined) return;
          consumed.add(r.seq);
          waiters.delete(check);
          resolve(r);
        };
        waiters.add(check);
        check();
      });
      const describe = (): string =>
        `records so far: ${records
          .filter((r) => r.kind !== 'heartbeat')
          .map((r) => `${r.kind}${'type' in r ? ` ${String(r.type)}` : ''}${'method' in r ? ` ${r.method}` : ''} ${r.status}`)
          .join(', ')}`;
      // A waiter that timed out must not consume a record that arrives later.
      return withTimeout(found, timeoutMs, `a ${kind} record`, describe).finally(() => waiters.delete(check));
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string, detail?: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`fake discord: timed out after ${ms} ms waiting for ${what}${detail ? `; ${detail()}` : ''}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
