import type { CategoryId, CategoryMinutes } from '../../core/categories';

/** A manager's linked calendar, as stored: the address only as ciphertext. */
export interface CalendarLink {
  userId: string;
  urlCipher: string;
  /** What the manager is shown of the address (host and last characters). */
  urlHint: string;
  linkedAt: string;
  lastOkAt: string | null;
  /** Reads failed in a row. */
  failures: number;
  failingSince: string | null;
  lastProblem: string | null;
  nextRefreshAt: string;
}

/** What the calendar says about one local day. */
export interface CalendarDay {
  localDate: string;
  minutes: CategoryMinutes;
  noCodeMinutes: number;
  events: number;
}

/** A manager's own classification rule: a phrase in the title → a category. */
export interface CalendarRule {
  id: number;
  userId: string;
  phrase: string;
  category: CategoryId;
  createdAt: string;
}

/** A recurring 1:1 found in the calendar. */
export interface FoundOneOnOne {
  seriesUid: string;
  title: string;
  weekday: number;
  time: string;
  cadence: 'weekly' | 'biweekly';
  firstDate: string;
}

export type FoundOneOnOneState = 'found' | 'offered' | 'accepted' | 'dismissed';

/** A manager may add this many rules of their own. */
export const MAX_RULES = 30;
export const MAX_RULE_PHRASE_LENGTH = 60;
