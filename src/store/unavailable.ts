// What a store does when its server is slow or down: every call is bounded, and a call that does
// not answer in time, or cannot reach its server, rejects with StoreUnavailableError. The callers
// choose the policy (cooldowns fail open, settings writes fail closed); nothing here retries.

/** The store's server did not answer in time or could not be reached; `what` names the call. */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
  constructor(
    readonly what: string,
    message: string,
    options?: { cause: unknown },
  ) {
    super(message, options);
  }
}

/**
 * How long one store call may take. Both doors defer an answer still waiting after 2 s, so a
 * store that hangs costs a deferral at worst, and this bounds how long the answer then waits.
 */
export const STORE_CALL_TIMEOUT_MS = 1000;

/** `work`, or StoreUnavailableError once `ms` have passed or when it fails with a connection error. */
export function bounded<T>(what: string, ms: number, work: () => Promise<T>, isUnavailable: (err: unknown) => boolean = () => true): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StoreUnavailableError(what, `${what} did not answer within ${ms} ms`)), ms);
  });
  const run = Promise.resolve()
    .then(work)
    .catch((err: unknown) => {
      if (err instanceof StoreUnavailableError || !isUnavailable(err)) throw err;
      throw new StoreUnavailableError(what, `${what} failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    });
  return Promise.race([run, timeout]).finally(() => clearTimeout(timer));
}
