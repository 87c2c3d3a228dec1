import { similarityCredit } from './confidence';
import { STOP_WORDS } from './normalise';
import { createNeighbourFinder, type NeighbourFinder, type WordVectors } from './vectors';

/**
 * Soft matching: a question word the entries do not use still finds the entries that use a word
 * close to it in meaning ("exhausted" -> "tired"), for partial credit that grows with the cosine.
 * Words are matched as folded, on the same text the full-text index holds.
 */

/** Where words related to one question word occur: key -> credit (0..1) of the closest one found there. */
export interface RelatedOccurrences {
  /** Entries with a related word in their title, phrasings or tags. */
  strong: ReadonlyMap<number, number>;
  /** Entries with a related word anywhere (an answer-only find counts for ANSWER_ONLY_CREDIT of it). */
  any: ReadonlyMap<number, number>;
  /** Stored questions (an entry's title or one phrasing) with a related word. */
  questions: ReadonlyMap<number, number>;
}

export interface SemanticIndex {
  related(word: string): RelatedOccurrences;
}

export interface IndexedEntryText {
  key: number;
  /** Title, phrasings and tags, folded. */
  strong: string;
  /** Answer, folded. */
  answer: string;
}

const NOTHING: RelatedOccurrences = { strong: new Map(), any: new Map(), questions: new Map() };

function wordsOf(text: string): Set<string> {
  return new Set(text.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 1 && !STOP_WORDS.has(w)));
}

function keep(map: Map<number, number>, key: number, credit: number): void {
  if (credit > (map.get(key) ?? 0)) map.set(key, credit);
}

export function createSemanticIndex(
  vectors: WordVectors,
  entries: readonly IndexedEntryText[],
  questions: ReadonlyArray<{ key: number; text: string }>,
  answerOnlyCredit: number,
): SemanticIndex {
  const strongEntries = new Map<string, number[]>();
  const answerEntries = new Map<string, number[]>();
  const questionKeys = new Map<string, number[]>();
  const add = (index: Map<string, number[]>, word: string, key: number) => {
    const keys = index.get(word) ?? [];
    keys.push(key);
    index.set(word, keys);
  };
  for (const e of entries) {
    const strong = wordsOf(e.strong);
    for (const w of strong) add(strongEntries, w, e.key);
    for (const w of wordsOf(e.answer)) if (!strong.has(w)) add(answerEntries, w, e.key);
  }
  for (const q of questions) for (const w of wordsOf(q.text)) add(questionKeys, w, q.key);
  const finder: NeighbourFinder = createNeighbourFinder(vectors, new Set([...strongEntries.keys(), ...answerEntries.keys()]));
  const cache = new Map<string, RelatedOccurrences>();

  return {
    related(word) {
      const cached = cache.get(word);
      if (cached) return cached;
      const near = finder.neighbours(word);
      if (near.length === 0) return NOTHING;
      const strong = new Map<number, number>();
      const any = new Map<number, number>();
      const asked = new Map<number, number>();
      for (const { word: w, similarity } of near) {
        const credit = similarityCredit(similarity);
        for (const key of strongEntries.get(w) ?? []) {
          keep(strong, key, credit);
          keep(any, key, credit);
        }
        for (const key of answerEntries.get(w) ?? []) keep(any, key, credit * answerOnlyCredit);
        for (const key of questionKeys.get(w) ?? []) keep(asked, key, credit);
      }
      const found = { strong, any, questions: asked };
      if (cache.size >= 20000) cache.clear();
      cache.set(word, found);
      return found;
    },
  };
}
