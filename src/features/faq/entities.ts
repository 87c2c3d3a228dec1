import type { FaqEntry } from './content';

export interface FaqResult {
  entry: FaqEntry;
  /** Ranking score, higher is better (bm25 relevance weighted by coverage). */
  score: number;
  /** Share of the question the entry accounts for, 0..1. */
  coverage: number;
}

export interface FaqSearch {
  query: string;
  /** True when the best result is a confident answer; false means "no guidance on that yet". */
  matched: boolean;
  /** Best first. When not matched, the nearest entries (for curators), none of them confident. */
  results: FaqResult[];
  /** The question's topic words: groups the same unanswered question asked in different words. */
  gapKey: string;
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

export interface SyncResult {
  reindexed: boolean;
  entries: number;
}
