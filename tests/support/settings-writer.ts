// A separate process that changes settings through the real store, for the crash and concurrency
// tests. Run: node --import tsx tests/support/settings-writer.ts <file> <first> <count> [--wait] [--guilds N]
// Change n allows channel n in server `g<n mod N>` (N = 1 by default), as user `writer-<pid>`,
// and "ack n" is printed only after its transaction committed. With --wait it prints "ready"
// once the database is open and starts on a line on stdin, so two writers start together.
// --pause-ms lets the event loop run between changes, as a bot does between commands; without it
// one writer tends to hold the lock back to back while the other sleeps in SQLite's busy handler.
import { setTimeout as sleep } from 'node:timers/promises';
import { openDatabase } from '../../src/store/db.ts';
import { sqliteSettingsStore } from '../../src/store/store-thread.ts';

const [file, firstArg, countArg, ...flags] = process.argv.slice(2);
if (file === undefined || firstArg === undefined || countArg === undefined) {
  process.stderr.write('usage: settings-writer.ts <file> <first> <count> [--wait] [--guilds N] [--pause-ms N]\n');
  process.exit(2);
}
const first = Number(firstArg);
const count = Number(countArg);
const guildsFlag = flags.indexOf('--guilds');
const guilds = guildsFlag >= 0 ? Number(flags[guildsFlag + 1]) : 1;
const pauseFlag = flags.indexOf('--pause-ms');
const pauseMs = pauseFlag >= 0 ? Number(flags[pauseFlag + 1]) : 0;

const db = openDatabase(file);
// As the bot does: each change committed and fsynced in the store's worker thread.
const store = sqliteSettingsStore(db);
const userId = `writer-${process.pid}`;

async function run(): Promise<void> {
  for (let n = first; n < first + count; n++) {
    if (pauseMs > 0 && n > first) await sleep(pauseMs);
    await store.update(`g${n % guilds}`, { kind: 'allowChannel', channelId: String(n) }, { userId, at: Date.now() });
    // Writes to a pipe are synchronous on Linux: once the parent reads this line, it was committed.
    process.stdout.write(`ack ${n}\n`);
  }
  await store.close();
  db.close();
}

if (flags.includes('--wait')) {
  process.stdout.write('ready\n');
  process.stdin.once('data', () => {
    process.stdin.destroy();
    void run();
  });
} else {
  void run();
}
