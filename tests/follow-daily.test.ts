// The daily digest's clock across summer-time changes: the digest stays at the local time the
// moderator chose, a skipped local time is taken after the jump, a repeated one at its first
// occurrence, and the zone names moderators type are checked with Intl.
import { describe, expect, it } from 'vitest';
import { canonicalTimeZone, formatDigestTime, lastDigestAt, nextDigestAt, parseDigestTime, zonedInstant } from '../src/core/follows/daily.ts';

const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 16);
const at = (s: string): number => Date.parse(`${s}Z`);

describe('digest times', () => {
  it('reads HH:MM and refuses the rest', () => {
    expect(parseDigestTime('08:00')).toBe(480);
    expect(parseDigestTime('8:05')).toBe(485);
    expect(parseDigestTime('23:59')).toBe(1439);
    for (const bad of ['24:00', '8', '08:60', 'noon', '', undefined, '-1:00']) expect(parseDigestTime(bad)).toBeUndefined();
    expect(formatDigestTime(485)).toBe('08:05');
  });

  it('knows IANA zone names, in any case, and nothing else', () => {
    expect(canonicalTimeZone('europe/paris')).toBe('Europe/Paris');
    expect(canonicalTimeZone('UTC')).toBe('UTC');
    expect(canonicalTimeZone('Mars/Olympus')).toBeUndefined();
    expect(canonicalTimeZone('')).toBeUndefined();
  });
});

describe('the digest across a change to and from summer time (Europe/Paris, 2026)', () => {
  const zone = 'Europe/Paris';
  const eight = 8 * 60;

  it('is at 08:00 local before and after the spring change, 23 hours apart across it', () => {
    // Clocks go from 02:00 to 03:00 on Sunday 29 March 2026: CET (UTC+1) to CEST (UTC+2).
    expect(iso(nextDigestAt(at('2026-03-28T00:00'), zone, eight))).toBe('2026-03-28T07:00');
    const sunday = nextDigestAt(at('2026-03-28T07:00'), zone, eight);
    expect(iso(sunday)).toBe('2026-03-29T06:00');
    expect(sunday - at('2026-03-28T07:00')).toBe(23 * 3600_000);
    expect(iso(nextDigestAt(sunday, zone, eight))).toBe('2026-03-30T06:00');
  });

  it('is 25 hours apart across the autumn change', () => {
    // Clocks go from 03:00 back to 02:00 on Sunday 25 October 2026.
    const saturday = nextDigestAt(at('2026-10-24T00:00'), zone, eight);
    expect(iso(saturday)).toBe('2026-10-24T06:00');
    const sunday = nextDigestAt(saturday, zone, eight);
    expect(iso(sunday)).toBe('2026-10-25T07:00');
    expect(sunday - saturday).toBe(25 * 3600_000);
  });

  it('takes a skipped time after the jump and a repeated time at its first occurrence', () => {
    expect(iso(zonedInstant({ year: 2026, month: 3, day: 29 }, 2 * 60 + 30, zone))).toBe('2026-03-29T01:30'); // 03:30 CEST
    expect(iso(zonedInstant({ year: 2026, month: 10, day: 25 }, 2 * 60 + 30, zone))).toBe('2026-10-25T00:30'); // 02:30 CEST, not CET
    // A digest at 02:30 still happens once on each of those days.
    const spring = nextDigestAt(at('2026-03-28T00:00'), zone, 150);
    expect(iso(spring)).toBe('2026-03-28T01:30');
    expect(iso(nextDigestAt(spring, zone, 150))).toBe('2026-03-29T01:30');
    const autumn = nextDigestAt(at('2026-10-25T00:30'), zone, 150);
    expect(iso(autumn)).toBe('2026-10-26T01:30');
  });

  it('names the local day of the last digest due, which is yesterday before the time', () => {
    expect(lastDigestAt(at('2026-03-29T05:59'), zone, eight)).toEqual({ day: '2026-03-28', atMs: at('2026-03-28T07:00') });
    expect(lastDigestAt(at('2026-03-29T06:00'), zone, eight)).toEqual({ day: '2026-03-29', atMs: at('2026-03-29T06:00') });
    // Past midnight UTC but not yet 23:00 local in New York, the day summer time ended there.
    expect(lastDigestAt(at('2026-11-02T03:00'), 'America/New_York', 23 * 60)).toEqual({ day: '2026-10-31', atMs: at('2026-11-01T03:00') });
    expect(lastDigestAt(at('2026-11-02T04:00'), 'America/New_York', 23 * 60)).toEqual({ day: '2026-11-01', atMs: at('2026-11-02T04:00') });
  });
});
