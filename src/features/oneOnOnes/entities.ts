import type { OneOnOneSchedule } from '../nudges';

export interface OneOnOne extends OneOnOneSchedule {
  managerId: string;
  createdAt: string;
}

export interface AgendaItem {
  id: number;
  oneOnOneId: number;
  managerId: string;
  text: string;
  status: 'open' | 'done';
  createdAt: string;
  doneAt: string | null;
}

export const MAX_AGENDA_ITEM_LENGTH = 500;
export const MAX_ONE_ON_ONES = 30;
