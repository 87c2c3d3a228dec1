import type { CategoryId } from '../../core/categories';

export type EntrySource = 'command' | 'modal' | 'checkin';

export interface TimeEntry {
  id: number;
  userId: string;
  category: CategoryId;
  minutes: number;
  localDate: string;
  timeZone: string;
  note: string | null;
  source: EntrySource;
  createdAt: string;
}

export interface NewTimeEntry {
  userId: string;
  category: CategoryId;
  minutes: number;
  localDate: string;
  timeZone: string;
  note?: string | null;
  source: EntrySource;
  createdAt: Date;
  /** Slack's id for the request (trigger_id, action_ts...): the same request never stores twice. */
  requestKey?: string;
}

/** A manager's own target range for one category, in percent of their logged time. */
export interface OwnTarget {
  min: number;
  max: number;
}
