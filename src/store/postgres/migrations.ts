// The PostgreSQL schema as an ordered list of steps, like the SQLite one (../migrations.ts), kept
// apart because the two dialects differ. `attache_schema` records each step applied. A released
// step is never edited: a change to the schema is a new step at the end.
import type { Migration } from '../migrations.ts';

export const PG_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'settings, history, cooldowns, replay guard',
    sql: `
      CREATE TABLE guild_settings (
        guild_id   text PRIMARY KEY,
        settings   jsonb NOT NULL,
        updated_at bigint NOT NULL
      );
      CREATE TABLE settings_history (
        id       bigserial PRIMARY KEY,
        guild_id text NOT NULL,
        user_id  text NOT NULL,
        at       bigint NOT NULL,
        change   jsonb NOT NULL,
        summary  text NOT NULL
      );
      CREATE INDEX settings_history_by_guild ON settings_history (guild_id, id);
      CREATE TABLE cooldowns (
        guild_id text NOT NULL,
        user_id  text NOT NULL,
        command  text NOT NULL,
        last_ms  bigint NOT NULL,
        PRIMARY KEY (guild_id, user_id, command)
      );
      CREATE INDEX cooldowns_by_time ON cooldowns (last_ms);
      CREATE TABLE interaction_replay (
        key        text PRIMARY KEY,
        expires_ms bigint NOT NULL
      );
    `,
  },
];

/** The PostgreSQL schema version this code writes. */
export const PG_SCHEMA_VERSION = PG_MIGRATIONS.length;
