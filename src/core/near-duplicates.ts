// Near-identical passages (the same wire copy in two outlets) are shown once, with the other
// citations attached. Similarity is the Jaccard index of word 4-shingles: cheap, and robust to
// small edits such as a changed headline word or a different dateline.

function shingles(text: string): Set<string> {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const out = new Set<string>();
  if (words.length < 4) out.add(words.join(' '));
  for (let i = 0; i + 4 <= words.length; i++) out.add(words.slice(i, i + 4).join(' '));
  return out;
}

export function similarity(a: string, b: string): number {
  const sa = shingles(a);
  const sb = shingles(b);
  let inter = 0;
  for (const s of sa) if (sb.has(s)) inter++;
  const union = sa.size + sb.size - inter;
  return union === 0 ? 1 : inter / union;
}

/**
 * Groups items whose texts are near-identical (similarity ≥ threshold), keeping the order of the
 * first member of each group. Meant for a page of results, not a whole corpus (quadratic).
 */
export function groupNearDuplicates<T>(items: readonly T[], textOf: (t: T) => string, threshold = 0.7): T[][] {
  const groups: { head: Set<string>; members: T[] }[] = [];
  for (const item of items) {
    const sh = shingles(textOf(item));
    const home = groups.find((g) => {
      let inter = 0;
      for (const s of sh) if (g.head.has(s)) inter++;
      const union = sh.size + g.head.size - inter;
      return union > 0 && inter / union >= threshold;
    });
    if (home) home.members.push(item);
    else groups.push({ head: sh, members: [item] });
  }
  return groups.map((g) => g.members);
}
