// The entry point: `npm start` (the gateway bot, or the console without a token), `serve` (the
// HTTP-interactions endpoint), `deploy` (command registration), and one-shot CLI commands. The
// parts live in src/cli/: usage, the argument parser, the one-shot runner, the wiring.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { COMMANDS } from '../commands/index.ts';
import type { GatewayBot } from './adapters/gateway.ts';
import type { MetricsServer } from './adapters/metrics-server.ts';
import type { ShardBoard } from './adapters/shard-metrics.ts';
import { type AppDeps, handle } from './app/dispatch.ts';
import { cliCommands, parseCli } from './cli/args.ts';
import { runOneShot, write } from './cli/one-shot.ts';
import { usage } from './cli/usage.ts';
import { createServing } from './cli/serving.ts';
import { makeLogger, openDeps, openStores, startFeedsAndFollows } from './cli/wiring.ts';
import type { FollowService } from './app/follow-service.ts';
import type { FeedService } from './feeds/service.ts';
import { REPLAY_WINDOW_MS } from './store/replay.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { StartupError } from './startup-error.ts';
// The adapters, the importer and deploy are imported when their mode runs: discord.js alone took
// 0.45 s of every start, and linkedom 0.12 s, that the console, the CLI and HTTP mode never use.

export const VERSION: string = (JSON.parse(fs.readFileSync(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8')) as { version: string }).version;

const CLI_COMMANDS = cliCommands(COMMANDS);
const USAGE = usage(CLI_COMMANDS);

/** Resolves on SIGINT/SIGTERM, or when the shard manager that forked this process is gone. */
function shutdownSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (sig: string) => () => resolve(sig);
    process.once('SIGINT', on('SIGINT'));
    process.once('SIGTERM', on('SIGTERM'));
    process.once('disconnect', on('manager gone'));
    // Forked by a manager that died while this process was starting: 'disconnect' has passed.
    if (process.send !== undefined && !process.connected) resolve('manager gone');
  });
}

async function start(config: Config, mode: 'start' | 'console'): Promise<number> {
  if (mode === 'console' || config.discordToken === undefined) {
    if (mode === 'start') process.stderr.write('No DISCORD_TOKEN set: opening the local console on the bundled corpus (see README to connect to Discord).\n');
    const log = makeLogger(config, 'console');
    // Said before the first prompt, so the prompt is the last thing on the screen.
    const announce = (line: string): void => void process.stderr.write(`${line}\n`);
    const { deps } = openDeps({ config, log, dirs: config.corpusDirs, warm: true, announce, version: VERSION });
    const { runConsole } = await import('./adapters/console.ts');
    await runConsole(deps, { input: process.stdin, output: process.stdout, interactive: process.stdin.isTTY === true });
    return 0;
  }
  if (config.shards.mode === 'process') return manageShards(config, config.discordToken);
  const log = makeLogger(config, 'bot');
  // The stores first: a refused database is reported at once, not after a build of minutes.
  const stores = await openStores(config, log);
  log.info(`stores: ${stores.summary}`);
  const serving = createServing({ config, log, version: VERSION, stores });
  const signal = shutdownSignal();
  // A shard process (SHARD_MODE=process): the manager serves METRICS_PORT and asks for these.
  if (process.env['SHARDING_MANAGER'] === 'true' && process.send !== undefined) {
    (await import('./adapters/shard-metrics.ts')).answerScrapes(serving.metrics.registry, log);
  }
  // The metrics port next, so a health check sees 503 while the index loads, not nothing.
  let metricsServer: MetricsServer | undefined;
  try {
    if (config.metricsPort !== undefined) {
      const { startMetricsServer } = await import('./adapters/metrics-server.ts');
      metricsServer = await startMetricsServer({ port: config.metricsPort, host: config.host, scrape: () => serving.metrics.scrape(), health: () => serving.health(), log });
    }
  } catch (err) {
    await stores.close();
    throw err;
  }
  let bot: GatewayBot;
  let feeds: FeedService | undefined;
  let follows: FollowService | undefined;
  try {
    if (!(await serving.open(signal))) {
      await metricsServer?.close();
      await stores.close();
      return 0;
    }
    const deps = serving.deps() as AppDeps;
    const { startGateway } = await import('./adapters/gateway.ts');
    bot = await startGateway({ token: config.discordToken, apiBase: config.apiBase, shards: config.shards, handle: (inv) => handle(inv, deps), log, metrics: serving.metrics });
    ({ feeds, follows } = await startFeedsAndFollows({ config, stores, log, version: VERSION, corpus: deps.corpus, metrics: serving.metrics }));
  } catch (err) {
    await follows?.stop();
    await serving.close();
    await metricsServer?.close();
    await stores.close();
    if (err instanceof StartupError) throw err;
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  // A signal stops the bot; so does Discord closing the gateway for good (nothing would answer).
  const ended = await Promise.race([signal.then((signal) => ({ signal })), bot.lost.then((lost) => ({ lost }))]);
  log.info('signal' in ended ? { signal: ended.signal } : { reason: ended.lost.message }, 'shutting down');
  // One grace for the whole stop: the index's fold on closing gets what the drain left of it.
  const stopBy = performance.now() + config.shutdownGraceMs;
  const drained = await within(config.shutdownGraceMs, bot.stop());
  if (!drained) log.warn({ graceMs: config.shutdownGraceMs }, `gave up waiting for replies in flight after ${config.shutdownGraceMs} ms`);
  await feeds?.stop();
  await follows?.stop();
  await serving.close({ stopBy });
  await metricsServer?.close();
  await stores.close();
  if ('lost' in ended) {
    process.stderr.write(`${ended.lost.message}\n`);
    return 1;
  }
  return 0;
}

/** SHARD_MODE=process: this process loads no corpus; it runs one `start` child per shard. */
async function manageShards(config: Config, token: string): Promise<number> {
  const log = makeLogger(config, 'bot');
  const { startShardManager } = await import('./adapters/shard-manager.ts');
  // One scrape target for every shard process, up before they start (503 until all are ready).
  let metricsServer: MetricsServer | undefined;
  let board: ShardBoard | undefined;
  if (config.metricsPort !== undefined) {
    board = (await import('./adapters/shard-metrics.ts')).shardBoard({ log });
    const shown = board;
    const { startMetricsServer } = await import('./adapters/metrics-server.ts');
    metricsServer = await startMetricsServer({ port: config.metricsPort, host: config.host, scrape: () => shown.scrape(), health: () => shown.health(), log });
  }
  let manager: Awaited<ReturnType<typeof startShardManager>>;
  try {
    manager = await startShardManager({
      file: fileURLToPath(import.meta.url),
      args: ['start'],
      execArgv: process.execArgv,
      token,
      apiBase: config.apiBase,
      plan: config.shards,
      log,
      ...(board && { board }),
    });
  } catch (err) {
    await metricsServer?.close();
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  const ended = await Promise.race([shutdownSignal().then((signal) => ({ signal })), manager.lost.then((lost) => ({ lost }))]);
  log.info('signal' in ended ? { signal: ended.signal } : { reason: ended.lost.message }, 'shutting down');
  await manager.stop();
  await metricsServer?.close();
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
  const log = makeLogger(config, 'bot');
  const stores = await openStores(config, log);
  log.info(`stores: ${stores.summary}`);
  const serving = createServing({ config, log, version: VERSION, stores });
  const signal = shutdownSignal();
  const { startHttpServer } = await import('./adapters/http/server.ts');
  // Listening before the index loads: Discord's PINGs and health checks get answers meanwhile
  // (interactions a private "starting up", /healthz and /readyz 503).
  const server = await startHttpServer({
    port: config.port,
    host: config.host,
    publicKey: config.publicKey,
    apiBase: config.apiBase,
    handle: (inv) => {
      const deps = serving.deps();
      if (!deps) throw new Error('an interaction reached dispatch before the index was loaded');
      return handle(inv, deps);
    },
    firstSeen: (signature) => stores.replay.firstSeen(signature, Date.now(), REPLAY_WINDOW_MS),
    ready: () => serving.ready(),
    health: () => serving.health(),
    metrics: () => serving.metrics.scrape(),
    observe: serving.metrics,
    log,
  });
  log.info({ port: server.port }, `listening on http://${config.host}:${server.port}/interactions`);
  let feeds: FeedService | undefined;
  let follows: FollowService | undefined;
  try {
    if (await serving.open(signal)) {
      log.info(serving.health(), `ready: index ${String(serving.health()['version'])}`);
      const deps = serving.deps() as AppDeps;
      ({ feeds, follows } = await startFeedsAndFollows({ config, stores, log, version: VERSION, corpus: deps.corpus, metrics: serving.metrics }));
    }
  } catch (err) {
    await follows?.stop();
    await server.close(0);
    await serving.close();
    await stores.close();
    throw err;
  }
  const sig = await signal;
  log.info({ signal: sig }, 'shutting down');
  const stopBy = performance.now() + config.shutdownGraceMs;
  const drained = await server.close(config.shutdownGraceMs);
  await feeds?.stop();
  await follows?.stop();
  await serving.close({ stopBy });
  await stores.close();
  log.info({ drained }, drained ? 'shut down cleanly' : 'shut down with work unfinished');
  return drained ? 0 : 1;
}

/** True if `work` finished within `ms`. */
async function within(ms: number, work: Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  return Promise.race([work.then(() => true), timeout]).finally(() => clearTimeout(timer));
}

/** One command from the command line: parsed (exit 2 on a bad line) before anything is loaded. */
async function oneShot(config: Config, name: string, argv: readonly string[]): Promise<number> {
  const parsed = parseCli(name, argv, CLI_COMMANDS);
  if (!parsed.ok) {
    await write(process.stderr, `${parsed.message}\n`);
    return 2;
  }
  const request = parsed.request;
  if (request.help) {
    await write(process.stdout, `${USAGE}\n`);
    return 0;
  }
  const log = makeLogger(config, 'cli');
  const dirs = request.corpus.length > 0 ? request.corpus : config.corpusDirs;
  const { deps } = openDeps({ config, log, dirs, version: VERSION });
  return runOneShot(request, deps, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
}

async function run(argv: readonly string[]): Promise<number> {
  const [cmd = 'start', ...rest] = argv;
  if (cmd === 'help' || cmd === '--help' || cmd === '-h') {
    await write(process.stdout, `${USAGE}\n`);
    return 0;
  }
  const config = loadConfig();
  switch (cmd) {
    case 'start':
    case 'console':
      return start(config, cmd);
    case 'serve':
      return serve(config);
    case 'index':
      // `index rebuild` rebuilds this machine's cache; `index build --out DIR` publishes an artifact.
      return (await import('./cli/index-command.ts')).runIndexCommand(rest, { config, log: makeLogger(config, 'cli'), stdout: process.stdout, stderr: process.stderr });
    case 'import':
      return (await import('./import/cli.ts')).runImportCli(rest, { corpusDirs: config.corpusDirs, allowLoopback: config.feeds.allowLoopback, stdout: process.stdout, stderr: process.stderr });
    case 'feeds':
      return (await import('./feeds/cli.ts')).runFeedsCli(rest, {
        config,
        log: makeLogger(config, rest[0] === 'run' ? 'bot' : 'cli'),
        version: VERSION,
        now: Date.now,
        stdout: process.stdout,
        stderr: process.stderr,
        stopped: shutdownSignal,
      });
    case 'deploy':
      return (await import('./app/deploy.ts')).deployCommands(config, makeLogger(config, 'bot'));
    default:
      if (cmd.startsWith('-')) {
        await write(process.stderr, `Unknown option ${cmd}: a command comes first (attache help).\n`);
        return 2;
      }
      return oneShot(config, cmd, rest);
  }
}

/**
 * Exit code and messages for every mode. A configuration or start-up problem (a missing corpus
 * folder, a refused database) is one line on stderr, no stack: its message is the whole story.
 */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    return await run(argv);
  } catch (err) {
    if (err instanceof ConfigError) {
      await write(process.stderr, `${err.message}\n`);
      return 2;
    }
    if (err instanceof StartupError) {
      await write(process.stderr, `${err.message}\n`);
      return 1;
    }
    throw err;
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
