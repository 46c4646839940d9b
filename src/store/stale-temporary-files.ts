// Cache and log writes go to `<file>.<pid>.tmp`, renamed into place when whole. A process killed
// mid-write (a SIGKILL during the fold on closing) leaves that file behind, as large as the cache
// (hundreds of MB to GB), and nothing else would ever remove it: opening removes the ones whose
// writer is gone.
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../log.ts';

/** `index-<key>.v8.<pid>.tmp` and `changes-<key>.jsonl.<pid>.tmp`: the writer's process id. */
const TMP = /^(?:index-.+\.v8|changes-.+\.jsonl)\.(\d+)\.tmp$/;

/** Where this process writes `file` before renaming it into place (the name `TMP` reads back). */
export function temporaryFile(file: string): string {
  return `${file}.${process.pid}.tmp`;
}

/** Whether process `pid` exists (EPERM: it does, under another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Removes the temporary cache and log files in `dataDir` left by writers that are gone: a process
 * that no longer runs, or one that had this process's id before it started (in a container the
 * bot gets the same id on every start, so a file named for it predates it). Returns their names.
 */
export function removeStaleTemporaryFiles(dataDir: string, log: Logger): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dataDir);
  } catch {
    return [];
  }
  // One second of slack for file systems that keep times coarsely.
  const startedAt = Date.now() - process.uptime() * 1000 - 1000;
  const removed: string[] = [];
  for (const name of names) {
    const pid = Number(TMP.exec(name)?.[1] ?? Number.NaN);
    if (!Number.isSafeInteger(pid) || pid <= 0) continue;
    const file = path.join(dataDir, name);
    try {
      const { size, mtimeMs } = fs.statSync(file);
      const stale = pid === process.pid ? mtimeMs < startedAt : !alive(pid);
      if (!stale) continue;
      fs.rmSync(file, { force: true });
      removed.push(name);
      log.info({ file, bytes: size, pid }, `removed ${name}, a temporary file left by a process that is gone`);
    } catch (err) {
      log.warn({ file, err: err instanceof Error ? err.message : String(err) }, `could not remove the stale temporary file ${name}`);
    }
  }
  return removed;
}
