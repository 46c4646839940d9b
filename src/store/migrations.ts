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
  {
    version: 4,
    name: 'feeds',
    // Feeds the poller follows, with what it needs to poll politely (validators exactly as the
    // server sent them, the body's hash, when next), and every item seen, by its identity in the
    // feed, with the corpus file it became. Self-contained: touches no earlier table.
    sql: `
      CREATE TABLE feeds (
        url              TEXT PRIMARY KEY,
        outlet           TEXT,
        into_dir         TEXT,
        interval_s       INTEGER NOT NULL,
        language         TEXT,
        tags             TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags)),
        origin           TEXT NOT NULL CHECK (origin IN ('cli', 'file', 'opml')),
        added_ms         INTEGER NOT NULL,
        etag             TEXT,
        last_modified    TEXT,
        body_hash        TEXT,
        last_poll_ms     INTEGER,
        outcome          TEXT,
        next_poll_ms     INTEGER NOT NULL DEFAULT 0,
        failures         INTEGER NOT NULL DEFAULT 0,
        status           TEXT NOT NULL DEFAULT 'ok' CHECK (status IN ('ok', 'failing', 'disabled')),
        reason           TEXT,
        polls            INTEGER NOT NULL DEFAULT 0,
        imported         INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE INDEX feeds_by_next_poll ON feeds (status, next_poll_ms);
      CREATE TABLE feed_items (
        feed_url      TEXT NOT NULL,
        identity      TEXT NOT NULL,
        content_hash  TEXT NOT NULL,
        status        TEXT NOT NULL CHECK (status IN ('imported', 'updated', 'skipped', 'failed')),
        file          TEXT,
        reason        TEXT,
        attempts      INTEGER NOT NULL DEFAULT 1,
        announce      INTEGER NOT NULL CHECK (announce IN (0, 1)),
        first_seen_ms INTEGER NOT NULL,
        changed_ms    INTEGER NOT NULL,
        PRIMARY KEY (feed_url, identity)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX feed_items_by_change ON feed_items (changed_ms);
    `,
  },
  {
    version: 5,
    name: 'follows',
    // Follows (a server's topic and channel), the articles waiting to be matched against them, and
    // one delivery per (follow, story): what to post, where it is in its life, and the articles
    // that belong to the story (so a copy arriving later never becomes a second post).
    sql: `
      CREATE TABLE follows (
        id                INTEGER PRIMARY KEY AUTOINCREMENT,
        guild_id          TEXT NOT NULL,
        channel_id        TEXT NOT NULL,
        topic             TEXT NOT NULL,
        source            TEXT,
        paused            INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
        created_by        TEXT NOT NULL,
        created_ms        INTEGER NOT NULL,
        window_start_ms   INTEGER NOT NULL DEFAULT 0,
        window_considered INTEGER NOT NULL DEFAULT 0,
        window_matched    INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE INDEX follows_by_guild ON follows (guild_id, id);
      CREATE TABLE follow_inbox (
        article_id TEXT PRIMARY KEY,
        arrived_ms INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE follow_deliveries (
        follow_id        INTEGER NOT NULL,
        story_key        TEXT NOT NULL,
        kind             TEXT NOT NULL CHECK (kind IN ('post', 'digest', 'digested')),
        status           TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'unknown', 'digested')),
        data             TEXT NOT NULL CHECK (json_valid(data)),
        attempts         INTEGER NOT NULL DEFAULT 0,
        first_attempt_ms INTEGER,
        attempt_ms       INTEGER,
        next_ms          INTEGER,
        last_error       TEXT,
        message_id       TEXT,
        created_ms       INTEGER NOT NULL,
        sent_ms          INTEGER,
        PRIMARY KEY (follow_id, story_key)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX follow_deliveries_due ON follow_deliveries (status, next_ms);
      CREATE TABLE follow_articles (
        follow_id  INTEGER NOT NULL,
        article_id TEXT NOT NULL,
        story_key  TEXT NOT NULL,
        PRIMARY KEY (follow_id, article_id)
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 6,
    name: 'daily digests of follows',
    // A follow's daily digest time (minutes after local midnight in the server's time zone; NULL:
    // no digest, post each story), and which digest message lists a story: NULL while a story of
    // a daily-digest follow waits for its digest. Stories listed in an hourly digest before this
    // step are marked as listed, so no daily digest takes them.
    sql: `
      ALTER TABLE follows ADD COLUMN digest_minute INTEGER CHECK (digest_minute BETWEEN 0 AND 1439);
      ALTER TABLE follow_deliveries ADD COLUMN digest_key TEXT;
      UPDATE follow_deliveries SET digest_key = 'hourly' WHERE kind = 'digested';
      CREATE INDEX follow_deliveries_for_daily ON follow_deliveries (follow_id) WHERE kind = 'digested' AND digest_key IS NULL;
    `,
  },
  {
    version: 7,
    name: 'feed items written but not yet recorded',
    // A new item the poller is about to write and announce, recorded before its file is written and
    // removed with the poll's record: a process that dies in between leaves the row, and the next
    // start hands the file to follows (their deliveries never post a story twice).
    sql: `
      CREATE TABLE feed_pending (
        feed_url   TEXT NOT NULL,
        identity   TEXT NOT NULL,
        file       TEXT NOT NULL,
        written_ms INTEGER NOT NULL,
        PRIMARY KEY (feed_url, identity)
      ) STRICT, WITHOUT ROWID;
    `,
  },
];

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;
