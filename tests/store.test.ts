import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../src/core/policy.ts';
import { SqliteCooldownStore } from '../src/store/cooldowns.ts';
import { APPLICATION_ID, databaseFile, DatabaseFileError, openDatabase, type Db } from '../src/store/db.ts';
import { SCHEMA_VERSION } from '../src/store/migrations.ts';
import { SqliteSettingsStore } from '../src/store/settings.ts';
import { StartupError } from '../src/startup-error.ts';

let dir: string;
let file: string;
const open: Db[] = [];

function openDb(f = file): Db {
  const db = openDatabase(f);
  open.push(db);
  return db;
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-store-'));
  file = databaseFile(dir);
});
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const mod = (at: number) => ({ userId: 'mod-1', at });

// The behaviour every backend shares is in store-suite.test.ts; what is SQLite's own is here.
describe('SettingsStore on SQLite', () => {
  it('stores nothing when the transaction fails half-way, after the settings were written', async () => {
    const db = openDb();
    const store = new SqliteSettingsStore(db);
    await store.update('g1', { kind: 'cooldown', seconds: 10 }, mod(1));
    // Make the history insert (the last step) fail, from inside SQLite.
    db.exec(`CREATE TRIGGER fail_history BEFORE INSERT ON settings_history BEGIN SELECT RAISE(ABORT, 'disk says no'); END`);
    await expect(store.update('g1', { kind: 'cooldown', seconds: 99 }, mod(2))).rejects.toThrow('disk says no');
    await expect(store.reset('g1', mod(3))).rejects.toThrow('disk says no');
    db.exec('DROP TRIGGER fail_history');
    expect((await store.get('g1')).cooldownSeconds).toBe(10);
    expect((await store.history('g1', 10)).map((h) => h.summary)).toEqual(['cooldown 10s']);
  });

  it('refuses stored settings it cannot read instead of falling back to the defaults', async () => {
    const db = openDb();
    const store = new SqliteSettingsStore(db);
    db.prepare(`INSERT INTO guild_settings (guild_id, settings, updated_at) VALUES ('g1', '{"allowedChannels": 5}', 0)`).run();
    await expect(store.get('g1')).rejects.toThrow(/the stored settings of server g1 in .*attache\.sqlite are invalid/);
    await expect(store.update('g1', { kind: 'cooldown', seconds: 5 }, mod(1))).rejects.toThrow(/are invalid/);
    // A moderator can still get out of it with a reset.
    expect(await store.reset('g1', mod(2))).toEqual(DEFAULT_SETTINGS);
    expect(await store.get('g1')).toEqual(DEFAULT_SETTINGS);
  });

  it('fills fields missing from an older stored document with the defaults', async () => {
    const db = openDb();
    db.prepare(`INSERT INTO guild_settings (guild_id, settings, updated_at) VALUES ('g1', '{"visibility": "private"}', 0)`).run();
    expect(await new SqliteSettingsStore(db).get('g1')).toEqual({ ...DEFAULT_SETTINGS, visibility: 'private' });
  });
});

describe('CooldownStore on SQLite', () => {
  it('is shared by two connections to the same file (two processes on one machine)', async () => {
    const a = new SqliteCooldownStore(openDb());
    const b = new SqliteCooldownStore(openDb());
    expect(await a.hit('g1', 'u1', 'ask', 10_000, 3)).toEqual({ ok: true });
    expect(await b.hit('g1', 'u1', 'ask', 11_000, 3)).toEqual({ ok: false, retryAt: 13_000 });
  });

  it('prunes old uses', async () => {
    const cd = new SqliteCooldownStore(openDb());
    await cd.hit('g1', 'u1', 'ask', 1000, 3);
    await cd.hit('g1', 'u2', 'ask', 9000, 3);
    expect(cd.prune(5000)).toBe(1);
    expect(await cd.hit('g1', 'u1', 'ask', 1001, 3)).toEqual({ ok: true });
  });
});

describe('openDatabase', () => {
  it('creates a WAL database with the current schema, FULL sync and a busy timeout', () => {
    const db = openDb(path.join(dir, 'nested', 'data', 'attache.sqlite'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
  });

  it('upgrades a version-1 database in place, keeping its settings', async () => {
    // The schema exactly as version 1 wrote it (a released migration is never edited).
    const v1 = new Database(file);
    v1.exec(`
      CREATE TABLE guild_settings (
        guild_id   TEXT PRIMARY KEY,
        settings   TEXT NOT NULL CHECK (json_valid(settings)),
        updated_at INTEGER NOT NULL
      ) STRICT;
      PRAGMA application_id = ${APPLICATION_ID};
      PRAGMA user_version = 1;
    `);
    v1.prepare(`INSERT INTO guild_settings VALUES ('g1', '{"channelMode":"allowlist","allowedChannels":["7"],"deniedChannels":[],"visibility":"private","cooldownSeconds":3}', 1)`).run();
    v1.close();

    const applied: number[] = [];
    const db = openDatabase(file, { onMigrate: (m) => applied.push(m.version) });
    open.push(db);
    expect(applied).toEqual([2, 3, 4, 5, 6, 7]);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const store = new SqliteSettingsStore(db);
    expect(await store.get('g1')).toEqual({ ...DEFAULT_SETTINGS, channelMode: 'allowlist', allowedChannels: ['7'], visibility: 'private' });
    await store.update('g1', { kind: 'allowChannel', channelId: '8' }, mod(2));
    expect((await store.history('g1', 5)).map((h) => h.summary)).toEqual(['channels allow <#8>']);
    expect(await new SqliteCooldownStore(db).hit('g1', 'u', 'ask', 0, 3)).toEqual({ ok: true });
  });

  it('refuses a database from a newer version and leaves it untouched', () => {
    const newer = new Database(file);
    newer.exec(`PRAGMA application_id = ${APPLICATION_ID}; PRAGMA user_version = ${SCHEMA_VERSION + 4}; CREATE TABLE future (x)`);
    newer.close();
    const before = fs.readFileSync(file);
    expect(() => openDatabase(file)).toThrow(`${file} was written by a newer version of Attaché (schema ${SCHEMA_VERSION + 4}, this version knows ${SCHEMA_VERSION}); refusing to open it`);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a file that is not a SQLite database, naming it, and leaves it untouched', () => {
    const garbage = crypto.randomBytes(8192);
    fs.writeFileSync(file, garbage);
    let error: unknown;
    try {
      openDatabase(file);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DatabaseFileError);
    expect((error as Error).message).toMatch(`${file} is not a SQLite database`);
    expect((error as DatabaseFileError).file).toBe(file);
    expect(fs.readFileSync(file).equals(garbage)).toBe(true);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });

  it('refuses a directory where the file should be, naming it', () => {
    fs.mkdirSync(file);
    expect(() => openDatabase(file)).toThrow(`cannot open the database ${file}: it is not a regular file`);
  });

  it('refuses a data folder it cannot create, naming the file', () => {
    const blocker = path.join(dir, 'not-a-folder');
    fs.writeFileSync(blocker, 'x');
    const inside = path.join(blocker, 'attache.sqlite');
    expect(() => openDatabase(inside)).toThrow(`cannot create the folder for the database ${inside}`);
  });

  it("refuses another program's SQLite database", () => {
    const other = new Database(file);
    other.exec('CREATE TABLE users (id INTEGER PRIMARY KEY)');
    other.close();
    expect(() => openDatabase(file)).toThrow(`${file} is a SQLite database but not Attaché's`);
    const tagged = path.join(dir, 'tagged.sqlite');
    const t = new Database(tagged);
    t.exec('PRAGMA application_id = 42');
    t.close();
    expect(() => openDatabase(tagged)).toThrow(`${tagged} is a SQLite database of another application (application_id 42)`);
  });

  it('refuses a damaged database, naming it', async () => {
    const db = openDb();
    const store = new SqliteSettingsStore(db);
    for (let i = 0; i < 300; i++) await store.update(`g${i}`, { kind: 'blockOutlet', outlet: `outlet number ${i} `.repeat(4) }, mod(i));
    db.close();
    // Overwrite the middle of the file (table pages) but keep the header intact.
    const bytes = fs.readFileSync(file);
    expect(bytes.length).toBeGreaterThan(16384);
    crypto.randomBytes(8192).copy(bytes, 8192);
    fs.writeFileSync(file, bytes);
    expect(() => openDatabase(file)).toThrow(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is (damaged|a damaged SQLite database)`));
  });

  // Each refusal is a StartupError: the entry point prints its message on one line, no stack trace.
  function refusal(f: string): StartupError {
    try {
      open.push(openDatabase(f));
    } catch (err) {
      expect(err).toBeInstanceOf(StartupError);
      expect(err).toBeInstanceOf(DatabaseFileError);
      return err as StartupError;
    }
    throw new Error(`${f} was opened`);
  }

  it('refuses a zero-byte file (a crash during a copy, a bad restore) instead of starting afresh', () => {
    fs.writeFileSync(file, '');
    expect(refusal(file).message).toBe(
      `${file} is empty (0 bytes): it is not a database Attaché wrote, perhaps a copy or restore that failed; refusing to start without its settings. Restore it from a backup, or delete it to start with default settings.`,
    );
    expect(fs.statSync(file).size).toBe(0);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });

  it('creates a new database whole: never a zero-byte file another process could find half-made', () => {
    openDb().close();
    expect(fs.statSync(file).size).toBeGreaterThan(0);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // And a second start finds it, settings and all.
    expect(openDb().pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
  });

  it('gives every refusal as a StartupError with a message that names the file and what to do', () => {
    fs.writeFileSync(file, crypto.randomBytes(8192));
    expect(refusal(file).message).toMatch(`${file} is not a SQLite database`);

    const other = path.join(dir, 'other.sqlite');
    const o = new Database(other);
    o.exec('CREATE TABLE users (id INTEGER PRIMARY KEY)');
    o.close();
    expect(refusal(other).message).toMatch(`${other} is a SQLite database but not Attaché's`);

    const newer = path.join(dir, 'newer.sqlite');
    const n = new Database(newer);
    n.exec(`PRAGMA application_id = ${APPLICATION_ID}; PRAGMA user_version = ${SCHEMA_VERSION + 1}; CREATE TABLE future (x)`);
    n.close();
    expect(refusal(newer).message).toMatch('was written by a newer version of Attaché');

    const folder = path.join(dir, 'folder.sqlite');
    fs.mkdirSync(folder);
    expect(refusal(folder).message).toBe(`cannot open the database ${folder}: it is not a regular file (a directory?). Move it aside or set DATA_DIR to another directory.`);

    const blocker = path.join(dir, 'blocker');
    fs.writeFileSync(blocker, 'x');
    expect(refusal(path.join(blocker, 'attache.sqlite')).message).toMatch(`cannot create the folder for the database ${path.join(blocker, 'attache.sqlite')}`);
  });

  it('refuses a truncated database, naming it', async () => {
    const db = openDb();
    const store = new SqliteSettingsStore(db);
    for (let i = 0; i < 300; i++) await store.update(`g${i}`, { kind: 'blockOutlet', outlet: `outlet number ${i} `.repeat(4) }, mod(i));
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const bytes = fs.readFileSync(file);
    fs.writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect(refusal(file).message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is (damaged|a damaged SQLite database|truncated)`));
  });

  it.skipIf(!fs.existsSync('/proc/self'))('refuses a folder it cannot write to, naming the file', () => {
    // /proc refuses new files even to root, which chmod cannot show.
    const inProc = '/proc/attache.sqlite';
    expect(refusal(inProc).message).toBe(
      `cannot open the database ${inProc}: Attaché cannot create or write files in /proc (unable to open database file). Check the folder's owner and permissions, or set DATA_DIR to a folder Attaché may write.`,
    );
  });
});
