// Dates as people read them: "13 Feb 2025". Calendar dates are handled as text, never through the
// local time zone, so 2018-07-19 never shows as 18 Jul.
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2025-02-13" or "2025-02-13T10:00:00-05:00" -> "13 Feb 2025"; "2016" -> "2016"; "2017-12" -> "Dec 2017". */
export function dayLabel(iso: string): string {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(iso);
  if (!m) return iso;
  const [, y, mo, d] = m;
  if (mo === undefined) return y as string;
  const month = MONTHS[Number(mo) - 1] ?? mo;
  return d === undefined ? `${month} ${y}` : `${Number(d)} ${month} ${y}`;
}
