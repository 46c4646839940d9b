// Formatting shared by every renderer (Discord messages and console text): dates as people
// write them and the noun for what a command pages through.

/** The plural noun for what a command pages through ("27 events"). */
export function itemNoun(command: string, count: number): string {
  const noun = command === 'timeline' ? 'event' : command === 'quote' ? 'quote' : 'result';
  return count === 1 ? noun : `${noun}s`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * "2025-02-13" or "2025-02-13T10:00:00-05:00" -> "13 Feb 2025"; "2017-12" -> "Dec 2017". The date
 * part is used as the source wrote it (no time-zone shift); anything else is returned unchanged.
 */
export function formatDate(iso: string): string {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:$|T)/.exec(iso);
  if (m === null) return iso;
  const [, year, month, day] = m;
  const name = month === undefined ? undefined : MONTHS[Number(month) - 1];
  if (month !== undefined && name === undefined) return iso;
  if (name === undefined) return year ?? iso;
  return day === undefined ? `${name} ${year}` : `${Number(day)} ${name} ${year}`;
}
