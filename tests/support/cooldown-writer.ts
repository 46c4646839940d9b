// A separate process that stamps cooldowns through the bot's SQLite cooldown store, for the crash
// test. Run: node --import tsx tests/support/cooldown-writer.ts <file> <first> <count>
// Use n is user `u<n>` running /ask at time n; "ack n" is printed only once the store let it through.
import { openDatabase } from '../../src/store/db.ts';
import { sqliteCooldownStore } from '../../src/store/store-thread.ts';

const [file, firstArg, countArg] = process.argv.slice(2);
if (file === undefined || firstArg === undefined || countArg === undefined) {
  process.stderr.write('usage: cooldown-writer.ts <file> <first> <count>\n');
  process.exit(2);
}
const first = Number(firstArg);
const count = Number(countArg);

openDatabase(file).close();
const store = sqliteCooldownStore(file);
for (let n = first; n < first + count; n++) {
  const hit = await store.hit('g1', `u${n}`, 'ask', n, 3600);
  if (!hit.ok) throw new Error(`use ${n} was refused`);
  // Writes to a pipe are synchronous on Linux: once the parent reads this line, the store answered.
  process.stdout.write(`ack ${n}\n`);
}
await store.close();
