/** A manager enrolled in lead-coach: one row of `managers`, owned by the enrolment feature. */
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
}

export interface NewManager {
  userId: string;
  teamId: string;
  timeZone: string;
  enrolledAt: Date;
}

export interface WorkingHours {
  workingDays: number[];
  workStart: string;
  workEnd: string;
}

export type InvitationAnswer = 'started' | 'declined';

/** One person `/lead enroll #channel` invited: invited once, and their answer remembered. */
export interface Invitation {
  userId: string;
  teamId: string;
  channelId: string;
  invitedAt: string;
  answer: InvitationAnswer | null;
  answeredAt: string | null;
}

export interface NewInvitation {
  userId: string;
  teamId: string;
  channelId: string;
  invitedAt: Date;
}
