import type { FaqContent } from '../../src/features/faq/content';
import type { FaqSearch } from '../../src/features/faq/entities';
import { createFaqRepository, type FaqRepository } from '../../src/features/faq/repository';
import { sqliteDatabase } from '../../src/core/db/sqlite';
import { migratedTempDb } from '../support/harness';
import { fixedWorkspace } from '../../src/core/workspace';

/** The workspace the repository serves, as the bot's does (these searches store nothing). */
const T1 = fixedWorkspace('T1');

/**
 * Generalisation measures that do not reward tuning to a fixed question set.
 *
 * Leave-out protocol: each entry's phrasings are dealt into FOLDS folds (phrasing i goes to fold
 * i mod FOLDS). For each fold, the knowledge base is indexed without that fold's phrasings and
 * every held-out phrasing is asked against it: right when the confident first answer is the
 * entry it was taken from. Titles always stay indexed (an entry without them has no question).
 */
export const FOLDS = 3;

export interface Score {
  right: number;
  total: number;
  misses: string[];
}

export function share(s: Pick<Score, 'right' | 'total'>): number {
  return s.total === 0 ? 0 : s.right / s.total;
}

export function withoutFold(content: FaqContent, fold: number): FaqContent {
  return {
    ...content,
    hash: `${content.hash}:without-fold-${fold}`,
    entries: content.entries.map((e) => ({ ...e, phrasings: e.phrasings.filter((_, i) => i % FOLDS !== fold) })),
  };
}

export function heldOutOfFold(content: FaqContent, fold: number): Array<{ q: string; id: string }> {
  return content.entries.flatMap((e) => e.phrasings.filter((_, i) => i % FOLDS === fold).map((q) => ({ q, id: e.id })));
}

/**
 * How the sets written with expected words are scored: right when the search answers confidently
 * and its first entry's title or answer holds one of the words (case-insensitive).
 */
export function answersWithExpected(found: Pick<FaqSearch, 'matched' | 'results'>, expected: readonly string[]): boolean {
  const best = found.results[0];
  if (!found.matched || !best) return false;
  const text = `${best.entry.title}\n${best.entry.answer}`.toLowerCase();
  return expected.some((e) => text.includes(e.toLowerCase()));
}

/** Right when the search answers confidently and its first result is the expected entry. */
export async function scoreById(repo: FaqRepository, cases: ReadonlyArray<{ q: string; id: string }>): Promise<Score> {
  const misses: string[] = [];
  let right = 0;
  for (const c of cases) {
    const { matched, results } = await repo.search(c.q);
    const best = results[0];
    if (matched && best?.entry.id === c.id) right++;
    else misses.push(`  ✗ "${c.q}" -> ${matched ? '' : '(unmatched) '}${best?.entry.id ?? 'nothing'}, expected ${c.id}`);
  }
  return { right, total: cases.length, misses };
}

/** How many out-of-scope questions are declined (the share that must stay high). */
export async function scoreDeclined(repo: FaqRepository, questions: readonly string[]): Promise<Score> {
  const misses: string[] = [];
  for (const q of questions) {
    const r = await repo.search(q);
    if (r.matched) misses.push(`  ✗ out of scope "${q}" matched ${r.results[0]?.entry.id ?? '?'}`);
  }
  return { right: questions.length - misses.length, total: questions.length, misses };
}

/**
 * The question with one typo in its longest word (of five letters or more): a letter dropped, two
 * neighbours swapped or one replaced, in turn by the question's position `n`. Deterministic, so the
 * typo'd leave-out score moves only when the search does.
 */
export function withTypo(q: string, n: number): string {
  const words = q.split(' ');
  let longest = 0;
  words.forEach((w, i) => {
    if (w.length > (words[longest] ?? '').length) longest = i;
  });
  const w = words[longest] ?? '';
  if (w.length < 5) return q;
  const k = 1 + (n % (w.length - 2));
  const kind = n % 3;
  words[longest] =
    kind === 0 ? w.slice(0, k) + w.slice(k + 1) : kind === 1 ? w.slice(0, k) + (w[k + 1] ?? '') + (w[k] ?? '') + w.slice(k + 2) : w.slice(0, k) + 'e' + w.slice(k + 1);
  return words.join(' ');
}

/** The leave-out protocol; with `typos`, every held-out phrasing is asked with one typo (see withTypo). */
export async function leaveOutScore(content: FaqContent, options: { typos?: boolean } = {}): Promise<Score> {
  const total: Score = { right: 0, total: 0, misses: [] };
  for (let fold = 0; fold < FOLDS; fold++) {
    const repo = createFaqRepository(sqliteDatabase(migratedTempDb().db), { workspace: T1, content: withoutFold(content, fold), cacheResults: false });
    const asked = heldOutOfFold(content, fold).map((c, i) => (options.typos ? { ...c, q: withTypo(c.q, i + 1) } : c));
    const s = await scoreById(repo, asked);
    total.right += s.right;
    total.total += s.total;
    total.misses.push(...s.misses);
  }
  return total;
}
