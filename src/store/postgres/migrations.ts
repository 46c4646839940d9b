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
  {
    version: 2,
    name: 'follows',
    // As SQLite's step 5 (../migrations.ts): follows, the articles waiting to be matched, and one
    // delivery per (follow, story) with the articles of the story.
    sql: `
      CREATE TABLE follows (
        id                bigserial PRIMARY KEY,
        guild_id          text NOT NULL,
        channel_id        text NOT NULL,
        topic             text NOT NULL,
        source            text,
        paused            integer NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
        created_by        text NOT NULL,
        created_ms        bigint NOT NULL,
        window_start_ms   bigint NOT NULL DEFAULT 0,
        window_considered integer NOT NULL DEFAULT 0,
        window_matched    integer NOT NULL DEFAULT 0
      );
      CREATE INDEX follows_by_guild ON follows (guild_id, id);
      CREATE TABLE follow_inbox (
        article_id text PRIMARY KEY,
        arrived_ms bigint NOT NULL
      );
      CREATE TABLE follow_deliveries (
        follow_id        bigint NOT NULL,
        story_key        text NOT NULL,
        kind             text NOT NULL CHECK (kind IN ('post', 'digest', 'digested')),
        status           text NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'unknown', 'digested')),
        data             text NOT NULL,
        attempts         integer NOT NULL DEFAULT 0,
        first_attempt_ms bigint,
        attempt_ms       bigint,
        next_ms          bigint,
        last_error       text,
        message_id       text,
        created_ms       bigint NOT NULL,
        sent_ms          bigint,
        PRIMARY KEY (follow_id, story_key)
      );
      CREATE INDEX follow_deliveries_due ON follow_deliveries (status, next_ms);
      CREATE TABLE follow_articles (
        follow_id  bigint NOT NULL,
        article_id text NOT NULL,
        story_key  text NOT NULL,
        PRIMARY KEY (follow_id, article_id)
      );
    `,
  },
  // Feed state (issue 16): the SQLite `feeds` step in PostgreSQL's dialect, so every replica and
  // `attache feeds …` share one feed list and poll state; the lease holder changing keeps it.
  {
    version: 3,
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
  {
    version: 4,
    name: 'daily digests of follows',
    // As SQLite's step 6: a follow's daily digest time, and which digest lists a story.
    sql: `
      ALTER TABLE follows ADD COLUMN digest_minute integer CHECK (digest_minute BETWEEN 0 AND 1439);
      ALTER TABLE follow_deliveries ADD COLUMN digest_key text;
      UPDATE follow_deliveries SET digest_key = 'hourly' WHERE kind = 'digested';
      CREATE INDEX follow_deliveries_for_daily ON follow_deliveries (follow_id) WHERE kind = 'digested' AND digest_key IS NULL;
    `,
  },
  {
    version: 5,
    name: 'feed items written but not yet recorded',
    // As SQLite's step 7: a new item about to be written and announced, until its poll is recorded.
    sql: `
      CREATE TABLE feed_pending (
        feed_url   text NOT NULL,
        identity   text NOT NULL,
        file       text NOT NULL,
        written_ms bigint NOT NULL,
        PRIMARY KEY (feed_url, identity)
      );
    `,
  },
];

/** The PostgreSQL schema version this code writes. */
export const PG_SCHEMA_VERSION = PG_MIGRATIONS.length;
