import crypto from 'node:crypto';

import { abbreviationTable, relatedWordTable } from './lexicon';
import { PHRASE_FOLDS, WORD_FOLDS } from './synonyms';

/** Questions longer than this are cut before any processing (Slack allows more; nobody asks that much). */
export const MAX_QUESTION_CHARS = 4000;
/** At most this many distinct terms reach the search, so a pasted essay stays as fast as a question. */
export const MAX_QUERY_TERMS = 24;

/**
 * Words that carry no topic: question scaffolding, pronouns, auxiliaries, and contractions
 * as they look once apostrophes are dropped ("don't" -> "dont").
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below between ' +
    'both but by can cant could couldnt did didnt do does doesnt doing dont down during each either else even ever ' +
    'every few for from further get gets getting got had hadnt has hasnt have havent having he her here hers herself ' +
    'him himself his how however i id if ill im in into is isnt it its itself ive just lets like likely me might more ' +
    'most much must my myself no nor not now of off often ok okay on once only or other others otherwise our ours ' +
    'ourselves out over own per please quite rather really same shall she should shouldnt so some such than that ' +
    'thats the their theirs them themselves then there theres these they theyre this those though through thus to ' +
    'too under until up upon us very via was wasnt we were weve what whats when whenever where whether which while ' +
    'who whom whose why will with within without wont would wouldnt yes yet you youd youll your youre yours ' +
    'yourself yourselves hi hello hey thanks thank tips tip way ways anyone someone something anything thing things ' +
    'kind sort lot lots bit actually basically honestly literally maybe perhaps pretty super seems seem already ' +
    'always never sometimes lately currently now today still one two new good best better main exactly general ' +
    'typical specific usually include includes including look looks looking seems feel feels give ' +
    'well completely totally constantly entirely extremely truly simply clearly certainly probably definitely ' +
    'last week weeks day days month months year years yesterday tomorrow tonight ago recently soon earlier ' +
    'everyone everybody anybody somebody half made took mean means ' +
    'say says said saying think thinks thought want wants wanted need needs needed make makes making ' +
    'take takes taking supposed stuff idea ideas sure next someday guys folks wondering wonder ' +
    'expect expects expected expecting great part big nothing everything ' +
    'help advice suggestion suggestions recommendation recommendations guidance pointers thoughts faq bot ' +
    'anyway finally obvious naive somewhere fairly ' +
    'monday tuesday wednesday thursday friday three four five six seven eight nine ten'
  ).split(/\s+/),
);

/** Removes Slack markup (mentions, channel and link syntax, emoji shortcodes), HTML tags and entities; keeps link labels. */
export function stripMarkup(text: string): string {
  return text
    .replace(/<(?:https?|mailto):[^|>\s]*\|([^>]*)>/gi, ' $1 ')
    // ":wave:", ":sweat_smile:", ":skin-tone-2:" and the thumbs ":+1:", ":-1:": otherwise a shortcode has a letter,
    // and it never follows a letter or digit, which keeps "1:1:" and "my 1:1s:" whole.
    .replace(/(?<![\p{L}\p{N}]):(?:[a-z0-9_+'-]*[a-z][a-z0-9_+'-]*|[+-]1):/giu, ' ')
    .replace(/<[@#!][^>]*>/g, ' ')
    .replace(/<\/?[a-z][^<>]*>/gi, ' ')
    .replace(/&(?:[a-z]+|#\d+|#x[0-9a-f]+);/gi, ' ')
    .replace(/https?:\/\/\S+/gi, ' ');
}

/** A name signing a message: after a comma or line break, one to three capitalised words, then the end. */
const SIGNATURE_NAME = /[,\n]\s*(?:\p{Lu}[\p{L}'\u2019.-]*\s*){1,3}$/u;
/** The formula before such a name ("Best regards,", "Cheers,", "Thanks,"), which makes it a signature. */
const SIGN_OFF_FORMULA = /(?:^|[^\p{L}])(?:(?:best|kind|warm|warmest|many)\s+)?(?:regards|cheers|thanks|thank you|thx|sincerely|yours sincerely|yours truly|best|bye)[\s,!.:-]*$/iu;

/** A leading "Question:", "Q:" or "quick q -": it labels the question, whose words follow. */
const QUESTION_LABEL = /^\s*(?:(?:a |one )?(?:quick|random|dumb|silly|stupid|small|simple|general|newbie)\s+)?(?:question|q)\s*(?::|\s[-\u2013\u2014]+)\s*/i;

/**
 * Removes how a message addresses the app and signs off rather than what it asks: a label ("Question:"), the
 * app's name ("@lead-coach", "lead coach,"), a slash command sent as text ("/lead faq how do I…", which Slack posts
 * as a message in a thread) and a signature ("Best regards,\nPriya"), whose name would weigh as the
 * rarest word of the question. "lead" and "coach" are topic words everywhere else; "faq" is a stop word.
 */
export function stripAddressing(text: string): string {
  let s = text.replace(QUESTION_LABEL, ' ').replace(/(?<![\p{L}\p{N}])@?lead[\s-]?coach(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])\/lead(?![\p{L}\p{N}])/giu, ' ');
  const name = SIGNATURE_NAME.exec(s);
  const formula = name ? SIGN_OFF_FORMULA.exec(s.slice(0, name.index)) : null;
  if (formula) s = s.slice(0, formula.index);
  return s;
}

/**
 * Each phrase fold with a non-global twin for a quick "does it occur at all?" test: most folds
 * do not occur in a given question, and a failed test is cheaper than a replace that finds nothing.
 */
const PHRASE_FOLD_CHECKS = PHRASE_FOLDS.map(([pattern, replacement]) => ({
  pattern,
  occurs: new RegExp(pattern.source, pattern.flags.replace('g', '')),
  replacement,
}));
/** Matches wherever any phrase fold would: most questions contain none, and one test settles that. */
const ANY_PHRASE_FOLD = new RegExp(PHRASE_FOLDS.map(([pattern]) => `(?:${pattern.source})`).join('|'));

let abbreviationPattern: RegExp | undefined;

/** Spells out shorthand from content/abbreviations.yaml ("w/o" -> "without", "lol" -> nothing), whole words only. */
export function expandAbbreviations(lowercased: string): string {
  const table = abbreviationTable();
  abbreviationPattern ??= new RegExp(
    `(?<![\\p{L}\\p{N}/])(?:${[...table.keys()]
      .sort((a, b) => b.length - a.length)
      .map((k) => k.replace(/\//g, '\\/'))
      .join('|')})(?![\\p{L}\\p{N}/])`,
    'gu',
  );
  return lowercased.replace(abbreviationPattern, (short) => ` ${table.get(short) ?? short} `);
}

/**
 * Bump when foldText's code changes the text it produces. Edits to its tables (the folds, the
 * abbreviations and idioms, the stop words) need no bump: foldingIdentity hashes them.
 */
export const FOLDING_VERSION = 5;

export interface FoldingTables {
  version: number;
  phraseFolds: ReadonlyArray<readonly [RegExp, string]>;
  wordFolds: Readonly<Record<string, string>>;
  abbreviations: ReadonlyMap<string, string>;
  stopWords: ReadonlySet<string>;
}

let shippedIdentity: string | undefined;

/**
 * What the stored index was folded with. Start-up compares the raw content's hash and this before
 * deciding to fold and re-index every entry again, so an edited fold or abbreviation re-indexes by
 * itself instead of leaving the index folded the old way while questions are folded the new way.
 */
export function foldingIdentity(tables?: Partial<FoldingTables>): string {
  if (!tables && shippedIdentity) return shippedIdentity;
  const t: FoldingTables = {
    version: FOLDING_VERSION,
    phraseFolds: PHRASE_FOLDS,
    wordFolds: WORD_FOLDS,
    abbreviations: abbreviationTable(),
    stopWords: STOP_WORDS,
    ...tables,
  };
  const identity = crypto
    .createHash('sha256')
    .update(
      JSON.stringify([
        t.version,
        t.phraseFolds.map(([pattern, replacement]) => [pattern.source, pattern.flags, replacement]),
        Object.entries(t.wordFolds),
        [...t.abbreviations],
        [...t.stopWords],
      ]),
    )
    .digest('hex');
  if (!tables) shippedIdentity = identity;
  return identity;
}

/**
 * The one spelling both entries and questions are reduced to: lowercase, accents and markup
 * removed, apostrophes dropped ("team's" -> "team", "don't" -> "dont", "we'd" -> "we"), shorthand spelled out,
 * synonym spellings folded, and every other character that is not a letter or digit turned into a space.
 */
export function foldText(text: string): string {
  let s = stripAddressing(stripMarkup(text.slice(0, MAX_QUESTION_CHARS)))
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .replace(/'s\b/g, '')
    // "we'd", "they'll", "you're": the pronoun is a stop word, and "wed" or "theyll" would weigh as an unknown subject.
    .replace(/'(?:d|ll|re|ve|m)\b/g, '')
    .replace(/'/g, '');
  s = expandAbbreviations(s);
  if (ANY_PHRASE_FOLD.test(s)) {
    for (const { pattern, occurs, replacement } of PHRASE_FOLD_CHECKS) {
      if (occurs.test(s)) s = s.replace(pattern, replacement);
    }
  }
  const words = s
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
  return words.map((w) => WORD_FOLDS[w] ?? w).join(' ');
}

/** The topic words of a question, folded, without stop words, deduplicated, in order. */
export function questionWords(text: string): string[] {
  const seen = new Set<string>();
  const words: string[] = [];
  for (const w of foldText(text).split(' ')) {
    if (!w || STOP_WORDS.has(w) || seen.has(w)) continue;
    if (w.length < 2 && !/\d/.test(w)) continue;
    if (w.length > 40) continue;
    seen.add(w);
    words.push(w);
    if (words.length >= MAX_QUERY_TERMS) break;
  }
  return words;
}

/** One concept of a question: the word as asked plus the related words it also looks for. */
export interface TermGroup {
  word: string;
  alternatives: string[];
}

/** A question reduced to what the search needs, computed once per question. */
export interface AnalysedQuestion {
  /** The topic words, as questionWords returns them. */
  words: string[];
  /** Each topic word with the related words it also looks for. */
  terms: TermGroup[];
  /** Groups the same unanswered question asked in slightly different words (see gapKey). */
  gapKey: string;
}

// Expansions are constant: fold each one once, on first use, rather than on every question.
const foldedExpansions = new Map<string, string[]>();

function expansionWords(word: string): string[] {
  const cached = foldedExpansions.get(word);
  if (cached) return cached;
  const extra = relatedWordTable().get(word) ?? [];
  const folded = extra.flatMap((e) => foldText(e).split(' '));
  foldedExpansions.set(word, folded);
  return folded;
}

/** A word with the related words it also looks for. */
export function termGroup(word: string): TermGroup {
  const alternatives = [word, ...expansionWords(word)].filter((w, i, all) => w && all.indexOf(w) === i);
  return { word, alternatives };
}

function gapKeyOf(words: readonly string[]): string {
  return words.join(' ').slice(0, 500);
}

/**
 * How an introduction that only says who is asking starts: a clause ("As a new EM at a startup,", "Two months
 * into my first EM role,", "Having just taken over a team of 11,"), a sentence ("I lead a backend team at a
 * fintech company.", "My team is six backend engineers.") or a labelled fragment ("Context: EM, 5 months in,
 * team of 6."). The part must also name a role and say nothing more (ROLE_NOUN, SECOND_CLAUSE).
 */
const UNITS = '(?:days?|weeks?|months?|years?|yrs?)';
const NUMBER = '(?:\\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|a couple of|several)';
const CLAUSE_OPENERS = [
  'as (?:an?|the|one of the)\\b',
  'being (?:an?|the|fairly|quite|pretty|relatively|still|new)\\b',
  'having (?:just |recently )?(?:been|managed|led|run|taken|joined|moved|become)\\b',
  'speaking as\\b',
  `${NUMBER} ${UNITS} into\\b`,
  '(?:just|recently|newly) (?:promoted|made|appointed|hired|became|joined)\\b',
  'in my first\\b',
];
const SENTENCE_OPENERS = [
  "i am\\b", "i['\\u2019]?m\\b", "i['\\u2019]?ve (?:just |recently )?(?:been|become|taken)\\b", 'i have (?:just |recently )?(?:been|become|taken)\\b',
  '(?:i|we) (?:manage|lead|run|head|oversee|work)\\b', 'i report to\\b', 'i (?:just |recently )?(?:became|joined|moved into|took over)\\b',
  'i was (?:just |recently )?(?:promoted|made|hired|appointed)\\b', 'my (?:title|role|team|org) (?:is|has)\\b', "we(?:['\\u2019]re| are) an?\\b",
];
const LABEL = '(?:for (?:some )?context|(?:some |quick )?context|(?:quick )?background|about me|fwiw)\\s*[,:-]?\\s*';
const ROLE_CLAUSE = new RegExp(`^\\s*(?:${LABEL})?(?:${CLAUSE_OPENERS.join('|')})[^,.?!;:\\n]{0,80}(?:[,:]|\\s[-\\u2013\\u2014]+)\\s*`, 'i');
const ROLE_SENTENCE = new RegExp(`^\\s*(?:${LABEL})?(?:${SENTENCE_OPENERS.join('|')})([^.?!\\n]{0,100})(?:[.!\\n]+|\\s[-\\u2013\\u2014]+|:)\\s*(?=\\S)`, 'i');
/** A labelled fragment: "Context: EM, 5 months in, team of 6." up to the end of its sentence. */
const LABELLED_FRAGMENT = /^\s*(?:(?:some |quick )?context|(?:quick )?background|about me)\s*[:-]\s*([^.?!\n]{1,120})[.!\n]+\s*(?=\S)/i;
const ROLE_NOUN = /\b(?:manager|mgr|em|ems|lead|leader|director|cto|vp|head|engineers?|developers?|devs?|team|squad|group|reports|people|company|startup|org|ic|staff|principal|engineering|management|role)\b/i;
/** What makes a preamble say more than who is asking: a second clause, a subject of its own, a situation. */
const SECOND_CLAUSE = /\b(?:and|but|where|who|which|because|so|that|though|although|while|i|we|you|they|thinking|considering|wondering|trying|struggling|worried|feel|feeling)\b/i;

const saysOnlyWhoIsAsking = (part: string) => ROLE_NOUN.test(part) && !SECOND_CLAUSE.test(part);

/** The question without an introduction that only says who is asking, part by part; the text itself when there is none. */
export function withoutPreamble(text: string): string {
  const fragment = LABELLED_FRAGMENT.exec(text);
  if (fragment && saysOnlyWhoIsAsking(fragment[1] ?? '')) return withoutPreamble(text.slice(fragment[0].length));
  const sentence = ROLE_SENTENCE.exec(text);
  if (sentence && saysOnlyWhoIsAsking(sentence[1] ?? '')) return withoutPreamble(text.slice(sentence[0].length));
  const clause = ROLE_CLAUSE.exec(text);
  if (clause && saysOnlyWhoIsAsking(clause[0].replace(new RegExp(`^\\s*(?:${LABEL})?`, 'i'), ''))) return withoutPreamble(text.slice(clause[0].length));
  return text;
}

/**
 * Topic words the question must keep without its preamble for the preamble to be set aside: "As a new
 * manager, what should I focus on?" is about being a new manager, not about focus.
 */
const MIN_FOCUSED_WORDS = 2;

export function analyseQuestion(text: string): AnalysedQuestion {
  const focused = questionWords(withoutPreamble(text));
  const words = focused.length >= MIN_FOCUSED_WORDS ? focused : questionWords(text);
  return { words, terms: words.map(termGroup), gapKey: gapKeyOf(words) };
}

export function questionTerms(text: string): TermGroup[] {
  return analyseQuestion(text).terms;
}

/** A stable key for grouping the same unanswered question asked in slightly different words. */
export function gapKey(text: string): string {
  return gapKeyOf(questionWords(text));
}
