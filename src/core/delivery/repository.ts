import { containsParam, jsonField, type SqlDatabase } from '../db/sql';
import type { Workspace } from '../workspace';
import type { Delivery, DeliveryStatus, FinalOutcome, NewClaim } from './entities';

interface DeliveryRow {
  key: string;
  user_id: string | null;
  kind: string;
  due_at: string;
  status: DeliveryStatus;
  attempts: number;
  last_error: string | null;
  channel: string | null;
  ts: string | null;
  claimed_at: string | null;
  sent_at: string | null;
  claim_token: string | null;
  payload: string | null;
  context: string | null;
  retry_at: string | null;
}

function toDelivery(r: DeliveryRow): Delivery {
  return {
    key: r.key,
    userId: r.user_id,
    kind: r.kind,
    dueAt: r.due_at,
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
    channel: r.channel,
    ts: r.ts,
    claimedAt: r.claimed_at,
    sentAt: r.sent_at,
    claimToken: r.claim_token,
    payload: r.payload,
    context: r.context,
    retryAt: r.retry_at,
  };
}

export interface DeliveryRepository {
  /** True when this caller now holds the key; false when anyone claimed or recorded it before. */
  claim(c: NewClaim): Promise<boolean>;
  /** Takes over a claim whose holder went quiet before `staleBefore` (crashed); true when taken. */
  takeOverStale(key: string, token: string, at: Date, staleBefore: Date): Promise<boolean>;
  /** Counts one more send attempt and refreshes the claim's heartbeat. */
  recordAttempt(key: string, token: string, at: Date): Promise<void>;
  markSent(key: string, token: string, result: { ts: string | undefined; channel: string; at: Date }): Promise<boolean>;
  /** Records a failure; with `retryAt` it is a passing one that a later run may send again from then on. */
  markFailed(key: string, token: string, error: string, retryAt?: Date): Promise<boolean>;
  /** Claims a delivery that failed for a passing reason once its `retry_at` has come; true when taken. */
  retakeFailed(key: string, token: string, at: Date): Promise<boolean>;
  /** Refreshes `claimed_at` of claims this sender still holds, so nobody takes them over while it waits. */
  heartbeat(claims: ReadonlyArray<{ key: string; token: string }>, at: Date): Promise<void>;
  /** Passing failures whose `retry_at` has come by `at`. */
  retryableFailures(at: Date, limit?: number): Promise<Delivery[]>;
  noteError(key: string, token: string, error: string): Promise<void>;
  /** Records an occurrence that will never be sent (missed while down, skipped); false if the key exists. */
  recordFinal(r: FinalOutcome): Promise<boolean>;
  get(key: string): Promise<Delivery | undefined>;
  /** Claims not updated since `before`: their sender died between claim and outcome. */
  staleClaims(before: Date, limit?: number): Promise<Delivery[]>;
  countsByStatus(): Promise<Partial<Record<DeliveryStatus, number>>>;
  /**
   * Clears the stored message of deliveries that are final (sent, failed, missed) and were last
   * claimed before `before` (the stale-claim window): only a crashed claim is ever re-sent from it.
   */
  prunePayloads(before: Date): Promise<number>;
}

/**
 * Clears every stored message that mentions the user (cohort posts, other managers' messages),
 * for forget-me; run it inside the caller's deletion transaction. A cleared claim still in flight
 * is not re-sent after a crash: deleted beats delivered.
 */
export async function clearPayloadsMentioning(db: SqlDatabase, workspace: Workspace, userId: string): Promise<number> {
  const { changes } = await db.run(
    `UPDATE deliveries SET payload = NULL WHERE team_id = ? AND payload IS NOT NULL AND ${containsParam(db.engine, 'payload')}`,
    [workspace.id, userId],
  );
  return changes;
}

/** Clears the stored messages (prep nudges with their agenda) sent to a manager about one 1:1, for `1on1 remove`. */
export async function clearPayloadsOfOneOnOne(db: SqlDatabase, workspace: Workspace, managerId: string, oneOnOneId: number): Promise<number> {
  const { changes } = await db.run(
    `UPDATE deliveries SET payload = NULL
     WHERE team_id = ? AND user_id = ? AND payload IS NOT NULL AND ${jsonField(db.engine, 'context', ['occurrence', 'oneOnOne', 'id'])} = ?`,
    [workspace.id, managerId, oneOnOneId],
  );
  return changes;
}

/**
 * The deliveries ledger. A key is claimed once (INSERT ... ON CONFLICT DO NOTHING); only the
 * holder of the claim token may record the outcome, so a sender whose stale claim was taken over
 * after a crash cannot overwrite the new holder's result.
 *
 * Every claim, takeover and outcome is one conditional statement, so on PostgreSQL two processes
 * racing for the same key are serialised by the row lock and the loser's WHERE no longer matches
 * (READ COMMITTED re-checks it against the winner's row): exactly one of them changes a row.
 */
export function createDeliveryRepository(db: SqlDatabase, workspace: Workspace): DeliveryRepository {
  return {
    async claim(c: NewClaim): Promise<boolean> {
      const { changes } = await db.run(
        `INSERT INTO deliveries (team_id, key, user_id, kind, due_at, status, attempts, channel, claimed_at, claim_token, payload, context)
         VALUES (@team, @key, @userId, @kind, @dueAt, 'claimed', 0, @channel, @at, @token, @payload, @context)
         ON CONFLICT (team_id, key) DO NOTHING`,
        {
          team: workspace.id,
          key: c.key,
          userId: c.userId,
          kind: c.kind,
          dueAt: c.dueAt.toISOString(),
          channel: c.channel,
          at: c.at.toISOString(),
          token: c.token,
          payload: c.payload,
          context: c.context,
        },
      );
      return changes === 1;
    },
    async takeOverStale(key: string, token: string, at: Date, staleBefore: Date): Promise<boolean> {
      const { changes } = await db.run(
        `UPDATE deliveries SET claim_token = @token, claimed_at = @at
         WHERE team_id = @team AND key = @key AND status = 'claimed' AND claimed_at < @staleBefore`,
        { team: workspace.id, key, token, at: at.toISOString(), staleBefore: staleBefore.toISOString() },
      );
      return changes === 1;
    },
    async recordAttempt(key: string, token: string, at: Date): Promise<void> {
      await db.run('UPDATE deliveries SET attempts = attempts + 1, claimed_at = @at WHERE team_id = @team AND key = @key AND claim_token = @token', {
        team: workspace.id,
        key,
        token,
        at: at.toISOString(),
      });
    },
    async markSent(key: string, token: string, result: { ts: string | undefined; channel: string; at: Date }): Promise<boolean> {
      const { changes } = await db.run(
        `UPDATE deliveries SET status = 'sent', ts = @ts, channel = @channel, sent_at = @at, last_error = NULL
         WHERE team_id = @team AND key = @key AND claim_token = @token AND status = 'claimed'`,
        { team: workspace.id, key, token, ts: result.ts ?? null, channel: result.channel, at: result.at.toISOString() },
      );
      return changes === 1;
    },
    async markFailed(key: string, token: string, error: string, retryAt?: Date): Promise<boolean> {
      const { changes } = await db.run(
        `UPDATE deliveries SET status = 'failed', last_error = @error, retry_at = @retryAt
         WHERE team_id = @team AND key = @key AND claim_token = @token AND status = 'claimed'`,
        { team: workspace.id, key, token, error, retryAt: retryAt?.toISOString() ?? null },
      );
      return changes === 1;
    },
    async retakeFailed(key: string, token: string, at: Date): Promise<boolean> {
      const { changes } = await db.run(
        `UPDATE deliveries SET status = 'claimed', claim_token = @token, claimed_at = @at, retry_at = NULL
         WHERE team_id = @team AND key = @key AND status = 'failed' AND retry_at IS NOT NULL AND retry_at <= @at`,
        { team: workspace.id, key, token, at: at.toISOString() },
      );
      return changes === 1;
    },
    async heartbeat(claims: ReadonlyArray<{ key: string; token: string }>, at: Date): Promise<void> {
      const iso = at.toISOString();
      for (const c of claims) {
        await db.run(`UPDATE deliveries SET claimed_at = @at WHERE team_id = @team AND key = @key AND claim_token = @token AND status = 'claimed'`, {
          team: workspace.id,
          key: c.key,
          token: c.token,
          at: iso,
        });
      }
    },
    async retryableFailures(at: Date, limit = 500): Promise<Delivery[]> {
      const rows = await db.all<DeliveryRow>(
        `SELECT * FROM deliveries WHERE team_id = ? AND status = 'failed' AND retry_at IS NOT NULL AND retry_at <= ?
         ORDER BY retry_at, key LIMIT ?`,
        [workspace.id, at.toISOString(), limit],
      );
      return rows.map(toDelivery);
    },
    async noteError(key: string, token: string, error: string): Promise<void> {
      await db.run('UPDATE deliveries SET last_error = @error WHERE team_id = @team AND key = @key AND claim_token = @token', { team: workspace.id, key, token, error });
    },
    async recordFinal(r: FinalOutcome): Promise<boolean> {
      const { changes } = await db.run(
        `INSERT INTO deliveries (team_id, key, user_id, kind, due_at, status, last_error, context)
         VALUES (@team, @key, @userId, @kind, @dueAt, @status, @reason, @context)
         ON CONFLICT (team_id, key) DO NOTHING`,
        {
          team: workspace.id,
          key: r.key,
          userId: r.userId,
          kind: r.kind,
          dueAt: r.dueAt.toISOString(),
          status: r.status,
          reason: r.reason,
          context: r.context ?? null,
        },
      );
      return changes === 1;
    },
    async get(key: string): Promise<Delivery | undefined> {
      const row = await db.get<DeliveryRow>('SELECT * FROM deliveries WHERE team_id = ? AND key = ?', [workspace.id, key]);
      return row ? toDelivery(row) : undefined;
    },
    async staleClaims(before: Date, limit = 500): Promise<Delivery[]> {
      const rows = await db.all<DeliveryRow>(
        `SELECT * FROM deliveries WHERE team_id = ? AND status = 'claimed' AND claimed_at < ? ORDER BY claimed_at, key LIMIT ?`,
        [workspace.id, before.toISOString(), limit],
      );
      return rows.map(toDelivery);
    },
    async countsByStatus(): Promise<Partial<Record<DeliveryStatus, number>>> {
      const out: Partial<Record<DeliveryStatus, number>> = {};
      for (const r of await db.all<{ status: DeliveryStatus; n: number }>('SELECT status, COUNT(*) AS n FROM deliveries WHERE team_id = ? GROUP BY status', [workspace.id])) {
        out[r.status] = r.n;
      }
      return out;
    },
    async prunePayloads(before: Date): Promise<number> {
      const { changes } = await db.run(
        `UPDATE deliveries SET payload = NULL
         WHERE team_id = ? AND payload IS NOT NULL AND claimed_at < ? AND status IN ('sent', 'failed', 'missed')`,
        [workspace.id, before.toISOString()],
      );
      return changes;
    },
  };
}
