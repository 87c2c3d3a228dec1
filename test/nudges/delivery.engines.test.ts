// @engines sqlite postgres
// The deliveries ledger on each engine: a key is sent once, only the claim's holder records the
// outcome, a crashed sender's claim goes to exactly one other sender, and two processes (two
// connections to the same database) racing for the same key never both win.
import { fixedWorkspace } from '../../src/core/workspace';
import type { Database } from '../../src/core/db/database';
import { createDeliveryRepository, type DeliveryRepository } from '../../src/core/delivery/repository';
import type { NewClaim } from '../../src/core/delivery/entities';
import { freshDatabase, openTestDatabase } from '../support/database';

const T0 = new Date('2026-11-16T08:00:00.000Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

let db: Database;
let locator: string;
let repo: DeliveryRepository;

beforeEach(async () => {
  ({ db, locator } = await freshDatabase());
  repo = createDeliveryRepository(db, fixedWorkspace('T1'));
  for (const userId of ['U_A', 'U_B']) {
    await db.run('INSERT INTO managers (user_id, team_id, enrolled_at) VALUES (?, ?, ?)', [userId, 'T1', '2026-11-01T00:00:00.000Z']);
  }
});

afterEach(async () => {
  await db.close();
});

function claimOf(key: string, token: string, at = T0, userId: string | null = 'U_A'): NewClaim {
  return {
    key,
    userId,
    kind: 'test',
    dueAt: T0,
    channel: userId ?? 'C_COHORT',
    payload: JSON.stringify({ channel: userId, text: `hello from ${token}` }),
    context: null,
    token,
    at,
  };
}

describe('claiming a key', () => {
  it('is granted once: a second sender, or an outcome recorded afterwards, does not replace the first claim', async () => {
    expect(await repo.claim(claimOf('test:U_A:1', 'tok-1'))).toBe(true);
    expect(await repo.claim(claimOf('test:U_A:1', 'tok-2', minutes(1)))).toBe(false);
    expect(await repo.recordFinal({ key: 'test:U_A:1', userId: 'U_A', kind: 'test', dueAt: T0, status: 'missed', reason: 'down' })).toBe(false);

    expect(await repo.get('test:U_A:1')).toEqual({
      key: 'test:U_A:1',
      userId: 'U_A',
      kind: 'test',
      dueAt: T0.toISOString(),
      status: 'claimed',
      attempts: 0,
      lastError: null,
      channel: 'U_A',
      ts: null,
      claimedAt: T0.toISOString(),
      sentAt: null,
      claimToken: 'tok-1',
      payload: JSON.stringify({ channel: 'U_A', text: 'hello from tok-1' }),
      context: null,
      retryAt: null,
    });
    expect(await repo.get('test:U_A:unknown')).toBeUndefined();
  });

  it('is refused for a key already recorded as missed', async () => {
    const final = { key: 'test:U_A:2', userId: 'U_A', kind: 'test', dueAt: T0, status: 'missed' as const, reason: 'app was down', context: '{"a":1}' };
    expect(await repo.recordFinal(final)).toBe(true);
    expect(await repo.recordFinal({ ...final, status: 'skipped', reason: 'again' })).toBe(false);
    expect(await repo.claim(claimOf('test:U_A:2', 'tok-1'))).toBe(false);
    expect(await repo.get('test:U_A:2')).toMatchObject({ status: 'missed', lastError: 'app was down', context: '{"a":1}', claimToken: null });
  });
});

describe('recording the outcome', () => {
  it('is for the claim holder only, and a sent delivery stays sent', async () => {
    await repo.claim(claimOf('test:U_A:1', 'tok-1'));
    await repo.recordAttempt('test:U_A:1', 'tok-1', minutes(1));
    await repo.recordAttempt('test:U_A:1', 'someone-else', minutes(2));
    await repo.noteError('test:U_A:1', 'tok-1', 'http_502');
    await repo.noteError('test:U_A:1', 'someone-else', 'not mine');
    expect(await repo.get('test:U_A:1')).toMatchObject({ attempts: 1, claimedAt: minutes(1).toISOString(), lastError: 'http_502' });

    expect(await repo.markSent('test:U_A:1', 'someone-else', { ts: '1.1', channel: 'D1', at: minutes(2) })).toBe(false);
    expect(await repo.markFailed('test:U_A:1', 'someone-else', 'boom')).toBe(false);
    expect(await repo.markSent('test:U_A:1', 'tok-1', { ts: '1.2', channel: 'D1', at: minutes(2) })).toBe(true);
    expect(await repo.markSent('test:U_A:1', 'tok-1', { ts: '1.3', channel: 'D1', at: minutes(3) })).toBe(false);
    expect(await repo.markFailed('test:U_A:1', 'tok-1', 'late failure')).toBe(false);

    expect(await repo.get('test:U_A:1')).toMatchObject({
      status: 'sent',
      ts: '1.2',
      channel: 'D1',
      sentAt: minutes(2).toISOString(),
      lastError: null,
      attempts: 1,
    });
  });

  it('stores a send without a ts (a channel post) as sent', async () => {
    await repo.claim(claimOf('cohort:1', 'tok-1', T0, null));
    expect(await repo.markSent('cohort:1', 'tok-1', { ts: undefined, channel: 'C_COHORT', at: minutes(1) })).toBe(true);
    expect(await repo.get('cohort:1')).toMatchObject({ status: 'sent', ts: null, userId: null, channel: 'C_COHORT' });
  });
});

describe('a claim whose sender went quiet', () => {
  it('is listed as stale, oldest first, and taken over by the next sender; the old holder can no longer record', async () => {
    await repo.claim(claimOf('test:U_A:old', 'tok-old', T0));
    await repo.claim(claimOf('test:U_B:older', 'tok-older', minutes(-5), 'U_B'));
    await repo.claim(claimOf('test:U_A:fresh', 'tok-fresh', minutes(20)));
    await repo.claim(claimOf('test:U_A:done', 'tok-done', T0));
    await repo.markSent('test:U_A:done', 'tok-done', { ts: '1', channel: 'D', at: T0 });

    const staleBefore = minutes(10);
    expect((await repo.staleClaims(staleBefore)).map((d) => d.key)).toEqual(['test:U_B:older', 'test:U_A:old']);
    expect((await repo.staleClaims(staleBefore, 1)).map((d) => d.key)).toEqual(['test:U_B:older']);

    expect(await repo.takeOverStale('test:U_A:fresh', 'tok-new', minutes(25), staleBefore)).toBe(false);
    expect(await repo.takeOverStale('test:U_A:done', 'tok-new', minutes(25), staleBefore)).toBe(false);
    expect(await repo.takeOverStale('test:U_A:old', 'tok-new', minutes(25), staleBefore)).toBe(true);
    // Taken over: now fresh, so a third sender with the same window does not take it again.
    expect(await repo.takeOverStale('test:U_A:old', 'tok-third', minutes(25), staleBefore)).toBe(false);

    expect(await repo.markSent('test:U_A:old', 'tok-old', { ts: '9', channel: 'D', at: minutes(26) })).toBe(false);
    expect(await repo.markSent('test:U_A:old', 'tok-new', { ts: '10', channel: 'D', at: minutes(26) })).toBe(true);
    expect(await repo.get('test:U_A:old')).toMatchObject({ status: 'sent', claimToken: 'tok-new', ts: '10' });
    expect((await repo.staleClaims(staleBefore)).map((d) => d.key)).toEqual(['test:U_B:older']);
  });

  it('is kept by a heartbeat from its holder, not by one from anyone else', async () => {
    await repo.claim(claimOf('test:U_A:1', 'tok-1', T0));
    await repo.claim(claimOf('test:U_B:1', 'tok-2', T0, 'U_B'));
    await repo.heartbeat(
      [
        { key: 'test:U_A:1', token: 'tok-1' },
        { key: 'test:U_B:1', token: 'wrong' },
      ],
      minutes(9),
    );
    expect((await repo.staleClaims(minutes(5))).map((d) => d.key)).toEqual(['test:U_B:1']);
    expect(await repo.takeOverStale('test:U_A:1', 'tok-x', minutes(10), minutes(5))).toBe(false);
    expect(await repo.takeOverStale('test:U_B:1', 'tok-x', minutes(10), minutes(5))).toBe(true);
    await repo.heartbeat([], minutes(11));
  });
});

describe('a passing failure', () => {
  it('is retried from its retry time on, by one sender; a lasting failure never is', async () => {
    await repo.claim(claimOf('test:U_A:pass', 'tok-1'));
    await repo.claim(claimOf('test:U_B:last', 'tok-2', T0, 'U_B'));
    await repo.claim(claimOf('test:U_A:later', 'tok-3'));
    expect(await repo.markFailed('test:U_A:pass', 'tok-1', 'rate_limited', minutes(30))).toBe(true);
    expect(await repo.markFailed('test:U_B:last', 'tok-2', 'channel_not_found')).toBe(true);
    expect(await repo.markFailed('test:U_A:later', 'tok-3', 'rate_limited', minutes(60))).toBe(true);
    expect(await repo.get('test:U_A:pass')).toMatchObject({ status: 'failed', lastError: 'rate_limited', retryAt: minutes(30).toISOString() });

    expect(await repo.retryableFailures(minutes(29))).toEqual([]);
    expect((await repo.retryableFailures(minutes(90))).map((d) => d.key)).toEqual(['test:U_A:pass', 'test:U_A:later']);
    expect((await repo.retryableFailures(minutes(90), 1)).map((d) => d.key)).toEqual(['test:U_A:pass']);

    expect(await repo.retakeFailed('test:U_A:pass', 'tok-4', minutes(29))).toBe(false);
    expect(await repo.retakeFailed('test:U_B:last', 'tok-4', minutes(90))).toBe(false);
    expect(await repo.retakeFailed('test:U_A:pass', 'tok-4', minutes(30))).toBe(true);
    expect(await repo.retakeFailed('test:U_A:pass', 'tok-5', minutes(31))).toBe(false);
    expect(await repo.get('test:U_A:pass')).toMatchObject({ status: 'claimed', claimToken: 'tok-4', claimedAt: minutes(30).toISOString(), retryAt: null });
    expect(await repo.markSent('test:U_A:pass', 'tok-1', { ts: '1', channel: 'D', at: minutes(31) })).toBe(false);
    expect(await repo.markSent('test:U_A:pass', 'tok-4', { ts: '2', channel: 'D', at: minutes(31) })).toBe(true);
  });
});

describe('the ledger as a whole', () => {
  it('counts deliveries by status', async () => {
    expect(await repo.countsByStatus()).toEqual({});
    await repo.claim(claimOf('a', 'tok'));
    await repo.claim(claimOf('b', 'tok'));
    await repo.markSent('b', 'tok', { ts: '1', channel: 'D', at: T0 });
    await repo.claim(claimOf('c', 'tok'));
    await repo.markSent('c', 'tok', { ts: '2', channel: 'D', at: T0 });
    await repo.recordFinal({ key: 'd', userId: 'U_A', kind: 'test', dueAt: T0, status: 'skipped', reason: 'paused' });
    expect(await repo.countsByStatus()).toEqual({ claimed: 1, sent: 2, skipped: 1 });
  });

  it('prunes the stored message of final deliveries claimed before the window, and keeps claims in flight', async () => {
    await repo.claim(claimOf('old-sent', 'tok', T0));
    await repo.markSent('old-sent', 'tok', { ts: '1', channel: 'D', at: T0 });
    await repo.claim(claimOf('old-failed', 'tok', T0));
    await repo.markFailed('old-failed', 'tok', 'boom');
    await repo.claim(claimOf('old-claimed', 'tok', T0));
    await repo.claim(claimOf('new-sent', 'tok', minutes(30)));
    await repo.markSent('new-sent', 'tok', { ts: '2', channel: 'D', at: minutes(30) });

    expect(await repo.prunePayloads(minutes(10))).toBe(2);
    expect(await repo.prunePayloads(minutes(10))).toBe(0);
    const payloads = await db.all<{ key: string; kept: number }>(
      'SELECT key, CASE WHEN payload IS NULL THEN 0 ELSE 1 END AS kept FROM deliveries ORDER BY key',
    );
    expect(payloads).toEqual([
      { key: 'new-sent', kept: 1 },
      { key: 'old-claimed', kept: 1 },
      { key: 'old-failed', kept: 0 },
      { key: 'old-sent', kept: 0 },
    ]);
  });
});

describe('two processes racing for the same key', () => {
  const ROUNDS = 40;
  let other: Database;
  let otherRepo: DeliveryRepository;

  beforeEach(async () => {
    other = await openTestDatabase(locator);
    otherRepo = createDeliveryRepository(other, fixedWorkspace('T1'));
  });

  afterEach(async () => {
    await other.close();
  });

  it('lets exactly one of them claim it, every time', async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const key = `race:claim:${i}`;
      const [a, b] = await Promise.all([repo.claim(claimOf(key, 'proc-a')), otherRepo.claim(claimOf(key, 'proc-b'))]);
      expect([a, b].filter(Boolean)).toHaveLength(1);
      expect((await repo.get(key))?.claimToken).toBe(a ? 'proc-a' : 'proc-b');
    }
  });

  it('lets exactly one of them take over a stale claim, and only the winner records the outcome', async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const key = `race:stale:${i}`;
      await repo.claim(claimOf(key, 'crashed', T0));
      const at = minutes(30);
      const staleBefore = minutes(20);
      const [a, b] = await Promise.all([
        repo.takeOverStale(key, 'proc-a', at, staleBefore),
        otherRepo.takeOverStale(key, 'proc-b', at, staleBefore),
      ]);
      expect([a, b].filter(Boolean)).toHaveLength(1);
      const winner = a ? 'proc-a' : 'proc-b';
      expect((await repo.get(key))?.claimToken).toBe(winner);

      const [sentA, sentB] = await Promise.all([
        repo.markSent(key, 'proc-a', { ts: 'a', channel: 'D', at: minutes(31) }),
        otherRepo.markSent(key, 'proc-b', { ts: 'b', channel: 'D', at: minutes(31) }),
      ]);
      expect([sentA, sentB]).toEqual([a, b]);
      expect(await otherRepo.get(key)).toMatchObject({ status: 'sent', claimToken: winner, ts: a ? 'a' : 'b' });
    }
  });

  it('lets exactly one of them retry a passing failure', async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const key = `race:retry:${i}`;
      await repo.claim(claimOf(key, 'first', T0));
      await repo.markFailed(key, 'first', 'rate_limited', minutes(5));
      const [a, b] = await Promise.all([repo.retakeFailed(key, 'proc-a', minutes(6)), otherRepo.retakeFailed(key, 'proc-b', minutes(6))]);
      expect([a, b].filter(Boolean)).toHaveLength(1);
      expect((await other.get<{ claim_token: string }>('SELECT claim_token FROM deliveries WHERE key = ?', [key]))?.claim_token).toBe(
        a ? 'proc-a' : 'proc-b',
      );
    }
  });
});
