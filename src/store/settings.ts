// Per-server settings: the store interface every backend implements, and the SQLite one (the
// embedded default). Every change is a read-modify-write inside one immediate transaction,
// together with its history entry: all of it is stored or none, and two processes changing the
// same server queue on the write lock instead of overwriting each other. SQLite caches nothing:
// every process reads the current row (a primary-key lookup), so a change made through one shard
// or replica on the machine is seen by all at once.
import { z } from 'zod';
import { applyChange, DEFAULT_SETTINGS, summarizeChange, type GuildSettings, type SettingsChange } from '../core/policy.ts';
import type { Db } from './db.ts';

/**
 * How many changes a server's history keeps: far more than `/config history` shows, few enough
 * that a moderator script toggling a setting in a loop cannot grow the database without bound.
 */
export const HISTORY_KEEP = 1000;

export interface Actor {
  readonly userId: string;
  /** When, in ms since the epoch. */
  readonly at: number;
}

export interface HistoryEntry {
  readonly userId: string;
  readonly at: number;
  readonly change: SettingsChange;
  /** "channels allow <#123>". */
  readonly summary: string;
}

/**
 * Server settings and their history, wherever they are kept (SQLite in DATA_DIR, or PostgreSQL).
 * Every call may wait on a server: it rejects with StoreUnavailableError when the store does not
 * answer, and the callers decide the policy (see dispatch and /config).
 */
export interface SettingsStore {
  /** The server's settings; the defaults for a server that never changed anything. */
  get(guildId: string): Promise<GuildSettings>;
  /**
   * Applies `change` and records it in the history, in one transaction. Resolves to the new
   * settings. Rejects with SettingsError (message for the moderator) for a change that makes no
   * sense; nothing is stored then.
   */
  update(guildId: string, change: SettingsChange, actor: Actor): Promise<GuildSettings>;
  /** Back to the defaults; the server then follows the defaults of future versions too. */
  reset(guildId: string, actor: Actor): Promise<GuildSettings>;
  /** The last `limit` changes, newest first. */
  history(guildId: string, limit: number): Promise<HistoryEntry[]>;
}

const list = z.array(z.string());

// Fields missing from a stored document (written before they existed) take today's defaults.
export const storedSettings = z.object({
  channelMode: z.enum(['all', 'allowlist']).default(DEFAULT_SETTINGS.channelMode),
  allowedChannels: list.default([]),
  deniedChannels: list.default([]),
  visibility: z.enum(['public', 'private']).default(DEFAULT_SETTINGS.visibility),
  cooldownSeconds: z.number().int().min(0).default(DEFAULT_SETTINGS.cooldownSeconds),
  sourceMode: z.enum(['all', 'allowlist']).default(DEFAULT_SETTINGS.sourceMode),
  allowedOutlets: list.default([]),
  blockedOutlets: list.default([]),
  timeZone: z.string().default(DEFAULT_SETTINGS.timeZone),
});

export const storedChange = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('channelMode'), mode: z.enum(['all', 'allowlist']) }),
  z.object({ kind: z.literal('allowChannel'), channelId: z.string() }),
  z.object({ kind: z.literal('denyChannel'), channelId: z.string() }),
  z.object({ kind: z.literal('visibility'), visibility: z.enum(['public', 'private']) }),
  z.object({ kind: z.literal('cooldown'), seconds: z.number() }),
  z.object({ kind: z.literal('sourceMode'), mode: z.enum(['all', 'allowlist']) }),
  z.object({ kind: z.literal('allowOutlet'), outlet: z.string() }),
  z.object({ kind: z.literal('blockOutlet'), outlet: z.string() }),
  z.object({ kind: z.literal('timeZone'), zone: z.string() }),
  z.object({ kind: z.literal('reset') }),
]);

/** A stored settings document, checked; `where` names the store in the error. */
export function parseStoredSettings(guildId: string, json: unknown, where: string): GuildSettings {
  const parsed = storedSettings.safeParse(json);
  if (!parsed.success) {
    // Refuse rather than fall back to defaults: a moderator's choices must not vanish silently.
    throw new Error(`the stored settings of server ${guildId} in ${where} are invalid: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

/** The settings after `change`, from the current ones (a reset does not need them). */
export function nextSettings(current: GuildSettings | undefined, change: SettingsChange): GuildSettings {
  return change.kind === 'reset' ? applyChange(DEFAULT_SETTINGS, change) : applyChange(current ?? DEFAULT_SETTINGS, change);
}

export class SqliteSettingsStore implements SettingsStore {
  private readonly selectRow;
  private readonly upsertRow;
  private readonly deleteRow;
  private readonly insertHistory;
  private readonly selectHistory;
  private readonly pruneHistory;

  constructor(private readonly db: Db) {
    this.selectRow = db.prepare<[string], { settings: string }>('SELECT settings FROM guild_settings WHERE guild_id = ?');
    this.upsertRow = db.prepare<[string, string, number]>(
      `INSERT INTO guild_settings (guild_id, settings, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (guild_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`,
    );
    this.deleteRow = db.prepare<[string]>('DELETE FROM guild_settings WHERE guild_id = ?');
    this.insertHistory = db.prepare<[string, string, number, string, string]>('INSERT INTO settings_history (guild_id, user_id, at, change, summary) VALUES (?, ?, ?, ?, ?)');
    // Uses the (guild_id, id) index: finds the oldest entry to keep, deletes what is older.
    this.pruneHistory = db.prepare<[string, string, number]>(
      `DELETE FROM settings_history WHERE guild_id = ? AND id < (
         SELECT id FROM settings_history WHERE guild_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)`,
    );
    this.selectHistory = db.prepare<[string, number], { user_id: string; at: number; change: string; summary: string }>(
      'SELECT user_id, at, change, summary FROM settings_history WHERE guild_id = ? ORDER BY id DESC LIMIT ?',
    );
  }

  async get(guildId: string): Promise<GuildSettings> {
    return this.getNow(guildId);
  }

  private getNow(guildId: string): GuildSettings {
    const row = this.selectRow.get(guildId);
    if (row === undefined) return DEFAULT_SETTINGS;
    return parseStoredSettings(guildId, JSON.parse(row.settings), this.db.name);
  }

  async update(guildId: string, change: SettingsChange, actor: Actor): Promise<GuildSettings> {
    return this.db
      .transaction(() => {
        // Read inside the immediate transaction: no other process can write between read and write.
        // A reset does not read, so it also clears a stored document that no longer parses.
        const next = nextSettings(change.kind === 'reset' ? undefined : this.getNow(guildId), change);
        if (change.kind === 'reset') this.deleteRow.run(guildId);
        else this.upsertRow.run(guildId, JSON.stringify(next), actor.at);
        this.insertHistory.run(guildId, actor.userId, actor.at, JSON.stringify(change), summarizeChange(change));
        this.pruneHistory.run(guildId, guildId, HISTORY_KEEP - 1);
        return next;
      })
      .immediate();
  }

  reset(guildId: string, actor: Actor): Promise<GuildSettings> {
    return this.update(guildId, { kind: 'reset' }, actor);
  }

  async history(guildId: string, limit: number): Promise<HistoryEntry[]> {
    return this.selectHistory.all(guildId, limit).map((row) => ({
      userId: row.user_id,
      at: row.at,
      change: storedChange.parse(JSON.parse(row.change)),
      summary: row.summary,
    }));
  }
}
