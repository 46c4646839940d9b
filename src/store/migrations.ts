// The database schema as an ordered list of steps. `PRAGMA user_version` records how many have
// been applied. A released step is never edited: a change to the schema is a new step at the end.

export interface Migration {
  /** 1-based; equal to its position in MIGRATIONS. */
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'guild settings',
    // One JSON document per server: fields added later take their defaults when read, without
    // a migration. A server with no row uses the defaults.
    sql: `
      CREATE TABLE guild_settings (
        guild_id   TEXT PRIMARY KEY,
        settings   TEXT NOT NULL CHECK (json_valid(settings)),
        updated_at INTEGER NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 2,
    name: 'settings history',
    sql: `
      CREATE TABLE settings_history (
        id       INTEGER PRIMARY KEY AUTOINCREMENT,
        guild_id TEXT NOT NULL,
        user_id  TEXT NOT NULL,
        at       INTEGER NOT NULL,
        change   TEXT NOT NULL CHECK (json_valid(change)),
        summary  TEXT NOT NULL
      ) STRICT;
      CREATE INDEX settings_history_by_guild ON settings_history (guild_id, id);
    `,
  },
  {
    version: 3,
    name: 'cooldowns',
    // Shared by every process on the machine, so HTTP replicas agree on who is cooling down.
    sql: `
      CREATE TABLE cooldowns (
        guild_id TEXT NOT NULL,
        user_id  TEXT NOT NULL,
        command  TEXT NOT NULL,
        last_ms  INTEGER NOT NULL,
        PRIMARY KEY (guild_id, user_id, command)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX cooldowns_by_time ON cooldowns (last_ms);
    `,
  },
];

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;
