import { isEnglishWord } from './lexicon';

/** Shorter words are too often another real word one letter away ("lead"/"load"); they are left alone. */
export const MIN_CORRECTED_LENGTH = 5;

/** Every spelling with one letter left out. */
function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/** True when `a` becomes `b` by one insertion, deletion, substitution or swap of neighbouring letters. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/**
 * Every spelling that mends a dropped letter or two swapped neighbours ("anxios" -> "anxious",
 * "mesaure" -> "measure"). Not substitutions: a rare real word is usually one letter off a common
 * one ("offsite"/"offside", "lurch"/"lunch", "docker"/"locker"), and reading it as that is worse
 * than not reading it at all; dropping or swapping letters rarely makes another real word.
 */
export function insertionsAndSwaps(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length - 1; i++) out.push(word.slice(0, i) + (word[i + 1] ?? '') + (word[i] ?? '') + word.slice(i + 2));
  for (let i = 0; i <= word.length; i++) for (const c of LETTERS) out.push(word.slice(0, i) + c + word.slice(i));
  return out;
}

export interface SpellingCorrector {
  /** The knowledge-base word a typo was meant to be, or undefined when the word is not a likely typo. */
  correct(word: string): string | undefined;
}

/**
 * Typos against the knowledge base's own vocabulary ("burnuot" -> "burnout"): a word of at least
 * five letters that is neither in the vocabulary nor an English word is read as the vocabulary word
 * one edit away, the most frequent when several are (symmetric deletions keep the lookup cheap).
 *
 * Failing that, when `englishRank` is given (the word vectors' frequency ranks), as the most common
 * everyday English word one dropped letter or one swap away (see insertionsAndSwaps): the
 * entries may use another form of it (the full-text index stems) or a word near it in meaning
 * (semantic.ts), and a misspelt filler word weighs as filler instead of as an unknown subject.
 */
export function createSpellingCorrector(
  vocabulary: ReadonlyMap<string, number>,
  englishRank?: (word: string) => number | undefined,
): SpellingCorrector {
  const byDeletion = new Map<string, string[]>();
  for (const word of vocabulary.keys()) {
    if (word.length < MIN_CORRECTED_LENGTH - 1) continue;
    for (const key of [word, ...deletions(word)]) {
      const words = byDeletion.get(key) ?? [];
      words.push(word);
      byDeletion.set(key, words);
    }
  }
  function correct(word: string): string | undefined {
    if (word.length < MIN_CORRECTED_LENGTH || /\d/.test(word) || vocabulary.has(word) || englishRank?.(word) !== undefined) return undefined;
    let best: string | undefined;
    for (const key of [word, ...deletions(word)]) {
      for (const candidate of byDeletion.get(key) ?? []) {
        if (!withinOneEdit(word, candidate)) continue;
        if (!best || (vocabulary.get(candidate) ?? 0) > (vocabulary.get(best) ?? 0) || ((vocabulary.get(candidate) ?? 0) === (vocabulary.get(best) ?? 0) && candidate < best)) {
          best = candidate;
        }
      }
    }
    // A word English knows only as an inflection ("mangaer" as manga + er) was the knowledge-base word
    // one edit away; failing that it is left alone rather than read as another English word.
    if (best || !englishRank || isEnglishWord(word)) return best;
    let bestRank = Infinity;
    for (const candidate of insertionsAndSwaps(word)) {
      const rank = englishRank(candidate);
      if (rank !== undefined && rank < bestRank && candidate.length >= MIN_CORRECTED_LENGTH - 1) {
        best = candidate;
        bestRank = rank;
      }
    }
    return best;
  }
  // The English fallback tries a few hundred spellings: each word's answer is remembered.
  const cache = new Map<string, string | undefined>();
  return {
    correct(word) {
      if (cache.has(word)) return cache.get(word);
      const meant = correct(word);
      if (cache.size >= 20000) cache.clear();
      cache.set(word, meant);
      return meant;
    },
  };
}

/** How often each word occurs across the given folded texts. */
export function vocabularyOf(foldedTexts: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of foldedTexts) {
    for (const word of text.split(' ')) if (word) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return counts;
}
