// The daily digest's clock: a local time ("08:00") in a server's IANA time zone, turned into the
// instant it next or last happened. Pure: the time is a parameter, time zones come from Intl (the
// tz database Node ships), so a change to or from summer time moves the instant, not the wall time.

/** Minutes in a day: a digest time is 0 (00:00) to 1439 (23:59). */
export const DAY_MINUTES = 24 * 60;
const DAY_MS = 86_400_000;

/** "08:00", "8:00", "20:30" → minutes after midnight; undefined for anything else. */
export function parseDigestTime(text: string | undefined): number | undefined {
  const m = /^\s*([01]?\d|2[0-3])[:.h]([0-5]\d)\s*$/i.exec(text ?? '');
  if (m === null) return undefined;
  return Number(m[1]) * 60 + Number(m[2]);
}

/** 480 → "08:00". */
export function formatDigestTime(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(zone, f);
  }
  return f;
}

/** The IANA name as Intl spells it ("europe/paris" → "Europe/Paris"), or undefined when it is not a time zone. */
export function canonicalTimeZone(name: string | undefined): string | undefined {
  const n = (name ?? '').trim();
  if (n === '' || n.length > 64) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: n }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** Every IANA zone this Node knows, and UTC (for autocomplete). */
export function timeZoneNames(): readonly string[] {
  const names = Intl.supportedValuesOf('timeZone');
  return names.includes('UTC') ? names : ['UTC', ...names];
}

interface Local {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly minute: number;
}

function localOf(ms: number, zone: string): Local & { readonly offsetMs: number } {
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const y = parts['year'] ?? 1970;
  const mo = parts['month'] ?? 1;
  const d = parts['day'] ?? 1;
  const h = parts['hour'] ?? 0;
  const mi = parts['minute'] ?? 0;
  const s = parts['second'] ?? 0;
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  return { year: y, month: mo, day: d, minute: h * 60 + mi, offsetMs: wall - Math.floor(ms / 1000) * 1000 };
}

/** "2026-03-29": a local date as the digest's key. */
export function dayKey(l: Pick<Local, 'year' | 'month' | 'day'>): string {
  return `${String(l.year).padStart(4, '0')}-${String(l.month).padStart(2, '0')}-${String(l.day).padStart(2, '0')}`;
}

/**
 * The instant a local wall time happens in `zone`. A time the clocks skip (02:30 on the night
 * summer time starts) is taken as the clocks read it after the jump (03:30); a time that happens
 * twice (the night it ends) is its first occurrence. (Temporal's "compatible" rule.)
 */
export function zonedInstant(date: Pick<Local, 'year' | 'month' | 'day'>, minute: number, zone: string): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day, Math.floor(minute / 60), minute % 60);
  // Real zones change offset at most once in two days: the offsets a day either side cover it.
  const before = localOf(wall - DAY_MS, zone).offsetMs;
  const after = localOf(wall + DAY_MS, zone).offsetMs;
  const hits = [wall - before, wall - after].filter((t) => {
    const l = localOf(t, zone);
    return l.year === date.year && l.month === date.month && l.day === date.day && l.minute === minute;
  });
  if (hits.length > 0) return Math.min(...hits);
  return wall - before;
}

/** The latest time the digest was due at or before `nowMs`: its local date (the digest's key) and instant. */
export function lastDigestAt(nowMs: number, zone: string, minute: number): { readonly day: string; readonly atMs: number } {
  const today = localOf(nowMs, zone);
  const at = zonedInstant(today, minute, zone);
  if (at <= nowMs) return { day: dayKey(today), atMs: at };
  const y = new Date(Date.UTC(today.year, today.month - 1, today.day) - DAY_MS);
  const yesterday = { year: y.getUTCFullYear(), month: y.getUTCMonth() + 1, day: y.getUTCDate() };
  return { day: dayKey(yesterday), atMs: zonedInstant(yesterday, minute, zone) };
}

/** The next time the digest is due after `nowMs`. */
export function nextDigestAt(nowMs: number, zone: string, minute: number): number {
  const today = localOf(nowMs, zone);
  const at = zonedInstant(today, minute, zone);
  if (at > nowMs) return at;
  const t = new Date(Date.UTC(today.year, today.month - 1, today.day) + DAY_MS);
  return zonedInstant({ year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() }, minute, zone);
}
