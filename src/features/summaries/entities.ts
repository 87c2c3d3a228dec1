import type { CategoryId } from '../../core/categories';

export interface SummarySettings {
  channelId: string | null;
  setBy: string | null;
  setAt: string | null;
  timeZone: string;
  /** Bumped on every channel change, so a week that failed in one channel may be tried in the next. */
  version: number;
  /** No cohort figure is posted for a group of fewer managers who logged (never below `MIN_GROUP.floor`). */
  minGroup: number;
}

/** The least and most `/lead summary min-group` accepts, and what a new workspace starts with. */
export const MIN_GROUP = { floor: 3, ceiling: 50, default: 5 } as const;

export interface CohortPost {
  weekStart: string;
  channelId: string;
  settingsVersion: number;
  /** `empty`: nobody logged that week, so nothing was posted (and nothing is retried). */
  status: 'posted' | 'failed' | 'empty';
  messageTs: string | null;
  error: string | null;
  /** `native`: the chart travelled in the message as Slack's chart block; no PNG was uploaded. */
  chartStatus: ChartStatus | null;
  chartFileId: string | null;
  chartError: string | null;
  /** UTC ISO instant of the last change: how old an `uploading` chart or a failed upload is. */
  updatedAt: string;
}

export type ChartStatus = 'uploading' | 'uploaded' | 'failed' | 'skipped' | 'native';

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
