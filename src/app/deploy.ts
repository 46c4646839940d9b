// `npm run deploy`: registers the commands from the same definitions the runtime uses. A bulk
// overwrite (PUT) is idempotent; the comparison before it says what changed.
import { REST, Routes } from 'discord.js';
import type { RESTGetAPIApplicationCommandsResult, RESTPostAPIApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { COMMANDS } from '../../commands/index.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';

/** The fields Discord echoes back that we set; others (ids, versions) don't count as changes. */
function comparable(c: RESTPostAPIApplicationCommandsJSONBody | RESTGetAPIApplicationCommandsResult[number]): string {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, val] of Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) {
        if (
          [
            'id',
            'application_id',
            'version',
            'guild_id',
            'nsfw',
            'integration_types',
            'contexts',
            'dm_permission',
            'name_localizations',
            'description_localizations',
            'default_permission',
            'handler',
          ].includes(k)
        )
          continue;
        if (val === undefined || val === null || (k === 'required' && val === false) || (k === 'options' && Array.isArray(val) && val.length === 0)) continue;
        if (k === 'description' && val === '') continue;
        out[k] = strip(val);
      }
      return out;
    }
    return v;
  };
  return JSON.stringify(strip({ type: 1, ...c }));
}

export interface DeployPlan {
  readonly added: string[];
  readonly updated: string[];
  readonly removed: string[];
  readonly unchanged: string[];
}

export function planDeploy(existing: RESTGetAPIApplicationCommandsResult, wanted: readonly RESTPostAPIApplicationCommandsJSONBody[]): DeployPlan {
  const key = (c: { name: string; type?: number | undefined }): string => `${c.type ?? 1}:${c.name}`;
  const have = new Map(existing.map((c) => [key(c), c]));
  const plan: DeployPlan = { added: [], updated: [], removed: [], unchanged: [] };
  for (const w of wanted) {
    const h = have.get(key(w));
    if (!h) plan.added.push(w.name);
    else if (comparable(h) !== comparable(w)) plan.updated.push(w.name);
    else plan.unchanged.push(w.name);
    have.delete(key(w));
  }
  for (const h of have.values()) plan.removed.push(h.name);
  return plan;
}

export async function deployCommands(config: Config, log: Logger, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  if (config.discordToken === undefined || config.applicationId === undefined) {
    process.stderr.write('deploy needs DISCORD_TOKEN and DISCORD_APPLICATION_ID (see README: Creating the Discord application).\n');
    return 1;
  }
  const rest = new REST({ api: config.apiBase }).setToken(config.discordToken);
  const route = config.guildId === undefined ? Routes.applicationCommands(config.applicationId) : Routes.applicationGuildCommands(config.applicationId, config.guildId);
  const where = config.guildId === undefined ? 'globally (may take up to an hour to appear)' : `to server ${config.guildId}`;
  const wanted = COMMANDS.map((c) => c.data);
  try {
    const existing = (await rest.get(route)) as RESTGetAPIApplicationCommandsResult;
    const plan = planDeploy(existing, wanted);
    if (plan.added.length + plan.updated.length + plan.removed.length === 0) {
      out.write(`Commands ${where} are up to date (${plan.unchanged.length} unchanged).\n`);
      return 0;
    }
    await rest.put(route, { body: wanted });
    const line = (label: string, names: string[]): string => (names.length > 0 ? `  ${label}: ${names.join(', ')}\n` : '');
    out.write(`Registered ${wanted.length} commands ${where}.\n${line('added', plan.added)}${line('updated', plan.updated)}${line('removed', plan.removed)}${line('unchanged', plan.unchanged)}`);
    return 0;
  } catch (err) {
    const status = (err as { status?: number }).status;
    log.debug({ err }, 'deploy failed');
    // 403 is what a wrong application id, or a server the bot was not invited to, both get.
    const forbidden = `Discord refused the registration (403 Missing Access): check that DISCORD_APPLICATION_ID is this bot's application${config.guildId === undefined ? '' : ` and that the bot was invited to server ${config.guildId} with the applications.commands scope`}.\n`;
    process.stderr.write(
      status === 401 ? 'Discord rejected the token (401): check DISCORD_TOKEN.\n' : status === 403 ? forbidden : `Registration failed: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    return 1;
  }
}
