#!/usr/bin/env node
// Checks eval/questions.jsonl: every record has the expected fields, and every evidence text
// occurs byte for byte in the body (after the YAML front matter) of the file it names.
// Plain Node, no dependencies. Usage: node eval/check-evidence.mjs [questions.jsonl]
// Corpora are read from ../shared/corpora (override: ATTACHE_CORPORA=/path). whitehouse-all files
// are read from ATTACHE_WHITEHOUSE_ALL (an extracted tarball) or, failing that, extracted with
// `tar` from <corpora>/whitehouse-all.tar.gz into a temporary folder, only the files named.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const questionsPath = process.argv[2] ?? path.join(projectRoot, 'eval', 'questions.jsonl');
const corporaRoot = process.env.ATTACHE_CORPORA ?? path.resolve(projectRoot, '..', 'shared', 'corpora');

const SPLITS = ['tune', 'blind'];
const CORPORA = ['seeds', 'whitehouse-russia', 'whitehouse-all', 'wikinews'];
const STYLES = ['natural', 'keyword', 'paraphrase', 'acronym', 'casual'];
const KINDS = ['who', 'when', 'how-many', 'what', 'why', 'quote', 'where'];
const MAX_QUESTION = 80; // the /ask option's max length

const errors = [];
const records = fs
  .readFileSync(questionsPath, 'utf8')
  .split('\n')
  .map((line, i) => ({ line, n: i + 1 }))
  .filter(({ line }) => line.trim() !== '')
  .map(({ line, n }) => {
    try {
      return { n, r: JSON.parse(line) };
    } catch (e) {
      errors.push(`line ${n}: not JSON (${e.message})`);
      return undefined;
    }
  })
  .filter((x) => x !== undefined);

// Where a record's file lives; whitehouse-all members are collected and extracted once.
const wanted = new Set();
for (const { r } of records) {
  if (r.corpus !== 'whitehouse-all') continue;
  for (const f of [...(r.evidence ?? []).map((e) => e.file), r.about].filter(Boolean)) {
    wanted.add(f.replace(/^whitehouse-all\//, ''));
  }
}
let whitehouseAll = process.env.ATTACHE_WHITEHOUSE_ALL;
let extracted; // a temporary folder of ours, removed at the end
if (!whitehouseAll && wanted.size > 0) {
  whitehouseAll = extracted = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-eval-'));
  const tarball = path.join(corporaRoot, 'whitehouse-all.tar.gz');
  const res = spawnSync('tar', ['xzf', tarball, '-C', whitehouseAll, ...wanted], { encoding: 'utf8' });
  if (res.status !== 0) errors.push(`tar could not extract from ${tarball}: ${res.stderr}`);
}

function resolve(corpus, file) {
  if (corpus === 'seeds') return path.join(projectRoot, file);
  if (corpus === 'whitehouse-all') return path.join(whitehouseAll ?? '', file.replace(/^whitehouse-all\//, ''));
  return path.join(corporaRoot, file);
}

const bodies = new Map();
function bodyOf(file) {
  if (!bodies.has(file)) {
    let text;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      text = undefined;
    }
    // Strip the YAML front matter: evidence must come from what a reader sees.
    if (text !== undefined) {
      const m = text.match(/^---\r?\n[\s\S]*?\r?\n---\r?\n/);
      if (m) text = text.slice(m[0].length);
    }
    bodies.set(file, text);
  }
  return bodies.get(file);
}

const ids = new Set();
let evidenceCount = 0;
for (const { n, r } of records) {
  const where = `line ${n} (${r.id ?? 'no id'})`;
  const bad = (msg) => errors.push(`${where}: ${msg}`);
  if (typeof r.id !== 'string' || r.id === '') bad('missing id');
  else if (ids.has(r.id)) bad('duplicate id');
  else ids.add(r.id);
  if (!SPLITS.includes(r.split)) bad(`split must be one of ${SPLITS}`);
  if (!CORPORA.includes(r.corpus)) bad(`corpus must be one of ${CORPORA}`);
  if (!STYLES.includes(r.style)) bad(`style must be one of ${STYLES}`);
  if (!KINDS.includes(r.kind)) bad(`kind must be one of ${KINDS}`);
  if (typeof r.question !== 'string' || r.question.trim() === '') bad('missing question');
  else if (r.question.length >= MAX_QUESTION) bad(`question is ${r.question.length} chars (max ${MAX_QUESTION - 1})`);
  if (typeof r.answerable !== 'boolean') bad('answerable must be true or false');
  if (!Array.isArray(r.evidence)) {
    bad('evidence must be an array');
    continue;
  }
  if (r.answerable === true && r.evidence.length === 0) bad('answerable question without evidence');
  if (r.answerable === false) {
    if (r.evidence.length > 0) bad('unanswerable question with evidence');
    if (typeof r.note !== 'string' || r.note === '') bad('unanswerable question needs a note saying why');
  }
  if (r.corpus === 'wikinews' && typeof r.url !== 'string') bad('wikinews record needs the article url (CC BY 2.5 attribution)');
  if (r.about !== undefined && bodyOf(resolve(r.corpus, r.about)) === undefined) bad(`about: no such file ${r.about}`);
  for (const e of r.evidence) {
    evidenceCount++;
    if (typeof e.file !== 'string' || typeof e.text !== 'string' || e.text.trim() === '') {
      bad('evidence needs file and text');
      continue;
    }
    const prefix = r.corpus === 'seeds' ? 'corpus/' : `${r.corpus}/`;
    if (!e.file.startsWith(prefix)) bad(`evidence file ${e.file} should start with ${prefix}`);
    const body = bodyOf(resolve(r.corpus, e.file));
    if (body === undefined) bad(`no such file ${e.file}`);
    else if (!body.includes(e.text)) bad(`text not found verbatim in ${e.file}: ${JSON.stringify(e.text.slice(0, 90))}`);
  }
}

if (extracted) fs.rmSync(extracted, { recursive: true, force: true });

if (errors.length > 0) {
  for (const e of errors) console.error(e);
  console.error(`\n${errors.length} problem(s) in ${records.length} questions`);
  process.exit(1);
}
console.log(`ok: ${records.length} questions, ${evidenceCount} evidence excerpts found verbatim`);
