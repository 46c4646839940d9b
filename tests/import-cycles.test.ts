// The import graph: no cycles in src and commands (type-only imports count too: a type edge still
// ties two modules together), and the pure core imports nothing from the layers above it. Read from the source text, so a
// cycle is reported with its path, e.g. "ask.ts → corpus.ts → timeline-answer.ts → ask.ts".
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const core = path.join(root, 'src', 'core');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

// `import … from 'x'`, `import type … from 'x'`, `export … from 'x'`, `import 'x'`, `import('x')`.
const SPECIFIER = /\b(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gs;

/** The project files a file imports (packages left out). */
function importsOf(file: string, text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(SPECIFIER)) {
    const spec = m[1] ?? m[2];
    if (spec === undefined || !spec.startsWith('.')) continue;
    out.push(path.resolve(path.dirname(file), spec));
  }
  return out;
}

/** Every cycle's path (one per strongly connected component of more than one file, or a self-import). */
function cyclesOf(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  // Tarjan's strongly connected components, then one concrete cycle through each.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) components.push(component);
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return components.map((component) => {
    // Shortest way back to the first file, inside its component.
    const members = new Set(component);
    const start = [...component].sort()[0] as string;
    const previous = new Map<string, string>();
    const queue = [start];
    for (let i = 0; i < queue.length; i++) {
      const v = queue[i] as string;
      for (const w of graph.get(v) ?? []) {
        if (w === start) {
          const cycle = [start];
          for (let x: string | undefined = v; x !== undefined && x !== start; x = previous.get(x)) cycle.splice(1, 0, x);
          return [...cycle, start];
        }
        if (members.has(w) && !previous.has(w)) {
          previous.set(w, v);
          queue.push(w);
        }
      }
    }
    return [start, start];
  });
}

const graphOf = (files: readonly string[]): Map<string, string[]> => new Map(files.map((f) => [f, importsOf(f, readFileSync(f, 'utf8'))]));
const coreGraph = graphOf(sourceFiles(core));
const name = (f: string): string => path.relative(core, f);

describe('the import graph', () => {
  it('of the core has no cycle, counting type-only imports', () => {
    const cycles = cyclesOf(coreGraph).map((c) => c.map(name).join(' → '));
    expect(cycles).toEqual([]);
  });

  it('of src and commands has no cycle either', () => {
    const graph = graphOf([...sourceFiles(path.join(root, 'src')), ...sourceFiles(path.join(root, 'commands'))]);
    const cycles = cyclesOf(graph).map((c) => c.map((f) => path.relative(root, f)).join(' → '));
    expect(cycles).toEqual([]);
  });

  it('of the core reaches nothing above it (app, render, store, commands)', () => {
    const outside = [...coreGraph].flatMap(([f, deps]) => deps.filter((d) => !d.startsWith(core + path.sep)).map((d) => `${name(f)} → ${path.relative(root, d)}`));
    expect(outside).toEqual([]);
  });

  it('sees a cycle when there is one (the check itself)', () => {
    const g = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', []],
    ]);
    expect(cyclesOf(g)).toEqual([['a', 'b', 'c', 'a']]);
    expect(importsOf('/x/y.ts', "import type { T } from './t.ts';\nexport {\n  u,\n} from '../u.ts';\nimport 'pkg';")).toEqual(['/x/t.ts', '/u.ts']);
  });
});
