import path from 'node:path';

import { z } from '../../../core/zod';

import { CONTENT_DIR } from '../../../core/paths';
import { readYamlFile } from '../../../core/content/yamlFile';
import { wordVectors } from './vectors';

/**
 * Language knowledge the FAQ search reads from content/ as data, not code: chat shorthand, related
 * words, and how common a word is in general English (its rank in the word-vector file, which lists
 * words most common first). Each is loaded once, on first use.
 */
export const ABBREVIATIONS_FILE = path.join(CONTENT_DIR, 'abbreviations.yaml');
export const RELATED_WORDS_FILE = path.join(CONTENT_DIR, 'related-words.yaml');
export const IDIOMS_FILE = path.join(CONTENT_DIR, 'idioms.yaml');
export const CHAT_PADDING_FILE = path.join(CONTENT_DIR, 'chat-padding.yaml');

const abbreviationsSchema = z.record(
  z.string().regex(/^[a-z0-9/]+$/, 'must be lowercase letters, digits or /'),
  z.string().regex(/^[a-z ]*$/, 'must be lowercase words (empty drops the word)'),
);

const idiomsSchema = z.record(
  z.string().regex(/^[a-z]+(?: [a-z]+)*$/, 'must be lowercase words, apostrophes dropped'),
  z.string().regex(/^[a-z ]*$/, 'must be lowercase words (empty drops the phrase)'),
);

const chatPaddingSchema = z.array(z.string().regex(/^[a-z]+(?: [a-z]+)*$/, 'must be lowercase words, apostrophes dropped'));

const relatedWordsSchema = z.record(
  z.string().regex(/^[a-z0-9]+$/, 'must be one folded word'),
  z.array(z.string().regex(/^[a-z0-9 ]+$/, 'must be lowercase words')).min(1),
);

let abbreviations: ReadonlyMap<string, string> | undefined;
let relatedWords: ReadonlyMap<string, readonly string[]> | undefined;

/**
 * Shorthand and idioms -> what they stand for ("" for filler that is dropped): content/abbreviations.yaml
 * ("w/o", "tbh"), content/idioms.yaml ("drives me nuts", "dropped the ball") and content/chat-padding.yaml
 * ("quick question", "thanks in advance"), which is all dropped.
 */
export function abbreviationTable(): ReadonlyMap<string, string> {
  abbreviations ??= new Map([
    ...Object.entries(abbreviationsSchema.parse(readYamlFile(ABBREVIATIONS_FILE))),
    ...Object.entries(idiomsSchema.parse(readYamlFile(IDIOMS_FILE))),
    ...chatPaddingSchema.parse(readYamlFile(CHAT_PADDING_FILE)).map((phrase) => [phrase, ''] as const),
  ]);
  return abbreviations;
}

/** The hand-kept related words: a question word -> words it also looks for (question side only). */
export function relatedWordTable(): ReadonlyMap<string, readonly string[]> {
  relatedWords ??= new Map(Object.entries(relatedWordsSchema.parse(readYamlFile(RELATED_WORDS_FILE))));
  return relatedWords;
}

/** Inflections reduced to a listed base form: "managing" finds "manage", "teams" finds "team". */
const SUFFIXES: ReadonlyArray<readonly [string, string]> = [
  ['ies', 'y'], ['ied', 'y'], ['ing', ''], ['ing', 'e'], ['ed', ''], ['ed', 'e'], ['es', ''], ['s', ''], ['ly', ''], ['er', ''], ['er', 'e'],
];

/** Words within this frequency rank count as everyday English; rarer ones as specific (a name, a technical word, a typo). */
export const EVERYDAY_RANKS = 30000;

/** General-English frequency rank of a word when it is an everyday word (within EVERYDAY_RANKS), else undefined. */
export function everydayRank(word: string): number | undefined {
  const rank = wordVectors()?.rankOf(word);
  return rank !== undefined && rank <= EVERYDAY_RANKS ? rank : undefined;
}

/**
 * How common a word is in general English, 0..1: 1 for the most common word, falling with the log
 * of its rank to 0.5 at EVERYDAY_RANKS, and 0 for a rarer or unlisted word (a specific or technical
 * word, or a typo), which is what a question is about. Ranks come from the word vectors; with
 * them switched off every word counts as specific.
 */
export function everydayness(word: string): number {
  let rank = everydayRank(word);
  if (rank === undefined) {
    for (const [suffix, base] of SUFFIXES) {
      if (word.length > suffix.length + 2 && word.endsWith(suffix)) {
        rank = everydayRank(word.slice(0, -suffix.length) + base);
        if (rank !== undefined) break;
      }
    }
  }
  if (rank === undefined) return 0;
  return 1 - (0.5 * Math.log(rank)) / Math.log(EVERYDAY_RANKS + 1);
}

export function isEnglishWord(word: string): boolean {
  return everydayness(word) > 0;
}
