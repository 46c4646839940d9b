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
  // Feed state (issue 16): the SQLite `feeds` step in PostgreSQL's dialect, so every replica and
  // `attache feeds …` share one feed list and poll state; the lease holder changing keeps it.
  {
    version: 2,
    name: 'feeds and the items seen in them',
    sql: `
      CREATE TABLE feeds (
        url           text PRIMARY KEY,
        outlet        text,
        into_dir      text,
        interval_s    integer NOT NULL,
        language      text,
        tags          jsonb NOT NULL DEFAULT '[]',
        origin        text NOT NULL CHECK (origin IN ('cli', 'file', 'opml')),
        added_ms      bigint NOT NULL,
        etag          text,
        last_modified text,
        body_hash     text,
        last_poll_ms  bigint,
        outcome       text,
        next_poll_ms  bigint NOT NULL DEFAULT 0,
        failures      integer NOT NULL DEFAULT 0,
        status        text NOT NULL DEFAULT 'ok' CHECK (status IN ('ok', 'failing', 'disabled')),
        reason        text,
        polls         integer NOT NULL DEFAULT 0,
        imported      integer NOT NULL DEFAULT 0
      );
      CREATE INDEX feeds_by_next_poll ON feeds (status, next_poll_ms);
      CREATE TABLE feed_items (
        feed_url      text NOT NULL,
        identity      text NOT NULL,
        content_hash  text NOT NULL,
        status        text NOT NULL CHECK (status IN ('imported', 'updated', 'skipped', 'failed')),
        file          text,
        reason        text,
        attempts      integer NOT NULL DEFAULT 1,
        announce      boolean NOT NULL,
        first_seen_ms bigint NOT NULL,
        changed_ms    bigint NOT NULL,
        PRIMARY KEY (feed_url, identity)
      );
      CREATE INDEX feed_items_by_change ON feed_items (changed_ms);
    `,
  },
];

/** The PostgreSQL schema version this code writes. */
export const PG_SCHEMA_VERSION = PG_MIGRATIONS.length;
