// The alias table: canonical speakers and every name the corpus or the user's alias file gives them.
// The file format (corpus/aliases.yml):
//
//   - name: Vladimir Putin              # canonical display name; the id is its slug (vladimir-putin)
//     kind: person                      # person (default) or group
//     aliases: [Putin, President Putin, the Kremlin leader]
//     roles:                            # titles that mean this person only while they held the office;
//       - { title: THE PRESIDENT, from: 2021-01-20, to: 2025-01-20 }   # used for transcript labels
//
// Names compare case-insensitively and without dots or titles ("MS. PSAKI" finds "Psaki").
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { Warning } from '../types.ts';
import { nameKey, slug, stripTitles } from './names.ts';

export interface Role {
  /** Normalised title ("the president"). */
  readonly title: string;
  /** Inclusive ISO date bounds; missing means open. */
  readonly from?: string;
  readonly to?: string;
}

export interface AliasEntry {
  readonly id: string;
  readonly name: string;
  readonly kind: 'person' | 'group';
  readonly aliases: readonly string[];
  readonly roles: readonly Role[];
}

export interface AliasTable {
  readonly entries: readonly AliasEntry[];
  /** Normalised name or alias → entry. */
  readonly byKey: ReadonlyMap<string, AliasEntry>;
}

export const EMPTY_ALIASES: AliasTable = { entries: [], byKey: new Map() };

const isoDate = z
  .union([z.string(), z.date()])
  .transform((v) => (typeof v === 'string' ? v : v.toISOString().slice(0, 10)))
  .pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date like 2021-01-20'));

const entrySchema = z.object({
  name: z.string().trim().min(1),
  kind: z.enum(['person', 'group']).default('person'),
  aliases: z.array(z.string().trim().min(1)).default([]),
  roles: z.array(z.object({ title: z.string().trim().min(1), from: isoDate.optional(), to: isoDate.optional() })).default([]),
});

export type AliasInput = z.input<typeof entrySchema>;

/**
 * Parses an alias file. Bad entries are skipped with a warning naming the entry; the rest still load.
 * `source` names the file in warnings.
 */
export function parseAliasFile(text: string, source: string): { table: AliasTable; warnings: Warning[] } {
  const warnings: Warning[] = [];
  let doc: unknown;
  try {
    doc = parseYaml(text, { logLevel: 'error' });
  } catch (err) {
    return { table: EMPTY_ALIASES, warnings: [{ file: source, reason: `aliases: not valid YAML (${(err as Error).message.split('\n')[0]})` }] };
  }
  if (doc == null) return { table: EMPTY_ALIASES, warnings };
  if (!Array.isArray(doc)) {
    return { table: EMPTY_ALIASES, warnings: [{ file: source, reason: 'aliases: expected a list of entries (- name: …)' }] };
  }
  const entries: AliasEntry[] = [];
  doc.forEach((raw: unknown, i) => {
    const parsed = entrySchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      warnings.push({ file: source, reason: `aliases: entry ${i + 1} skipped: ${issue?.path.join('.') || 'entry'}: ${issue?.message ?? 'invalid'}` });
      return;
    }
    entries.push(toEntry(parsed.data));
  });
  const built = buildAliasTable(entries);
  return { table: built.table, warnings: [...warnings, ...built.conflicts.map((reason) => ({ file: source, reason }))] };
}

function toEntry(e: z.output<typeof entrySchema>): AliasEntry {
  return {
    id: slug(e.name),
    name: e.name,
    kind: e.kind,
    aliases: e.aliases,
    roles: e.roles.map((r) => ({ title: nameKey(r.title), ...(r.from ? { from: r.from } : {}), ...(r.to ? { to: r.to } : {}) })),
  };
}

/** Builds the lookup; entries with the same id merge, an alias claimed by two speakers is dropped from the second. */
export function buildAliasTable(input: readonly AliasEntry[]): { table: AliasTable; conflicts: string[] } {
  const conflicts: string[] = [];
  const merged = new Map<string, AliasEntry>();
  for (const e of input) {
    const prev = merged.get(e.id);
    merged.set(e.id, prev ? { ...prev, aliases: [...new Set([...prev.aliases, ...e.aliases])], roles: [...prev.roles, ...e.roles] } : e);
  }
  const byKey = new Map<string, AliasEntry>();
  for (const e of merged.values()) {
    for (const alias of [e.name, ...e.aliases]) {
      const key = nameKey(alias);
      const owner = byKey.get(key);
      if (owner && owner.id !== e.id) {
        conflicts.push(`aliases: "${alias}" names both ${owner.name} and ${e.name}; kept for ${owner.name}`);
        continue;
      }
      byKey.set(key, e);
    }
  }
  return { table: { entries: [...merged.values()], byKey }, conflicts };
}

/** Combines tables; earlier tables win on conflicting aliases (pass the user's file first). */
export function mergeAliasTables(...tables: readonly AliasTable[]): AliasTable {
  return buildAliasTable(tables.flatMap((t) => t.entries)).table;
}

/** The entry a name or alias denotes: as written, then without its titles ("President Putin" → "putin"). */
export function lookupAlias(table: AliasTable, name: string): AliasEntry | undefined {
  const key = nameKey(name);
  return table.byKey.get(key) ?? table.byKey.get(stripTitles(key));
}

/**
 * The entries with a role of each title, in table order, by table: a transcript asks for every
 * speaker label, and scanning every entry (thousands once aliases are learned from whitehouse-all)
 * was about a third of its quotes' extraction.
 */
const withRole = new WeakMap<AliasTable, Map<string, AliasEntry[]>>();

function entriesWithRole(table: AliasTable): Map<string, AliasEntry[]> {
  let by = withRole.get(table);
  if (!by) {
    by = new Map();
    for (const e of table.entries)
      for (const r of e.roles) {
        const list = by.get(r.title);
        if (!list) by.set(r.title, [e]);
        else if (list[list.length - 1] !== e) list.push(e);
      }
    withRole.set(table, by);
  }
  return by;
}

/** Who held `title` ("THE PRESIDENT") on `date` (ISO), per the table's roles: the first such entry in table order. */
export function holderOf(table: AliasTable, title: string, date: string): AliasEntry | undefined {
  const key = nameKey(title);
  const day = date.slice(0, 10);
  return entriesWithRole(table)
    .get(key)
    ?.find((e) => e.roles.some((r) => r.title === key && (!r.from || r.from <= day) && (!r.to || day < r.to)));
}
