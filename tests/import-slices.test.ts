// The feed poller's import in slices: the same outcomes as the one-block import (composed, the
// batch's duplicates and same-named articles caught, failures kept per input), with a turn offered
// to the event loop between inputs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Draft } from '../src/import/draft.ts';
import { importExtracted, importExtractedInSlices, type Prepared } from '../src/import/run.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
const folder = (): string => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-slices-'));
  dirs.push(d);
  return path.join(d, 'corpus');
};

const body = (topic: string): string[] => [1, 2, 3].map((n) => `Paragraph ${n} on ${topic}: the delegations met in the harbour city and compared their drafts line by line, as promised.`);
const draft = (title: string, topic: string, extra: Partial<Draft> = {}): Draft => ({ title, published: '2026-11-30T09:00:00Z', outlet: 'Harbour Times', paragraphs: body(topic), ...extra });
const PREPARED: Prepared[] = [
  { input: 'https://news.example/a/1', extracted: { ok: true, draft: draft('Talks resume', 'fishing quotas', { url: 'https://news.example/a/1' }) } },
  { input: 'https://news.example/a/2', extracted: { ok: false, reason: 'the page could not be read' } },
  { input: 'https://wire.example/a/1', extracted: { ok: true, draft: draft('Talks resume', 'fishing quotas', { url: 'https://wire.example/a/1' }) } },
  { input: 'https://news.example/a/3', extracted: { ok: true, draft: draft('Talks resume', 'the herring accord', { url: 'https://news.example/a/3' }) } },
  { input: 'https://news.example/a/4', extracted: { ok: true, draft: draft('Ferry line reopens', 'the ferry line', { url: 'https://news.example/a/4' }) } },
];

describe('importExtractedInSlices', () => {
  it('gives the outcomes of importExtracted, stepping between inputs', async () => {
    const into = folder();
    const inOneBlock = importExtracted(PREPARED, { into, dryRun: true });
    let steps = 0;
    const sliced = await importExtractedInSlices(PREPARED, { into, dryRun: true }, async () => {
      steps++;
    });
    expect(sliced).toEqual(inOneBlock);
    expect(steps).toBe(PREPARED.length);
    // What is compared: three written (one renamed -2), one failed, one duplicate of the batch.
    expect(sliced.map((o) => o.status)).toEqual(['imported', 'failed', 'skipped', 'imported', 'imported']);
    expect(sliced[3]?.file).toMatch(/-2\.md$/);
  });

  it('writes the same files', async () => {
    const a = folder();
    const b = folder();
    importExtracted(PREPARED, { into: a });
    await importExtractedInSlices(PREPARED, { into: b }, () => new Promise((resolve) => setImmediate(resolve)));
    const files = (dir: string) => fs.readdirSync(dir).sort();
    expect(files(b)).toEqual(files(a));
    expect(files(b)).toHaveLength(3);
    for (const f of files(a)) expect(fs.readFileSync(path.join(b, f), 'utf8')).toBe(fs.readFileSync(path.join(a, f), 'utf8'));
  });
});
