import type { CategoryId } from '../../core/categories';

export interface SummarySettings {
  channelId: string | null;
  setBy: string | null;
  setAt: string | null;
  timeZone: string;
  /** Bumped on every channel change, so a week that failed in one channel may be tried in the next. */
  version: number;
}

export interface CohortPost {
  weekStart: string;
  channelId: string;
  settingsVersion: number;
  status: 'posted' | 'failed';
  messageTs: string | null;
  error: string | null;
  chartStatus: 'uploading' | 'uploaded' | 'failed' | 'skipped' | null;
  chartFileId: string | null;
  chartError: string | null;
  /** UTC ISO instant of the last change: how old an `uploading` chart or a failed upload is. */
  updatedAt: string;
}

/** What the weekly job needs to know about each manager. */
export interface SummaryRecipient {
  userId: string;
  timeZone: string;
  enrolledAt: string;
  shareInCohort: boolean;
  nudgesEnabled: boolean;
  pausedUntil: string | null;
  unreachable: boolean;
}

export type OwnRanges = Partial<Record<CategoryId, { min: number; max: number }>>;
