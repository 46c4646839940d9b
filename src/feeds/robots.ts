// robots.txt for the item pages the poller fetches (feeds themselves are what the site offers to
// be polled). Parsed by robots-parser; kept a day per site. As RFC 9309 says: a robots.txt that
// is missing (4xx) allows everything; one that cannot be read (5xx, network) allows nothing for now.
import robotsModule from 'robots-parser';
import type { GetResult } from '../net/http-get.ts';

interface Robot {
  isDisallowed(url: string, ua?: string): boolean | undefined;
}
type Parse = (url: string, text: string) => Robot;
// A CommonJS module whose types declare an ES default export: take whichever the loader gave.
const robotsParser: Parse = ((robotsModule as unknown as { default?: Parse }).default ?? robotsModule) as unknown as Parse;
const DAY_MS = 86_400_000;
export const ROBOTS_AGENT = 'Attache';

export class RobotsCache {
  private readonly byOrigin = new Map<string, { robot: Robot | 'allow' | 'deny'; until: number; why?: string }>();

  constructor(
    private readonly get: (url: string) => Promise<GetResult>,
    private readonly now: () => number,
  ) {}

  /** Undefined when `address` may be fetched, else why not. */
  async refusal(address: string): Promise<string | undefined> {
    const url = new URL(address);
    const origin = url.origin;
    let entry = this.byOrigin.get(origin);
    if (entry === undefined || entry.until <= this.now()) {
      const robotsUrl = `${origin}/robots.txt`;
      const res = await this.get(robotsUrl);
      if (!res.ok) entry = { robot: 'deny', until: this.now() + 3_600_000, why: `its robots.txt could not be read (${res.reason})` };
      else if (res.status >= 500) entry = { robot: 'deny', until: this.now() + 3_600_000, why: `its robots.txt could not be read (HTTP ${res.status})` };
      else if (res.status >= 400) entry = { robot: 'allow', until: this.now() + DAY_MS };
      else entry = { robot: robotsParser(robotsUrl, res.body.toString('utf8')), until: this.now() + DAY_MS };
      this.byOrigin.set(origin, entry);
    }
    if (entry.robot === 'allow') return undefined;
    if (entry.robot === 'deny') return `not fetched: ${entry.why ?? 'robots.txt'}`;
    return entry.robot.isDisallowed(url.href, ROBOTS_AGENT) === true ? `not fetched: ${origin}/robots.txt disallows it` : undefined;
  }
}
