// The evaluation set (eval/questions.jsonl): one question per line, checked with zod so a typo in
// the data fails loudly with its line number instead of quietly scoring zero.
import fs from 'node:fs';
import { z } from 'zod';

export const CORPORA = ['seeds', 'whitehouse-russia', 'whitehouse-all', 'wikinews'] as const;
export type QuestionCorpus = (typeof CORPORA)[number];
export const SPLITS = ['tune', 'blind'] as const;
export type Split = (typeof SPLITS)[number];
export const STYLES = ['natural', 'keyword', 'paraphrase', 'acronym', 'casual'] as const;
export type Style = (typeof STYLES)[number];

const evidenceSchema = z.object({ file: z.string().min(1), text: z.string().min(1) });

export const questionSchema = z
  .object({
    id: z.string().min(1),
    split: z.enum(SPLITS),
    corpus: z.enum(CORPORA),
    style: z.enum(STYLES),
    kind: z.enum(['who', 'when', 'where', 'how-many', 'what', 'why', 'quote']),
    question: z.string().min(1).max(100),
    answerable: z.boolean(),
    evidence: z.array(evidenceSchema),
    url: z.string().optional(),
    about: z.string().optional(),
    note: z.string().optional(),
  })
  .refine((q) => (q.answerable ? q.evidence.length > 0 : q.evidence.length === 0), {
    message: 'answerable questions need evidence; near-misses have none',
  });

export type Question = z.infer<typeof questionSchema>;
export type Evidence = z.infer<typeof evidenceSchema>;

/** Parses JSON lines; every bad line is reported (with its number) before giving up. */
export function parseQuestions(text: string, source = 'questions.jsonl'): Question[] {
  const out: Question[] = [];
  const problems: string[] = [];
  const ids = new Set<string>();
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (err) {
      problems.push(`${source}:${i + 1}: not JSON (${err instanceof Error ? err.message : String(err)})`);
      return;
    }
    const parsed = questionSchema.safeParse(raw);
    if (!parsed.success) {
      problems.push(`${source}:${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join('.') || 'record'}: ${x.message}`).join('; ')}`);
      return;
    }
    if (ids.has(parsed.data.id)) problems.push(`${source}:${i + 1}: duplicate id ${parsed.data.id}`);
    ids.add(parsed.data.id);
    out.push(parsed.data);
  });
  if (problems.length > 0) throw new Error(`invalid evaluation set:\n${problems.join('\n')}`);
  return out;
}

export function loadQuestions(file: string): Question[] {
  return parseQuestions(fs.readFileSync(file, 'utf8'), file);
}
