// Real processes against a real file: a settings or cooldown writer killed with SIGKILL
// mid-stream, and two writers (two shards) changing the same server at the same time.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { databaseFile, openDatabase } from '../src/store/db.ts';
import { SqliteCooldownStore } from '../src/store/cooldowns.ts';
import { SqliteSettingsStore } from '../src/store/settings.ts';
import { REPO } from './support/paths.ts';

const writer = `${REPO}tests/support/settings-writer.ts`;
const cooldownWriter = `${REPO}tests/support/cooldown-writer.ts`;

let dir: string;
let file: string;
const children: ChildProcess[] = [];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-proc-'));
  file = databaseFile(dir);
});
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
});

function startWriter(args: string[], script = writer): { child: ChildProcess; lines: AsyncIterableIterator<string>; exit: Promise<number | NodeJS.Signals> } {
  const child = spawn(process.execPath, ['--import', 'tsx', script, file, ...args], { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<number | NodeJS.Signals>((resolve) => {
    child.on('exit', (code, signal) => {
      if (code !== 0 && signal === null) process.stderr.write(`${path.basename(script)} failed (${code}):\n${stderr}\n`);
      resolve(signal ?? code ?? -1);
    });
  });
  const lines = readline.createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  return { child, lines, exit };
}

async function nextLine(lines: AsyncIterableIterator<string>): Promise<string> {
  const r = await lines.next();
  if (r.done === true) throw new Error('the writer ended without printing the expected line');
  return r.value;
}

/** The numbers of the first `count` "ack N" lines the writer prints (each one committed before it was printed). */
async function readAcks(lines: AsyncIterableIterator<string>, count: number): Promise<number[]> {
  const acked: number[] = [];
  while (acked.length < count) {
    const line = await nextLine(lines);
    const m = /^ack (\d+)$/.exec(line);
    expect(m, `unexpected line from the writer: ${line}`).not.toBeNull();
    acked.push(Number(m?.[1]));
  }
  return acked;
}

it('keeps every acknowledged change when the writer is killed with SIGKILL mid-stream', async () => {
  // Each round kills a writer after a different number of acks; 8 servers keep each one's list short.
  const rounds = [
    { first: 100_000, killAfter: 25 },
    { first: 200_000, killAfter: 90 },
    { first: 300_000, killAfter: 160 },
  ];
  for (const { first, killAfter } of rounds) {
    const { child, lines, exit } = startWriter([String(first), '3000', '--guilds', '8']);
    const acked = await readAcks(lines, killAfter);
    child.kill('SIGKILL');
    expect(await exit).toBe('SIGKILL');
    // The last commits are still in the write-ahead log: reopening must recover them from it.
    expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(0);

    const db = openDatabase(file);
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const store = new SqliteSettingsStore(db);
      for (const n of acked) expect((await store.get(`g${n % 8}`)).allowedChannels).toContain(String(n));
      const histories = await Promise.all(Array.from({ length: 8 }, (_, g) => store.history(`g${g}`, 10_000)));
      const recorded = new Set(histories.flat().map((h) => (h.change.kind === 'allowChannel' ? Number(h.change.channelId) : -1)));
      for (const n of acked) expect(recorded.has(n)).toBe(true);
      // Settings and history were written together: no change is in one and not the other.
      for (let g = 0; g < 8; g++) {
        const fromRound = (await store.get(`g${g}`)).allowedChannels.filter((id) => Number(id) >= first && Number(id) < first + 3000);
        expect(fromRound.every((id) => recorded.has(Number(id)))).toBe(true);
      }
    } finally {
      db.close();
    }
  }
});

it('keeps every cooldown the store let through when the bot is killed with SIGKILL (they commit without fsync)', async () => {
  const { child, lines, exit } = startWriter(['1000', '100000'], cooldownWriter);
  const acked = await readAcks(lines, 60);
  child.kill('SIGKILL');
  expect(await exit).toBe('SIGKILL');

  const db = openDatabase(file);
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const cooldowns = new SqliteCooldownStore(db);
    // Each member let through is still cooling down: a second use a second later is refused.
    for (const n of acked) expect(await cooldowns.hit('g1', `u${n}`, 'ask', n + 1000, 3600)).toEqual({ ok: false, retryAt: n + 3_600_000 });
    expect(await cooldowns.hit('g1', 'u-new', 'ask', 1000, 3600)).toEqual({ ok: true });
  } finally {
    db.close();
  }
});

it('loses nothing when two processes change the same server at the same time', async () => {
  const a = startWriter(['1000', '200', '--wait', '--pause-ms', '1']);
  const b = startWriter(['2000', '200', '--wait', '--pause-ms', '1']);
  expect(await nextLine(a.lines)).toBe('ready');
  expect(await nextLine(b.lines)).toBe('ready');
  a.child.stdin?.write('go\n');
  b.child.stdin?.write('go\n');
  // Drain stdout so neither writer blocks on a full pipe.
  const drain = async (lines: AsyncIterableIterator<string>): Promise<void> => {
    for await (const _ of { [Symbol.asyncIterator]: () => lines });
  };
  await Promise.all([drain(a.lines), drain(b.lines)]);
  expect(await a.exit).toBe(0);
  expect(await b.exit).toBe(0);

  const db = openDatabase(file);
  try {
    const store = new SqliteSettingsStore(db);
    const channels = (await store.get('g0')).allowedChannels;
    expect(channels).toHaveLength(400);
    const expected = [...Array.from({ length: 200 }, (_, i) => String(1000 + i)), ...Array.from({ length: 200 }, (_, i) => String(2000 + i))];
    expect([...channels].sort()).toEqual(expected.sort());
    const history = await store.history('g0', 1000);
    expect(history).toHaveLength(400);
    // The writers really ran side by side: their changes alternate in the history many times.
    let switches = 0;
    for (let i = 1; i < history.length; i++) if (history[i]?.userId !== history[i - 1]?.userId) switches++;
    expect(switches).toBeGreaterThan(20);
  } finally {
    db.close();
  }
});
