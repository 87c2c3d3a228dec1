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

/** What an edit may change in one entry. */
export interface EntryChanges {
  category: CategoryId;
  minutes: number;
  localDate: string;
  note: string | null;
}

/** One undoable change to a manager's log: a single log, a day-form save, an edit or a delete. */
export type TimeLogActionKind = 'log' | 'form' | 'edit' | 'delete';

export interface TimeLogAction {
  id: number;
  userId: string;
  kind: TimeLogActionKind;
  /** The day the action is about. */
  localDate: string;
  /** The entries the action changed or deleted, as they were before it. */
  before: TimeEntry[];
  /** The entries the action inserted or changed, as it left them. */
  after: TimeEntry[];
  createdAt: string;
}

export type NewTimeLogAction = Omit<TimeLogAction, 'id' | 'createdAt'> & { createdAt: Date };

/** A manager's own target range for one category, in percent of their logged time. */
export interface OwnTarget {
  min: number;
  max: number;
}
