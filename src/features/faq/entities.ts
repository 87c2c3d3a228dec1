import type { FaqEntry } from './content';
import type { ConfidenceShortfall } from './search/confidence';

export interface FaqResult {
  entry: FaqEntry;
  /** Ranking score, higher is better (bm25 relevance weighted by coverage). */
  score: number;
  /** Share of the question the entry accounts for, 0..1. */
  coverage: number;
  /** Confident, or close enough to offer as "Did you mean…?". */
  plausible: boolean;
}

export interface FaqSearch {
  query: string;
  /** True when the best result is a confident answer; false means "no guidance on that yet". */
  matched: boolean;
  /** Not matched, but the best results are close: offer them as "Did you mean…?" (see PLAUSIBLE_THRESHOLD). */
  plausible: boolean;
  /** Best first. When not matched, the nearest entries (for curators), none of them confident. */
  results: FaqResult[];
  /** The question's topic words: groups the same unanswered question asked in different words. */
  gapKey: string;
}

/** One candidate of `FaqRepository.explain`: the signals the ranking weighed, and why it is not an answer. */
export interface ExplainedCandidate {
  entry: FaqEntry;
  confident: boolean;
  plausible: boolean;
  /** Share of the question's weighted words the entry accounts for (0..1). */
  coverage: number;
  /** Share found in the entry's single most similar stored question (0..1). */
  questionMatch: number;
  /** Whole-question similarity (-1..1); undefined without word vectors. */
  sentence: number | undefined;
  /** The entry classifier's P(entry | question), 0..1; undefined when it knows none of the words. */
  classifierProbability: number | undefined;
  score: number;
  /** What keeps it from answering (empty when confident). */
  shortfalls: Array<ConfidenceShortfall | 'unlike-as-a-sentence'>;
  /** The question's words with nothing like them in the entry (what `unmatched-words` means). */
  unmatchedWords: string[];
}

/** How the search reads a question and weighs its candidates, best first (before what votes and choices taught it). */
export interface FaqExplanation {
  query: string;
  /** The question's words as searched (folded, typos corrected). */
  words: string[];
  matched: boolean;
  plausible: boolean;
  candidates: ExplainedCandidate[];
}

/** A question someone asked, as it is stored (with what it matched). */
export interface NewQuestion {
  userId: string | null;
  question: string;
  result: FaqSearch;
  channel: 'slack' | 'cli';
  askedAt: Date;
}

export interface RecordedQuestion {
  id: number;
  userId: string | null;
  question: string;
  matched: boolean;
  entryId: string | null;
  askedAt: string;
  /** The question's topic words (its gap key): what learning from use is keyed by. */
  termKey: string;
  chosenEntryId: string | null;
}

export interface FaqGap {
  /** The most recent wording of the question. */
  example: string;
  count: number;
  lastAskedAt: string;
}

export interface UnhelpfulAnswer {
  entryId: string;
  notHelpful: number;
  helpful: number;
}

/** What one person told us about an entry as an answer to one way of asking. */
export interface LearningSignal {
  termKey: string;
  entryId: string;
  userId: string;
  /** +1: chose it from "Did you mean…?" or found it helpful; -1: found it not helpful. */
  signal: 1 | -1;
  at: Date;
}

/** For faq-gaps: what went wrong near one entry (or near none, entryId null). */
export interface EntryGaps {
  entryId: string | null;
  /** Questions answered "no guidance" whose nearest entry this was. */
  declined: number;
  /** Questions answered "not sure, did you mean…?" with this as the nearest entry. */
  lowConfidence: number;
  notHelpful: number;
  helpful: number;
  /** Recent wordings of the declined and low-confidence questions (most recent first). */
  examples: string[];
}

export interface SyncResult {
  reindexed: boolean;
  entries: number;
}
