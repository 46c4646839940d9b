// The entry point: `npm start` (the gateway bot, or the console without a token), `serve` (the
// HTTP-interactions endpoint), `deploy` (command registration), and one-shot CLI commands.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { COMMANDS } from '../commands/index.ts';
import { runCommand, handle, type AppDeps } from './app/dispatch.ts';
import type { Invocation, OptionValue } from './app/interaction.ts';
import { openCorpus } from './app/open-corpus.ts';
import { startCorpusReload, type CorpusHolder } from './app/reload.ts';
import { warmCorpus } from './app/warm.ts';
import { askJson, ask } from './core/ask.ts';
import { findQuotes, quoteJson, speakersJson, speakersText, unknownSpeakerNotice } from './core/quote-answer.ts';
import { queryTimeline, timelineJson } from './core/timeline-answer.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { createLogger, type Logger } from './log.ts';
// The adapters, the importer and deploy are imported when their mode runs: discord.js alone took
// 0.45 s of every start, and linkedom 0.12 s, that the console, the CLI and HTTP mode never use.
import { renderText } from './render/text.ts';
import { databaseFile, openDatabase, type Db } from './store/db.ts';
import { SettingsStore } from './store/settings.ts';
import { CooldownStore } from './store/cooldowns.ts';

export const VERSION: string = (JSON.parse(fs.readFileSync(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8')) as { version: string }).version;

const USAGE = `Usage: attache [command]

  start                 Run the bot: the Discord gateway when DISCORD_TOKEN is set, else the local console
  console               The local console (commands typed as in Discord, or piped on stdin)
  serve                 The HTTP-interactions endpoint (needs DISCORD_PUBLIC_KEY)
  deploy                Register the slash commands (needs DISCORD_TOKEN and DISCORD_APPLICATION_ID)
  ask <query>           One-shot lookup           [--limit N] [--page N] [--corpus DIR]... [--json]
  timeline [topic]      Dated events in order     [--from D] [--to D] [--source S] [--limit N] [--page N] [--corpus DIR]... [--json]
  quote [topic]         Who said what             [--speaker NAME] [--from D] [--to D] [--order newest|oldest] [--limit N] [--page N] [--corpus DIR]... [--json]
  speakers              Quoted speakers, aliases and counts   [--corpus DIR]... [--json]
  sources               The corpus's outlets      [--corpus DIR]... [--json]
  import <file|folder|url>...  Add articles to the corpus [--into DIR] [--dry-run] [--force] [--outlet NAME] (import --help)
  help                  This text

  Dates (D): 2018, 2018-03, 2018-03-05, March 2018, Mar 2018, 5 March 2018 or March 5, 2018.
  With --json, timeline and quote print every result unless --limit is given.`;

function logger(config: Config, cli: boolean): Logger {
  const pretty = config.logFormat === 'pretty' || (config.logFormat === 'auto' && process.stderr.isTTY === true);
  // One-shot commands print results on stdout; their log stays quiet unless something is wrong.
  const level = cli && config.logLevel === 'info' ? 'warn' : config.logLevel;
  return createLogger({ level, pretty });
}

/**
 * `live`: rebuild on corpus changes and SIGHUP, answering from the old corpus meanwhile (bot modes).
 * Modes that keep running (the bot, HTTP, the console) also warm the corpus up in the background, so
 * autocomplete and /timeline lookups are built between the first interactions, not in them; a
 * one-shot command does not pay for lookups it never uses.
 */
function openDeps(config: Config, log: Logger, dirs: readonly string[], withStore: boolean, live = false, warm = live): { deps: AppDeps; db?: Db; holder?: CorpusHolder } {
  const opened = openCorpus({ dirs, dataDir: config.dataDir, log, now: Date.now, maxBytes: config.maxFileBytes });
  const c = opened.corpus;
  log.info(
    { articles: c.articles.length, passages: c.passages.length, events: c.events.length, quotes: c.quotes.length, source: opened.fromCache ? 'cache' : 'fresh build', ms: Math.round(opened.ms), skipped: opened.warnings.length },
    `corpus ready: ${c.articles.length} articles, ${c.passages.length} passages (${opened.fromCache ? 'from cache' : 'fresh build'}, ${Math.round(opened.ms)} ms)`,
  );
  if (warm) void warmCorpus(c, log);
  const holder = live ? startCorpusReload({ dirs, dataDir: config.dataDir, log, now: Date.now, maxBytes: config.maxFileBytes, initial: c }) : undefined;
  const base = { corpus: holder ? () => holder.current() : () => c, log, now: Date.now, startedAt: Date.now(), version: VERSION };
  if (!withStore) return { deps: base, ...(holder && { holder }) };
  const db = openDatabase(databaseFile(config.dataDir));
  return { deps: { ...base, settings: new SettingsStore(db), cooldowns: new CooldownStore(db) }, db, ...(holder && { holder }) };
}

/** Resolves on SIGINT/SIGTERM. */
function shutdownSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (sig: string) => () => resolve(sig);
    process.once('SIGINT', on('SIGINT'));
    process.once('SIGTERM', on('SIGTERM'));
  });
}

async function start(config: Config, mode: 'start' | 'console'): Promise<number> {
  const log = logger(config, false);
  if (mode === 'console' || config.discordToken === undefined) {
    if (mode === 'start') process.stderr.write('No DISCORD_TOKEN set: opening the local console on the bundled corpus (see README to connect to Discord).\n');
    const { deps } = openDeps(config, log, config.corpusDirs, false, false, true);
    const { runConsole } = await import('./adapters/console.ts');
    await runConsole(deps, { input: process.stdin, output: process.stdout, interactive: process.stdin.isTTY === true });
    return 0;
  }
  const { deps, db, holder } = openDeps(config, log, config.corpusDirs, true, true);
  let bot;
  try {
    const { startGateway } = await import('./adapters/gateway.ts');
    bot = await startGateway({ token: config.discordToken, apiBase: config.apiBase, handle: (inv) => handle(inv, deps), log });
  } catch (err) {
    await holder?.close();
    db?.close();
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  // A signal stops the bot; so does Discord closing the gateway for good (nothing would answer).
  const ended = await Promise.race([shutdownSignal().then((signal) => ({ signal })), bot.lost.then((lost) => ({ lost }))]);
  log.info('signal' in ended ? { signal: ended.signal } : { reason: ended.lost.message }, 'shutting down');
  await bot.stop();
  await holder?.close();
  db?.close();
  if ('lost' in ended) {
    process.stderr.write(`${ended.lost.message}\n`);
    return 1;
  }
  return 0;
}

async function serve(config: Config): Promise<number> {
  if (config.publicKey === undefined) {
    process.stderr.write('DISCORD_PUBLIC_KEY is required for `serve` (the application public key from the developer portal).\n');
    return 1;
  }
  const log = logger(config, false);
  const { deps, db, holder } = openDeps(config, log, config.corpusDirs, true, true);
  const { startHttpServer } = await import('./adapters/http/server.ts');
  const server = await startHttpServer({
    port: config.port,
    host: config.host,
    publicKey: config.publicKey,
    apiBase: config.apiBase,
    handle: (inv) => handle(inv, deps),
    health: () => {
      const c = deps.corpus();
      return { ready: true, articles: c.articles.length, passages: c.passages.length, indexAgeSeconds: Math.round((Date.now() - c.builtAt) / 1000) };
    },
    log,
  });
  log.info({ port: server.port }, `listening on http://${config.host}:${server.port}/interactions`);
  const sig = await shutdownSignal();
  log.info({ signal: sig }, 'shutting down');
  await server.close();
  await holder?.close();
  db?.close();
  return 0;
}

/** Runs one command the way the console would, printing text or JSON. */
async function oneShot(config: Config, argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      corpus: { type: 'string', multiple: true },
      json: { type: 'boolean', default: false },
      limit: { type: 'string' },
      page: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      source: { type: 'string' },
      speaker: { type: 'string' },
      order: { type: 'string' },
    },
  });
  const [name = '', ...words] = positionals;
  const log = logger(config, true);
  const dirs = values.corpus && values.corpus.length > 0 ? values.corpus : config.corpusDirs;
  const { deps } = openDeps(config, log, dirs, false);
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
    process.stderr.write(`--limit must be a whole number of 1 or more (got “${values.limit}”)\n`);
    return 2;
  }
  const page = values.page === undefined ? 0 : Math.max(0, Number(values.page) - 1);
  const text = words.join(' ');
  const corpus = deps.corpus();
  // main() ends in process.exit, which drops whatever a pipe has not taken yet (64 KB): wait for it.
  const print = (text: string): Promise<void> => new Promise((resolve) => process.stdout.write(text, () => resolve()));
  const json = (value: unknown): Promise<void> => print(`${JSON.stringify(value, null, 2)}\n`);

  if (name === 'speakers') {
    await (values.json ? json(speakersJson(corpus)) : print(speakersText(corpus)));
    return 0;
  }
  if (name === 'timeline' && values.json) {
    const result = queryTimeline(corpus, {
      ...(text !== '' && { topic: text }),
      ...(values.from !== undefined && { from: values.from }),
      ...(values.to !== undefined && { to: values.to }),
      ...(values.source !== undefined && { source: values.source }),
    });
    if (!result.ok) {
      process.stderr.write(`${result.message}\n`);
      return 1;
    }
    await json(timelineJson(corpus, result, { ...(limit !== undefined && { limit }), page }));
    return 0;
  }
  if (name === 'quote' && values.json) {
    const result = findQuotes(corpus, {
      ...(text !== '' && { topic: text }),
      ...(values.speaker !== undefined && { speaker: values.speaker }),
      ...(values.from !== undefined && { from: values.from }),
      ...(values.to !== undefined && { to: values.to }),
      ...(values.order !== undefined && { order: values.order }),
    });
    if (result.kind === 'error') {
      process.stderr.write(`${result.message}\n`);
      return 1;
    }
    if (result.kind === 'unknown-speaker') {
      await json({ speaker: result.name, topic: text === '' ? null : text, total: 0, notice: unknownSpeakerNotice(result.name, result.suggestions), suggestions: result.suggestions.map((s) => s.name), quotes: [] });
      return 0;
    }
    await json(quoteJson(corpus, result, { ...(limit !== undefined && { limit }), page }));
    return 0;
  }

  if (name === 'ask' && values.json) {
    const result = ask(deps.corpus(), text, { limit: limit ?? 5, page });
    process.stdout.write(`${JSON.stringify({ query: text, answered: result.answered, ...(result.notice !== undefined && { notice: result.notice }), total: result.total, results: result.results.map((r) => askJson(deps.corpus(), r)) }, null, 2)}\n`);
    return 0;
  }
  const options: Record<string, OptionValue> = {};
  const first = COMMANDS.find((c) => c.data.name === name)?.data as { options?: readonly { name: string; type: number }[] } | undefined;
  const textOption = first?.options?.find((o) => o.type === 3 && ['query', 'topic'].includes(o.name));
  if (text !== '' && textOption) options[textOption.name] = text;
  for (const key of ['from', 'to', 'source', 'speaker', 'order'] as const) {
    const v = values[key];
    if (v !== undefined) options[key] = v;
  }
  const inv: Invocation = { kind: 'command', id: 'cli', name, subcommand: [], options, userId: 'cli' };
  const outcome = await runCommand(inv, deps, page, limit);
  await (values.json ? json(outcome.answer) : print(renderText(outcome.answer)));
  return outcome.answer.error === true ? 1 : 0;
}

export async function main(argv: readonly string[]): Promise<number> {
  const [cmd = 'start', ...rest] = argv;
  if (cmd === 'help' || cmd === '--help' || cmd === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
  switch (cmd) {
    case 'start':
    case 'console':
      return start(config, cmd);
    case 'serve':
      return serve(config);
    case 'import':
      return (await import('./import/cli.ts')).runImportCli(rest, { corpusDirs: config.corpusDirs, stdout: process.stdout, stderr: process.stderr });
    case 'deploy':
      return (await import('./app/deploy.ts')).deployCommands(config, logger(config, false));
    case 'speakers':
      // Not a slash command: a listing for whoever maintains the alias file.
      return oneShot(config, [cmd, ...rest]);
    default:
      if (COMMANDS.some((c) => c.data.name === cmd)) return oneShot(config, [cmd, ...rest]);
      process.stderr.write(`Unknown command “${cmd}”.\n\n${USAGE}\n`);
      return 2;
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === fs.realpathSync(process.argv[1])) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
