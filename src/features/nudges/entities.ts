import type { NudgeId } from './catalog';

/** A nudge put off until later, delivered by the job when due. */
export interface Snooze {
  deliveryKey: string;
  originKey: string;
  userId: string;
  nudgeId: NudgeId;
  dueAt: string;
  /** JSON of the occurrence that was snoozed. */
  occurrence: string;
}

export type NudgeResponse = 'done' | 'skipped' | 'snoozed' | 'turned-off';

/** How a manager has been using one nudge (see the back-off rules in the README). */
export interface CadenceState {
  ignoredInRow: number;
  lessOften: 'no' | 'backed-off' | 'chosen';
  askPending: boolean;
  /** Local Monday of the week the manager marked it Done. */
  doneWeek: string | null;
}

/** A workspace holiday: nothing is sent on that local date. */
export interface Holiday {
  date: string;
  name: string;
  addedBy: string;
  addedAt: string;
}
