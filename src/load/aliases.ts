// Reads the optional alias file (`aliases.yml`) of each corpus folder. Parsing and validation are the
// core's (core/quotes/aliases.ts); a missing file is normal, a bad one a warning.
import path from 'node:path';
import type { Warning } from '../core/types.ts';
import { readSmallText } from './read-file.ts';
import { EMPTY_ALIASES, mergeAliasTables, parseAliasFile, type AliasTable } from '../core/quotes/aliases.ts';

export const ALIAS_FILE = 'aliases.yml';

/** The merged alias table of `dirs` (earlier folders win on a conflicting alias), with warnings, and the files' text (for cache keys). */
export function loadAliasesSync(dirs: readonly string[]): { table: AliasTable; warnings: Warning[]; text: string } {
  let all = '';
  const tables: AliasTable[] = [];
  const warnings: Warning[] = [];
  for (const dir of dirs) {
    const file = path.join(dir, ALIAS_FILE);
    let text: string;
    try {
      const read = readSmallText(file);
      if (read === undefined) continue;
      text = read;
    } catch (err) {
      warnings.push({ file, reason: `aliases: cannot read (${(err as Error).message})` });
      continue;
    }
    all += text;
    const parsed = parseAliasFile(text, file);
    tables.push(parsed.table);
    warnings.push(...parsed.warnings);
  }
  return { table: tables.length ? mergeAliasTables(...tables) : EMPTY_ALIASES, warnings, text: all };
}

/** The alias files' text as `loadAliasesSync` returns it, without parsing (for the cache key of each update). */
export function aliasesText(dirs: readonly string[]): string {
  let all = '';
  for (const dir of dirs) {
    try {
      all += readSmallText(path.join(dir, ALIAS_FILE)) ?? '';
    } catch {
      // Unreadable: loadAliasesSync warns and leaves it out of the text too.
    }
  }
  return all;
}

export async function loadAliases(dirs: readonly string[]): Promise<{ table: AliasTable; warnings: Warning[] }> {
  const { table, warnings } = loadAliasesSync(dirs);
  return { table, warnings };
}
