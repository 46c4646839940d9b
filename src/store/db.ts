// Opens Attaché's SQLite database: checks that the file is ours and not from a newer version,
// then brings the schema up to date. Any doubt about the file stops startup with a message that
// names it; nothing here ever recreates or overwrites a file it could not read.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { StartupError } from '../startup-error.ts';
import { MIGRATIONS, SCHEMA_VERSION, type Migration } from './migrations.ts';

export type Db = Database.Database;

export const DATABASE_FILE_NAME = 'attache.sqlite';
/** Written into the file header ('ATTC') so another program's database is recognised and refused. */
export const APPLICATION_ID = 0x41545443;

export interface OpenOptions {
  /** How long a writer waits for another process's transaction before giving up (default 5 s). */
  readonly busyTimeoutMs?: number;
  /** Called for each migration applied, so the caller can log the upgrade. */
  readonly onMigrate?: (migration: Migration) => void;
}

/** The database could not be used; `file` is the absolute path. The message is the whole story. */
export class DatabaseFileError extends StartupError {
  override readonly name = 'DatabaseFileError';
  constructor(
    readonly file: string,
    message: string,
    options?: { cause: unknown },
  ) {
    super(message, options);
  }
}

/** Where the database lives inside DATA_DIR. */
export function databaseFile(dataDir: string): string {
  return path.join(dataDir, DATABASE_FILE_NAME);
}

/**
 * Opens (creating if absent) the database at `file`, in WAL mode so several processes share it,
 * with `synchronous = FULL`: every commit is fsynced, so a change the bot acknowledged survives
 * a killed process and a power cut alike. Each such commit holds its thread for the fsync: 0.1 ms
 * typically, 2–40 ms at the 99th percentile and up to 110 ms on a shared, busy disk (2026-12-01,
 * load 7–9 on 2 cores). So the bot only reads through this connection on its event loop: settings
 * changes are made on a connection like it in a worker thread (`sqliteSettingsStore`), cooldown
 * stamps on one without fsync in another (`sqliteCooldownStore`); at the 99th percentile a stamp
 * then held the event loop 0.06 ms and a change 0.2–3.7 ms (the latter at load 9).
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const where = path.resolve(file);
  const stat = statOrUndefined(where);
  if (stat !== undefined && !stat.isFile()) {
    throw new DatabaseFileError(where, `cannot open the database ${where}: it is not a regular file (a directory?). Move it aside or set DATA_DIR to another directory.`);
  }
  // SQLite takes an empty file for a new database; Attaché never leaves one (see createWhole), so
  // an empty file is a copy or restore that failed, and starting afresh would drop every setting.
  if (stat !== undefined && stat.size === 0) {
    throw new DatabaseFileError(
      where,
      `${where} is empty (0 bytes): it is not a database Attaché wrote, perhaps a copy or restore that failed; refusing to start without its settings. Restore it from a backup, or delete it to start with default settings.`,
    );
  }
  try {
    fs.mkdirSync(path.dirname(where), { recursive: true });
  } catch (err) {
    throw new DatabaseFileError(where, `cannot create the folder for the database ${where}: ${messageOf(err)}`, { cause: err });
  }
  if (stat === undefined) createWhole(where, options);
  let db: Db;
  try {
    db = new Database(where, { timeout: options.busyTimeoutMs ?? 5000 });
  } catch (err) {
    throw describeError(where, err);
  }
  try {
    checkFile(db, where);
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') {
      throw new DatabaseFileError(where, `cannot put the database ${where} in WAL mode (got "${String(mode)}"); it must be on a local file system.`);
    }
    db.pragma('synchronous = FULL');
    migrate(db, where, options.onMigrate);
    return db;
  } catch (err) {
    db.close();
    throw err instanceof DatabaseFileError ? err : describeError(where, err);
  }
}

/**
 * Makes a new database under a temporary name, with its schema, and links it into place only
 * when complete: the file at `where` is never empty, and when two processes start at once, one
 * link wins and the other opens the winner's file.
 */
function createWhole(where: string, options: OpenOptions): void {
  const tmp = `${where}.${process.pid}.tmp`;
  const leftovers = [tmp, `${tmp}-journal`];
  try {
    // A leftover of a crash under the same pid is half-made: start from nothing.
    for (const f of leftovers) fs.rmSync(f, { force: true });
    const db = new Database(tmp);
    try {
      migrate(db, where, options.onMigrate);
    } finally {
      db.close();
    }
    fs.linkSync(tmp, where);
  } catch (err) {
    if ((err as { code?: unknown }).code !== 'EEXIST') throw describeError(where, err);
  } finally {
    for (const f of leftovers) fs.rmSync(f, { force: true });
  }
}

/** Refuses a file that is another program's, from a newer version, or damaged, before writing anything. */
function checkFile(db: Db, file: string): void {
  // The first read of the header: this is where a file that is not a database fails.
  const appId = Number(db.pragma('application_id', { simple: true }));
  const version = Number(db.pragma('user_version', { simple: true }));
  if (appId !== 0 && appId !== APPLICATION_ID) {
    throw new DatabaseFileError(file, `${file} is a SQLite database of another application (application_id ${appId}); refusing to open it. Set DATA_DIR to another directory.`);
  }
  refuseNewer(file, version);
  if (version === 0) {
    const tables = db.prepare(`SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'`).get() as { n: number };
    if (tables.n > 0) {
      throw new DatabaseFileError(file, `${file} is a SQLite database but not Attaché's (it has tables and no schema version); refusing to open it. Set DATA_DIR to another directory.`);
    }
  }
  const check = db.pragma('quick_check', { simple: true });
  if (check !== 'ok') {
    const first = String(check).split('\n').slice(0, 3).join('; ');
    throw new DatabaseFileError(file, `${file} is damaged (quick_check: ${first}); refusing to open it. Restore it from a backup or move it aside.`);
  }
}

function refuseNewer(file: string, version: number): void {
  if (version > SCHEMA_VERSION) {
    throw new DatabaseFileError(
      file,
      `${file} was written by a newer version of Attaché (schema ${version}, this version knows ${SCHEMA_VERSION}); refusing to open it. Run the newer version, or set DATA_DIR to another directory.`,
    );
  }
}

/**
 * Applies the pending migrations in one immediate transaction: an upgrade happens entirely or not
 * at all, and a second process starting at the same moment waits, then finds nothing left to do.
 */
function migrate(db: Db, file: string, onMigrate: ((m: Migration) => void) | undefined): void {
  const applied = db
    .transaction(() => {
      const version = Number(db.pragma('user_version', { simple: true }));
      refuseNewer(file, version);
      const pending = MIGRATIONS.slice(version);
      for (const m of pending) db.exec(m.sql);
      if (version === 0) db.pragma(`application_id = ${APPLICATION_ID}`);
      if (pending.length > 0) db.pragma(`user_version = ${SCHEMA_VERSION}`);
      return pending;
    })
    .immediate();
  for (const m of applied) onMigrate?.(m);
}

function describeError(file: string, err: unknown): DatabaseFileError {
  const code = (err as { code?: unknown } | null)?.code;
  const detail = messageOf(err);
  switch (code) {
    case 'SQLITE_NOTADB':
      return new DatabaseFileError(file, `${file} is not a SQLite database (${detail}); refusing to open it rather than overwrite it. Move it aside or set DATA_DIR to another directory.`, {
        cause: err,
      });
    case 'SQLITE_CORRUPT':
      return new DatabaseFileError(file, `${file} is a damaged SQLite database (${detail}); refusing to open it. Restore it from a backup or move it aside.`, { cause: err });
    case 'SQLITE_CANTOPEN':
    case 'SQLITE_READONLY':
    case 'SQLITE_READONLY_DIRECTORY':
    case 'SQLITE_READONLY_CANTINIT':
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new DatabaseFileError(
        file,
        `cannot open the database ${file}: Attaché cannot create or write files in ${path.dirname(file)} (${detail}). Check the folder's owner and permissions, or set DATA_DIR to a folder Attaché may write.`,
        { cause: err },
      );
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return new DatabaseFileError(file, `the database ${file} stayed locked by another process (${detail}).`, { cause: err });
    default:
      return new DatabaseFileError(file, `cannot open the database ${file}: ${detail}. Check that Attaché may read and write it and its folder.`, { cause: err });
  }
}

function statOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
