import { conceptWeight, coverage, isConfident, isPlausible, type ConceptEvidence } from './confidence';
import type { RelatedOccurrences } from './semantic';

/**
 * Weight of the sentence-vector similarity (sentence.ts) in the ranking score. Measured on the
 * leave-out folds: 2.5 to 4 do about equally well (+14 to +16 right), 6 overrides the lexical signals.
 */
export const SENTENCE_WEIGHT = 3;
/**
 * An entry whose sentence similarity to the question (sentence.ts: its mean and closest stored
 * question, mixed) is below this is not a confident answer however well its words match: "tips for public speaking at a conference" shares
 * "public" and "conference" with the entry on rewards (conference tickets) and means nothing like it.
 * The next confident entry, if any, answers instead. Measured on the leave-out folds: 0.05 and 0.1
 * +1 right; 0.1 also declines one of 30 near-domain out-of-scope questions more; 0.15 −5, 0.2 −18.
 */
export const SENTENCE_VETO = 0.1;

/** Whether the sentence similarity vetoes an entry as a confident answer (undefined: no word vectors, no veto). */
export function unlikeAsSentence(sentence: number | undefined): boolean {
  return sentence !== undefined && sentence < SENTENCE_VETO;
}
/**
 * Weight of the classifier's ln P(entry | question) (classifier.ts) in the ranking score. Measured on
 * the leave-out folds: 0.5 and 0.8 do alike (+20, +21 right), 0.3 +14, 0.2 +7.
 */
export const CLASSIFIER_WEIGHT = 0.5;

/**
 * "Did you mean…?" is offered only when the first plausible candidate's sentence similarity reaches
 * this: off-topic questions ("which running shoes for a first marathon") often share a word or two
 * with an entry and would otherwise be offered three unrelated entries, where the topic list serves
 * them better. Measured on the readable sets and the leave-out folds: 0.35 took the offers made to
 * declined out-of-scope questions from 33 to 11 and kept 4 of the 5 offers listing the right entry
 * (leave-out: 28 of 39); 0.3 kept 17 such offers, 0.4 lost more right ones (see the FAQ README).
 */
export const OFFER_SENTENCE_FLOOR = 0.35;

/** An entry FTS5 returned for the question, with its bm25 rank (negative: lower is better). */
export interface Candidate {
  key: number;
  bm25: number;
}

/** Where one concept of the question occurs in the knowledge base. */
export interface ConceptOccurrences {
  /** Entries containing it in any column. */
  any: ReadonlySet<number>;
  /** Entries containing it in the title, phrasings or tags. */
  strong: ReadonlySet<number>;
  /** Single stored questions (an entry's title or one phrasing) containing it. */
  questions: ReadonlySet<number>;
  /** How common the word is in general English (0..1, 0 when unlisted): weighs it when no entry has it. */
  everyday?: number;
  /** Where words related in meaning occur (word vectors), for the entries that lack the word itself. */
  related?: RelatedOccurrences;
  /** A number ("8", "20%"), which says how much, not what about. */
  numeric?: boolean;
}

export interface RankedCandidate {
  key: number;
  /** bm25 relevance, positive, higher is better. */
  relevance: number;
  /** Share of the question the entry accounts for (0..1). */
  coverage: number;
  /** Share of the question found in the single stored question of the entry that resembles it most (0..1). */
  questionMatch: number;
  confident: boolean;
  /** Confident, or close enough to offer as "Did you mean…?". */
  plausible: boolean;
  /** The question's sentence similarity to the entry (sentence.ts); undefined without word vectors. */
  sentence: number | undefined;
  /** What results are sorted by (higher is better). */
  score: number;
}

export function evidenceFor(key: number, concepts: readonly ConceptOccurrences[]): ConceptEvidence[] {
  return concepts.map((c) => ({
    docCount: c.any.size,
    strongCount: c.strong.size,
    everyday: c.everyday,
    match: c.strong.has(key) ? 'strong' : c.any.has(key) ? 'answer' : 'none',
    related: c.related ? Math.max(c.related.strong.get(key) ?? 0, c.related.any.get(key) ?? 0) : 0,
    numeric: c.numeric,
  }));
}

/** One stored way of asking an entry (its title or a phrasing) and how many topic words it has. */
export interface StoredQuestion {
  key: number;
  words: number;
}

/**
 * How closely the entry's most similar stored question resembles the asked one (0..1): the
 * weighted share of the asked concepts it contains, nudged up when it has few other words,
 * so "how technical should I stay" prefers the short question about exactly that.
 */
export function bestQuestionMatch(
  stored: readonly StoredQuestion[],
  concepts: readonly ConceptOccurrences[],
  totalDocs: number,
): number {
  const weights = concepts.map((c) => conceptWeight(c.any.size, totalDocs, c.everyday));
  const total = weights.reduce((a, b) => a + b, 0);
  if (total === 0) return 0;
  let best = 0;
  for (const q of stored) {
    let found = 0;
    let shared = 0;
    concepts.forEach((c, i) => {
      const credit = c.questions.has(q.key) ? 1 : (c.related?.questions.get(q.key) ?? 0);
      if (credit > 0) {
        found += (weights[i] ?? 0) * credit;
        shared += credit;
      }
    });
    const precision = q.words > 0 ? Math.min(1, shared / q.words) : 0;
    best = Math.max(best, (found / total) * (0.6 + 0.4 * precision));
  }
  return best;
}

/**
 * Orders bm25 candidates, best first, and marks which are confident. The score adds five
 * signals: how much of the question the entry covers, how closely one of its stored questions
 * resembles it, bm25 relative to the best candidate (which favours title and phrasings), how
 * close the question's sentence vector is to the entry's (`sentenceSimilarity`, empty without word
 * vectors), which orders candidates and can veto a confident one (SENTENCE_VETO) but never makes one
 * confident, and how likely the classifier finds the entry (`classifierLogProbability`, ln P, ranking only).
 */
export function rankCandidates(
  candidates: readonly Candidate[],
  concepts: readonly ConceptOccurrences[],
  totalDocs: number,
  storedQuestionsOf: (key: number) => readonly StoredQuestion[],
  sentenceSimilarity: ReadonlyMap<number, number> = new Map(),
  classifierLogProbability: ReadonlyMap<number, number> = new Map(),
): RankedCandidate[] {
  const topRelevance = Math.max(1e-9, ...candidates.map((c) => -c.bm25));
  return candidates
    .map((c) => {
      const evidence = evidenceFor(c.key, concepts);
      const cov = coverage(evidence, totalDocs);
      const relevance = -c.bm25;
      const questionMatch = bestQuestionMatch(storedQuestionsOf(c.key), concepts, totalDocs);
      const sentence = sentenceSimilarity.get(c.key);
      const confident = isConfident(evidence, totalDocs) && !unlikeAsSentence(sentence);
      return {
        key: c.key,
        relevance,
        coverage: cov,
        questionMatch,
        confident,
        plausible: confident || isPlausible(evidence, totalDocs),
        sentence,
        score:
          cov + questionMatch + relevance / topRelevance + SENTENCE_WEIGHT * (sentence ?? 0) + CLASSIFIER_WEIGHT * (classifierLogProbability.get(c.key) ?? 0),
      };
    })
    .sort((a, b) => Number(b.confident) - Number(a.confident) || b.score - a.score || a.key - b.key);
}

/**
 * Whether a question nothing answers confidently gets "Did you mean…?": its best candidate is
 * plausible and resembles it as a sentence (OFFER_SENTENCE_FLOOR; always, without word vectors).
 */
export function worthOffering(best: RankedCandidate | undefined): boolean {
  if (!best?.plausible) return false;
  return best.sentence === undefined || best.sentence >= OFFER_SENTENCE_FLOOR;
}
