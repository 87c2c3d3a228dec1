export type DeliveryStatus = 'claimed' | 'sent' | 'failed' | 'missed' | 'skipped';

export interface Delivery {
  key: string;
  userId: string | null;
  kind: string;
  dueAt: string;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  channel: string | null;
  ts: string | null;
  claimedAt: string | null;
  sentAt: string | null;
  claimToken: string | null;
  payload: string | null;
  context: string | null;
  /** Set on a delivery that failed for a passing reason: a later run may send it again from then on. */
  retryAt: string | null;
}

export interface NewClaim {
  key: string;
  userId: string | null;
  kind: string;
  dueAt: Date;
  channel: string;
  payload: string;
  context: string | null;
  token: string;
  at: Date;
}

/** An occurrence that will never be sent: missed while the app was down, or skipped. */
export interface FinalOutcome {
  key: string;
  userId: string | null;
  kind: string;
  dueAt: Date;
  status: 'missed' | 'skipped';
  reason: string;
  context?: string | null;
}
