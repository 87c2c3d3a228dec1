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
  /** True only when coaching was started and nudges are switched on: what the nudge job may send. */
  nudgesEnabled: boolean;
  /** UTC ISO instant coaching (last) started; null when they never started or stopped it. */
  coachingStartedAt: string | null;
  /** When a `/lead` answer offered Start coaching; it is offered once. */
  coachingOfferedAt: string | null;
  pausedUntil: string | null;
  shareInCohort: boolean;
  unreachableReason: string | null;
  /** False while Slack has given no usable zone and the manager has not set one: nudges wait. */
  timeZoneConfirmed: boolean;
}
