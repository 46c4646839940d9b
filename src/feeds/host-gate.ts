// One request in flight per host: feeds and item pages on the same site wait their turn, so a
// site with many feeds is never hit in parallel by this process.
export class HostGate {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(address: string, fn: () => Promise<T>): Promise<T> {
    let host: string;
    try {
      host = new URL(address).host.toLowerCase();
    } catch {
      return fn();
    }
    const before = this.tails.get(host) ?? Promise.resolve();
    const mine = before.then(fn, fn);
    const tail = mine.catch(() => undefined);
    this.tails.set(host, tail);
    void tail.then(() => {
      if (this.tails.get(host) === tail) this.tails.delete(host);
    });
    return mine;
  }
}
