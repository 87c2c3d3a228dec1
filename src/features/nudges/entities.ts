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
