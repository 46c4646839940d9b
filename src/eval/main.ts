// `npm run eval`: answer quality of /ask on the evaluation set (eval/questions.jsonl), per corpus
// setting, with the tune and blind splits apart; with --extraction, the quality of /quote and
// /timeline's extraction on the annotated articles instead.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { REPO } from '../bench/corpora.ts';
import { scoreSetting, type SettingScores } from './metrics.ts';
import { loadQuestions } from './questions.ts';
import { formatMisses, formatSetting, formatSummary } from './report.ts';
import { extractionJson, runExtraction } from './extraction.ts';
import { formatExtraction, formatExtractionMisses } from './extraction-report.ts';
import { runSetting, type SettingRun } from './run.ts';
import { DEFAULT_SETTINGS, prepareSetting, SETTING_NAMES, type SettingName } from './settings.ts';

const USAGE = `usage: npm run eval -- [--setting NAME]... [--json] [--list-misses] [--reuse-index] [--baseline] [--wire-copies]
       npm run eval -- --extraction [--json] [--list-misses]

  --setting NAME   ${SETTING_NAMES.join(', ')} (repeatable).
                   Default: every setting but whitehouse-all (${DEFAULT_SETTINGS.join(', ')});
                   whitehouse-all extracts a 14,320-document archive and indexes it (minutes the first time).
  --json           everything as JSON on stdout, per-question results included
  --list-misses    also list the tune split's missed questions (never the blind split's)
  --reuse-index    developer option: load the index cached by an earlier --reuse-index run even if
                   the code changed since (kept apart in $DATA_DIR/eval/<setting>.reuse-index), so
                   a ranking or answerability change is measured in seconds. Only for query-time
                   changes: after changing what the index holds, delete that folder. Without the flag
                   any change under src/core, src/load or src/data rebuilds the index.
  --baseline       also rank every question with plain minisearch (default options, \`search(question)\`
                   over the same passages, never refusing) and print it as a row beside ours: issue 13's
                   baseline. Builds a second index in memory: 1 to 2 s on Wikinews, 48 to 73 s and
                   +365 to +552 MB of heap on seeds+whitehouse-russia (2026-12-01, loaded machine).
                   Our ranking with the decision to answer off ("ours, gate off") is always printed.
  --wire-copies    a result also hits when a passage of another file holds the whole evidence
                   excerpt word for word (a wire story reprinted by another outlet); by default only
                   the evidence's own file counts
  --extraction     score quotes and dates against the hand annotations in tests/fixtures/{quotes,events}
                   (White House + seeds, Wikinews tune, Wikinews blind) instead of /ask

Index caches live in $DATA_DIR/eval (default ./data/eval): a second run loads them.`;

const OPTIONS = {
  setting: { type: 'string', multiple: true },
  json: { type: 'boolean', default: false },
  'list-misses': { type: 'boolean', default: false },
  extraction: { type: 'boolean', default: false },
  'reuse-index': { type: 'boolean', default: false },
  baseline: { type: 'boolean', default: false },
  'wire-copies': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

async function main(): Promise<number> {
  let args: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; strict: true }>>['values'];
  try {
    args = parseArgs({ options: OPTIONS, strict: true }).values;
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const progress = (t: string): void => void process.stderr.write(`eval: ${t}\n`);
  if (args.extraction) {
    if (args.setting) {
      process.stderr.write(`--extraction and --setting do not go together\n\n${USAGE}\n`);
      return 2;
    }
    const rows = await runExtraction(progress);
    if (args.json) process.stdout.write(`${JSON.stringify({ extraction: extractionJson(rows) }, null, 2)}\n`);
    else {
      process.stdout.write(`${formatExtraction(rows)}\n\n`);
      if (args['list-misses']) process.stdout.write(`${formatExtractionMisses(rows)}\n`);
    }
    return 0;
  }
  const names = args.setting ?? [...DEFAULT_SETTINGS];
  const unknown = names.filter((n) => !(SETTING_NAMES as readonly string[]).includes(n));
  if (unknown.length > 0) {
    process.stderr.write(`unknown setting: ${unknown.join(', ')}\n\n${USAGE}\n`);
    return 2;
  }
  const questions = loadQuestions(path.join(REPO, 'eval/questions.jsonl'));
  const dataDir = path.join(process.env['DATA_DIR'] ?? path.join(REPO, 'data'), 'eval');
  const out: { run: SettingRun; scores: SettingScores }[] = [];
  for (const name of [...new Set(names)] as SettingName[]) {
    const setting = prepareSetting(name, progress);
    progress(`${name}: opening ${setting.dirs.join(', ')}`);
    const run = runSetting(setting, questions, dataDir, args['reuse-index'], args.baseline, args['wire-copies']);
    if (run.build.fromCache && args['reuse-index']) progress(`${name}: --reuse-index: index loaded without checking the code that built it`);
    const scores = scoreSetting(run.results);
    out.push({ run, scores });
    if (!args.json) {
      process.stdout.write(`${formatSetting(run, scores)}\n\n`);
      if (args['list-misses']) process.stdout.write(`${formatMisses(run)}\n\n`);
    }
  }
  if (args.json) process.stdout.write(`${JSON.stringify({ questions: questions.length, settings: out.map((o) => ({ ...o.run, scores: o.scores })) }, null, 2)}\n`);
  else if (out.length > 1) process.stdout.write(`## Summary (ask latency over each setting's questions)\n\n${formatSummary(out)}\n`);
  return 0;
}

process.exitCode = await main();
