export type { Manager } from '../../core/manager';

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
