import fs from 'node:fs';
import path from 'node:path';

import { z } from 'zod';

import { CONTENT_DIR } from '../../../core/paths';
import { readYamlFile } from '../../../core/content/yamlFile';

/**
 * Language knowledge the FAQ search reads from content/ as data, not code: chat shorthand and
 * how common a word is in general English. Both are loaded once, on first use.
 */
export const ABBREVIATIONS_FILE = path.join(CONTENT_DIR, 'abbreviations.yaml');
export const ENGLISH_WORDS_FILE = path.join(CONTENT_DIR, 'english-words.txt');
export const RELATED_WORDS_FILE = path.join(CONTENT_DIR, 'related-words.yaml');

const abbreviationsSchema = z.record(
  z.string().regex(/^[a-z0-9/]+$/, 'must be lowercase letters, digits or /'),
  z.string().regex(/^[a-z ]*$/, 'must be lowercase words (empty drops the word)'),
);

const relatedWordsSchema = z.record(
  z.string().regex(/^[a-z0-9]+$/, 'must be one folded word'),
  z.array(z.string().regex(/^[a-z0-9 ]+$/, 'must be lowercase words')).min(1),
);

let abbreviations: ReadonlyMap<string, string> | undefined;
let relatedWords: ReadonlyMap<string, readonly string[]> | undefined;
let englishRanks: ReadonlyMap<string, number> | undefined;

/** Shorthand -> what it stands for ("" for filler that is dropped). */
export function abbreviationTable(): ReadonlyMap<string, string> {
  abbreviations ??= new Map(Object.entries(abbreviationsSchema.parse(readYamlFile(ABBREVIATIONS_FILE))));
  return abbreviations;
}

/** The hand-kept related words: a question word -> words it also looks for (question side only). */
export function relatedWordTable(): ReadonlyMap<string, readonly string[]> {
  relatedWords ??= new Map(Object.entries(relatedWordsSchema.parse(readYamlFile(RELATED_WORDS_FILE))));
  return relatedWords;
}

/** Rank of each listed English word, 1 = most common. */
export function englishWordRanks(): ReadonlyMap<string, number> {
  if (!englishRanks) {
    const words = fs
      .readFileSync(ENGLISH_WORDS_FILE, 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    const ranks = new Map<string, number>();
    words.forEach((w, i) => {
      if (!ranks.has(w)) ranks.set(w, i + 1);
    });
    englishRanks = ranks;
  }
  return englishRanks;
}

/** Inflections reduced to a listed base form: "managing" finds "manage", "teams" finds "team". */
const SUFFIXES: ReadonlyArray<readonly [string, string]> = [
  ['ies', 'y'], ['ied', 'y'], ['ing', ''], ['ing', 'e'], ['ed', ''], ['ed', 'e'], ['es', ''], ['s', ''], ['ly', ''], ['er', ''], ['er', 'e'],
];

/**
 * How common a word is in general English, 0..1: 1 for the most common word, falling with the log
 * of its rank to 0.5 for the last listed word, and 0 for a word the list does not have (a specific
 * or technical word, or a typo): every listed word is common enough to be filler in a question.
 */
export function everydayness(word: string): number {
  const ranks = englishWordRanks();
  let rank = ranks.get(word);
  if (rank === undefined) {
    for (const [suffix, base] of SUFFIXES) {
      if (word.length > suffix.length + 2 && word.endsWith(suffix)) {
        rank = ranks.get(word.slice(0, -suffix.length) + base);
        if (rank !== undefined) break;
      }
    }
  }
  if (rank === undefined) return 0;
  return 1 - (0.5 * Math.log(rank)) / Math.log(ranks.size + 1);
}

export function isEnglishWord(word: string): boolean {
  return everydayness(word) > 0;
}
