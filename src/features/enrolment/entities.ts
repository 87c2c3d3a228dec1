export type { Manager } from '../../core/manager';

/** The workspace is the repository's own: a new manager belongs to the install that enrols them. */
export interface NewManager {
  userId: string;
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
  channelId: string;
  invitedAt: Date;
}
