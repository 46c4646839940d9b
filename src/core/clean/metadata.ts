// Stages that move what a stamp or credit says into metadata and take it out of the text.
import type { Stage } from './stage.ts';

const MONTHS: Record<string, string> = {
  jan: '01',
  feb: '02',
  mar: '03',
  apr: '04',
  may: '05',
  jun: '06',
  jul: '07',
  aug: '08',
  sep: '09',
  oct: '10',
  nov: '11',
  dec: '12',
};

/** `date 2025-02-13 Donald Trump and…` at the start of the article: the publication date. */
export const datelinePrefix: Stage = {
  name: 'dateline-prefix',
  apply: (s) => {
    const [first, ...rest] = s.paragraphs;
    const m = first === undefined ? null : /^date:?\s+(\d{4}-\d{2}-\d{2})\b\s*/i.exec(first);
    if (!m || first === undefined) return s;
    const remainder = first.slice(m[0].length);
    return {
      paragraphs: remainder ? [remainder, ...rest] : rest,
      meta: { ...s.meta, published: s.meta.published ?? (m[1] as string) },
    };
  },
};

/** `Updated 12:50, 19-Jul-2018`: the update time, as a paragraph of its own. */
const UPDATED = /^updated:?\s+(\d{1,2}):(\d{2}),?\s+(\d{1,2})[- ]([A-Za-z]{3})[a-z]*[- ,]+(\d{4})$/i;
export const updateStamp: Stage = {
  name: 'update-stamp',
  apply: (s) => {
    let updated = s.meta.updated;
    const paragraphs = s.paragraphs.filter((p) => {
      const m = UPDATED.exec(p.trim());
      const month = m ? MONTHS[(m[4] ?? '').toLowerCase()] : undefined;
      if (!m || !month) return true;
      const [, hh, mm, dd, , yyyy] = m;
      updated ??= `${yyyy}-${month}-${(dd ?? '').padStart(2, '0')}T${(hh ?? '').padStart(2, '0')}:${mm}`;
      return false;
    });
    return { paragraphs, meta: updated === undefined ? s.meta : { ...s.meta, updated } };
  },
};

/** `(Reporting by Mark Trevelyan; Editing by Sharon Singleton)`: reporters and writers become authors. */
const CREDIT = /^\(((?:(?:additional )?reporting|writing|editing|compiled|translated|additional reporting)(?: by)? [^()]+)\)$/i;
export const reportingCredit: Stage = {
  name: 'reporting-credit',
  apply: (s) => {
    let found: { authors: string[]; credit: string } | undefined;
    const paragraphs = s.paragraphs.filter((p) => {
      const m = CREDIT.exec(p.trim());
      if (!m) return true;
      const credit = m[1] as string;
      const authors: string[] = [];
      for (const part of credit.split(/;\s*/)) {
        const pm = /^(?:additional )?(reporting|writing) by (.+)$/i.exec(part.trim());
        if (pm)
          authors.push(
            ...(pm[2] as string)
              .split(/,\s*|\s+and\s+/)
              .map((a) => a.trim())
              .filter(Boolean),
          );
      }
      found ??= { authors, credit };
      return false;
    });
    if (!found) return s;
    const meta = { ...s.meta, credit: found.credit, ...(found.authors.length > 0 && { authors: found.authors }) };
    return { paragraphs, meta };
  },
};
