/** A manager enrolled in lead-coach: one row of `managers`, owned (written) by the enrolment feature;
 * every feature and the request scope read it, so its shape lives in the core. */
export interface Manager {
  userId: string;
  teamId: string;
  timeZone: string;
  timeZoneSource: 'slack' | 'manual';
  timeZoneCheckedAt: string | null;
  enrolledAt: string;
  /** ISO weekdays, 1 = Monday ... 7 = Sunday. */
  workingDays: number[];
  workStart: string;
  workEnd: string;
  nudgesEnabled: boolean;
  pausedUntil: string | null;
  shareInCohort: boolean;
  unreachableReason: string | null;
  /** False while Slack has given no usable zone and the manager has not set one: nudges wait. */
  timeZoneConfirmed: boolean;
}
