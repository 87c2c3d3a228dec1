import { ContentError } from '../core/content/coaching';
import type { Database } from '../core/db/database';
import { MAX_CANDIDATES } from '../features/faq/blocks';
import type { EntryGaps, ExplainedCandidate, FaqExplanation, FaqSearch } from '../features/faq/entities';
import { createFaqRepository, type FaqRepository } from '../features/faq/repository';
import { databaseConfigFromEnv, openMigratedDatabase } from './bootstrap';
import { CliError, EXIT } from './errors';
import type { CliIo } from './io';

export const FAQ_USAGE = 'lead-coach faq "<question>" [--json | --explain]   e.g. lead-coach faq "how technical should I stay?"';
export const FAQ_GAPS_USAGE = 'lead-coach faq-gaps [--limit N]';

/** The JSON shape of `lead-coach faq --json`. */
export interface FaqJson {
  query: string;
  matched: boolean;
  results: Array<{
    id: string;
    title: string;
    answer: string;
    next_step: string;
    source: { title: string; file: string };
    /** Other documents the answer draws on (empty when `source` is the only one). */
    also_from: Array<{ title: string; file: string }>;
    score: number;
  }>;
}

/**
 * Opens the database and the FAQ (indexing it when the content changed); needs only DATABASE_PATH.
 * The FAQ is opened without a workspace: these are the operator's tools, not any one workspace's, so
 * `faq-gaps` lists the gaps and votes of every workspace sharing the database together, and `faq`
 * ranks with what people of every workspace taught the search (the bot ranks with its own workspace's).
 */
async function openFaq(io: CliIo): Promise<{ db: Database; faq: FaqRepository }> {
  const { db } = await openMigratedDatabase(databaseConfigFromEnv(io.env));
  try {
    return { db, faq: createFaqRepository(db) };
  } catch (err) {
    await db.close();
    if (err instanceof ContentError) throw new CliError(`FAQ content error: ${err.message}`, EXIT.failure);
    throw err;
  }
}

export function toFaqJson(result: FaqSearch): FaqJson {
  return {
    query: result.query,
    matched: result.matched,
    results: result.matched
      ? result.results.slice(0, 3).map((r) => ({
          id: r.entry.id,
          title: r.entry.title,
          answer: r.entry.answer,
          next_step: r.entry.nextStep,
          source: { title: r.entry.source.title, file: r.entry.source.file },
          also_from: r.entry.alsoFrom.map((s) => ({ title: s.title, file: s.file })),
          score: Math.round(r.score * 1000) / 1000,
        }))
      : [],
  };
}

async function readable(result: FaqSearch, faq: FaqRepository): Promise<string[]> {
  const best = result.matched ? result.results[0] : undefined;
  if (!best && result.plausible && result.results.length > 0) {
    // As in Slack: close but not sure, so the closest entries are offered instead of a dead end.
    return [
      "I'm not sure I have this one. Did you mean…?",
      ...result.results.slice(0, MAX_CANDIDATES).map((r) => `  - ${r.entry.title} [${r.entry.id}]`),
      '',
      `Ask again in other words, or open one: lead-coach faq "<its title>"`,
    ];
  }
  if (!best) {
    return [
      // As in Slack: with no topic word ("thanks!") there was nothing to have guidance on.
      result.gapKey ? "I don't have guidance on that yet." : 'Ask a question in your own words, for example "how technical should I stay?".',
      'Topics you can ask about:',
      ...(await faq.topics()).map((t) => `  - ${t.label}: ${t.description}`),
    ];
  }
  const e = best.entry;
  const lines = [e.title, '', e.answer, '', `Next step: ${e.nextStep}`, `Source: ${e.source.title} (${e.source.file})`];
  for (const s of e.alsoFrom) lines.push(`Also from: ${s.title} (${s.file})`);
  const related = result.results.slice(1);
  if (related.length) lines.push('', 'Related:', ...related.map((r) => `  - ${r.entry.title} [${r.entry.id}]`));
  return lines;
}

const SHORTFALL_TEXT: Record<ExplainedCandidate['shortfalls'][number], string> = {
  'no-word-in-title-phrasings-or-tags': 'none of the words is in its title, phrasings or tags',
  'shares-under-two-words': 'it shares fewer than two of the words',
  'covers-too-little': 'it covers too little of the question',
  'unmatched-words': 'words with nothing like them in it',
  'unlike-as-a-sentence': 'the question as a whole reads unlike it',
};

const figure = (x: number | undefined, digits = 2): string => (x === undefined ? '-' : x.toFixed(digits));

/** A curator's view of why the question got the answer it did, and what each close entry lacks. */
function explanationLines(x: FaqExplanation): string[] {
  const best = x.candidates[0];
  const verdict = x.matched && best ? `answered by ${best.entry.id}` : x.plausible ? 'not sure: "Did you mean…?"' : 'declined';
  const lines = [`Words searched: ${x.words.join(', ') || '(none)'}`, `Verdict: ${verdict}`, ''];
  if (x.words.length === 0) return [...lines, 'Nothing to search for: the question has no topic words (like "thanks!").'];
  if (x.candidates.length === 0) return [...lines, 'No entry has any of these words.'];
  lines.push('Candidates, best first (coverage / closest stored question / sentence / classifier / score):');
  x.candidates.forEach((c, i) => {
    const state = c.confident ? 'confident' : c.plausible ? 'plausible' : 'no';
    const signals = `${figure(c.coverage)} / ${figure(c.questionMatch)} / ${figure(c.sentence)} / ${c.classifierProbability === undefined ? '-' : `${(c.classifierProbability * 100).toFixed(1)}%`} / ${figure(c.score)}`;
    lines.push(`${String(i + 1).padStart(3)}. ${c.entry.id} [${state}] ${signals}`);
    for (const s of c.shortfalls) lines.push(`       - ${SHORTFALL_TEXT[s]}${s === 'unmatched-words' ? `: ${c.unmatchedWords.join(', ')}` : ''}`);
  });
  lines.push('', 'Ranking before what votes and "Did you mean" choices taught it; see src/features/faq/README.md for the signals.');
  return lines;
}

/** `lead-coach faq "<question>" [--json | --explain]`: the same search the bot runs, without Slack. */
export async function faqCommand(args: string[], io: CliIo): Promise<number> {
  const json = args.includes('--json');
  const explain = args.includes('--explain');
  const unknownFlag = args.find((a) => a.startsWith('--') && a !== '--json' && a !== '--explain');
  if (unknownFlag) throw new CliError(`Unknown option ${unknownFlag}. Usage: ${FAQ_USAGE}`, EXIT.usage);
  if (json && explain) throw new CliError(`Choose one of --json and --explain. Usage: ${FAQ_USAGE}`, EXIT.usage);
  const question = args.filter((a) => a !== '--json' && a !== '--explain').join(' ').trim();
  if (!question) throw new CliError(`Missing question. Usage: ${FAQ_USAGE}`, EXIT.usage);
  const { db, faq } = await openFaq(io);
  try {
    // Not recorded: this is the curator's tool for trying the content, and their test questions
    // would otherwise show up in faq-gaps as if managers had asked them.
    if (explain) {
      for (const line of explanationLines(await faq.explain(question))) io.out(line);
      return EXIT.ok;
    }
    const result = await faq.search(question);
    if (json) io.out(JSON.stringify(toFaqJson(result)));
    else for (const line of await readable(result, faq)) io.out(line);
    return EXIT.ok;
  } finally {
    await db.close();
  }
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

async function entryGapLines(groups: readonly EntryGaps[], faq: FaqRepository): Promise<string[]> {
  const lines: string[] = [];
  for (const g of groups) {
    const entry = g.entryId ? await faq.entry(g.entryId) : undefined;
    const name = g.entryId ? `${g.entryId}${entry ? ` (${entry.title})` : ' (no longer in the content)'}` : '(no entry came close)';
    const counts = [
      g.declined > 0 ? plural(g.declined, 'declined', 'declined') : '',
      g.lowConfidence > 0 ? plural(g.lowConfidence, 'low-confidence "did you mean"', 'low-confidence "did you mean"') : '',
      g.notHelpful > 0 ? `${plural(g.notHelpful, 'vote', 'votes')} not helpful (${g.helpful} helpful)` : '',
    ].filter(Boolean);
    lines.push(`  ${name}: ${counts.join(', ')}`);
    for (const example of g.examples) lines.push(`      e.g. ${example.slice(0, 200)}`);
  }
  return lines;
}

/**
 * `lead-coach faq-gaps`: questions the FAQ could not answer, most asked first; then declined
 * questions, low-confidence answers and "Not helpful" votes grouped by the entry they came closest to.
 * Across every workspace that shares the database (the FAQ is opened without one: see openFaq).
 */
export async function faqGapsCommand(args: string[], io: CliIo): Promise<number> {
  let limit = 50;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--limit') {
      const n = Number(args[++i]);
      if (!Number.isInteger(n) || n < 1 || n > 10000) throw new CliError(`--limit needs a whole number from 1 to 10000. Usage: ${FAQ_GAPS_USAGE}`, EXIT.usage);
      limit = n;
    } else {
      throw new CliError(`Unknown argument ${arg ?? ''}. Usage: ${FAQ_GAPS_USAGE}`, EXIT.usage);
    }
  }
  const { db, faq } = await openFaq(io);
  try {
    const gaps = await faq.gaps(limit);
    if (gaps.length === 0) {
      io.out('No unanswered FAQ questions recorded yet.');
    } else {
      io.out(`Unanswered FAQ questions (${gaps.length}), most asked first:`);
      io.out('count  last asked            question');
      for (const g of gaps) {
        const now = await faq.search(g.example);
        const note = now.matched && now.results[0] ? `   [now answered by ${now.results[0].entry.id}]` : '';
        io.out(`${String(g.count).padStart(5)}  ${g.lastAskedAt.slice(0, 19).replace('T', ' ')}Z  ${g.example.replace(/\s+/g, ' ').slice(0, 200)}${note}`);
      }
    }
    const byEntry = (await faq.entryGaps()).filter((g) => g.declined + g.lowConfidence + g.notHelpful > 0);
    if (byEntry.length) {
      io.out('');
      io.out('By the entry each came closest to (give these more ways of asking, or a better answer):');
      for (const line of await entryGapLines(byEntry, faq)) io.out(line);
    }
    return EXIT.ok;
  } finally {
    await db.close();
  }
}
