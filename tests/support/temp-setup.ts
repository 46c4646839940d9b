// Vitest global setup: every test's temporary files under one folder of this run, removed when the
// run ends. Many tests make folders in os.tmpdir() (corpora, data folders, caches of hundreds of
// MB) and not all of them remove theirs, nor can a spawned bot that is killed; without this, each
// run left attache-* folders in /tmp. TMPDIR is read by os.tmpdir() at each call and inherited by
// the test workers and every process they spawn.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Vitest runs a global setup once per project (the three tiers), all in its main process: the
// first makes the folder, the last teardown removes it.
const shared = globalThis as { attacheRunTmp?: { dir: string; users: number; before: string | undefined } };

export default function setup(): () => void {
  if (shared.attacheRunTmp === undefined) {
    const before = process.env['TMPDIR'];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-test-run-'));
    process.env['TMPDIR'] = dir;
    shared.attacheRunTmp = { dir, users: 0, before };
  }
  const run = shared.attacheRunTmp;
  run.users++;
  return () => {
    if (--run.users > 0) return;
    if (run.before === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = run.before;
    try {
      // A killed bot's child may still be writing: a few tries, and a leftover is said, not a failed run.
      fs.rmSync(run.dir, { recursive: true, force: true, maxRetries: 3 });
    } catch (err) {
      console.warn(`could not remove the run's temporary folder ${run.dir}: ${err instanceof Error ? err.message : String(err)}`);
    }
    delete shared.attacheRunTmp;
  };
}
