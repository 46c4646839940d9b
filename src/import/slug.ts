// File names of imported articles: `<published day>-<slug of the title>.md`.

/** Words that carry no meaning in a file name. */
const STOP = new Set(
  'a an the of and or but to in on for at by with from as is are was were be been how what why who whom when where which do does did we you they he she it its this that these those about between after over into than then will would can could has have had not no'.split(
    ' ',
  ),
);

const MAX_WORDS = 6;
const MAX_CHARS = 60;

export function slugify(title: string): string {
  const words = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    // "U.S." and "Putin's" are one word each.
    .replace(/(?<=\b[a-z])\.(?=[a-z]\.)|(?<=\b[a-z]\.[a-z])\./g, '')
    .replace(/['’]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
  const kept = words.filter((w) => !STOP.has(w));
  const chosen = (kept.length > 0 ? kept : words).slice(0, MAX_WORDS);
  let slug = chosen.join('-');
  if (slug.length > MAX_CHARS) slug = slug.slice(0, MAX_CHARS).replace(/-[^-]*$/, '');
  return slug || 'article';
}

export function articleFileName(published: string, title: string, suffix = ''): string {
  return `${published.slice(0, 10)}-${slugify(title)}${suffix}.md`;
}
