// @engines sqlite postgres
import type { Database } from '../../src/core/db/database';
import { createSqliteTransactor, type Transactor } from '../../src/core/db/transactions';
import { fixedWorkspace } from '../../src/core/workspace';
import { TEST_TEAM_ID } from '../support/slackDouble';
import { createRepositories, type Repositories } from '../../src/repositories';
import { freshDatabase, openTestDatabase, testEngine } from '../support/database';

const AT = new Date('2026-11-18T10:00:00Z');

async function storedManagers(db: Database): Promise<string[]> {
  return (await db.all<{ user_id: string }>('SELECT user_id FROM managers ORDER BY user_id')).map((r) => r.user_id);
}

async function storedEntries(db: Database): Promise<Array<{ user_id: string; minutes: number }>> {
  return db.all<{ user_id: string; minutes: number }>('SELECT user_id, minutes FROM time_entries ORDER BY id');
}

/**
 * SQLite only: whether the shared connection is inside a transaction (better-sqlite3 tells; a
 * PostgreSQL pool has no one connection to ask, and there the stored rows show the outcome).
 */
function expectInTransaction(db: Database, expected: boolean): void {
  if (db.engine === 'sqlite') expect(db.connection.inTransaction).toBe(expected);
}

/**
 * SQLite's gate (one connection for the process) makes statements from outside an open transaction
 * wait for it, and runs a statement synchronously when none is open. PostgreSQL runs them at once on
 * another pooled connection instead, where they stay out of the transaction just the same.
 */
const onSqlite = testEngine() === 'sqlite';
const sqliteOnlyIt = onSqlite ? it : it.skip;

/** A promise the test settles by hand, to hold a transaction open while something else runs. */
function latch(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('transactions across repositories (the engine\'s transactor)', () => {
  let db: Database;
  let locator: string;
  let repos: Repositories;
  let transactor: Transactor;

  beforeEach(async () => {
    ({ db, locator } = await freshDatabase());
    repos = createRepositories(db, fixedWorkspace(TEST_TEAM_ID));
    // On SQLite, a transactor of its own on the same connection shares the connection's gate with the repositories.
    transactor = db.engine === 'sqlite' ? createSqliteTransactor(db.connection) : db;
  });
  afterEach(() => db.close());

  const enrol = (userId: string) => repos.managers.enrol({ userId, timeZone: 'UTC', enrolledAt: AT });
  const log = (userId: string, minutes: number) =>
    repos.timeEntries.add({ userId, category: 'coding', minutes, localDate: '2026-11-18', timeZone: 'UTC', source: 'command', createdAt: AT });

  it('commits the writes of two repositories together', async () => {
    const result = await transactor.transaction(async () => {
      await enrol('U1');
      await log('U1', 30);
      return 'done';
    });
    expect(result).toBe('done');
    expect(await storedManagers(db)).toEqual(['U1']);
    expect(await storedEntries(db)).toEqual([{ user_id: 'U1', minutes: 30 }]);
  });

  it('rolls back the writes of both repositories when the work throws, and passes the error on', async () => {
    await expect(
      transactor.transaction(async () => {
        await enrol('U1');
        await log('U1', 30);
        throw new Error('second step failed');
      }),
    ).rejects.toThrow('second step failed');
    expect(await storedManagers(db)).toEqual([]);
    expect(await storedEntries(db)).toEqual([]);
    expectInTransaction(db, false);
  });

  it('lets a nested transaction join the outer one: its writes roll back with the outer work', async () => {
    await expect(
      transactor.transaction(async () => {
        await transactor.transaction(async () => {
          await enrol('U1');
        });
        await log('U1', 30);
        throw new Error('outer failed after the inner part finished');
      }),
    ).rejects.toThrow('outer failed');
    expect(await storedManagers(db)).toEqual([]);
    expect(await storedEntries(db)).toEqual([]);
  });

  it('keeps a concurrent call from outside out of an open transaction: not seen in it, not rolled back with it (on SQLite it waits and runs after)', async () => {
    const hold = latch();
    const wrote = latch();
    const inside = transactor.transaction(async () => {
      await enrol('U_INSIDE');
      wrote.open();
      await hold.promise;
      throw new Error('inside failed');
    });
    // Let the transaction begin and write before the outside request arrives.
    await wrote.promise;
    expectInTransaction(db, true);

    let outsideDone = false;
    const outside = enrol('U_OUTSIDE').then((enrolled) => {
      outsideDone = true;
      return enrolled;
    });
    await new Promise((resolve) => setImmediate(resolve));
    // SQLite: still waiting; had it run, it would have joined the open transaction.
    if (onSqlite) expect(outsideDone).toBe(false);
    const observer = await openTestDatabase(locator);
    try {
      // Nobody else sees the open transaction's write (and on SQLite, nothing at all yet).
      const seen = await storedManagers(observer);
      expect(seen).not.toContain('U_INSIDE');
      if (onSqlite) expect(seen).toEqual([]);
    } finally {
      await observer.close();
    }

    hold.open();
    await expect(inside).rejects.toThrow('inside failed');
    await expect(outside).resolves.toBe(true);
    expect(await storedManagers(db)).toEqual(['U_OUTSIDE']);
    expectInTransaction(db, false);
  });

  it('two overlapping transactions both commit; on SQLite the second runs only after the first has ended', async () => {
    const hold = latch();
    const order: string[] = [];
    const first = transactor.transaction(async () => {
      await enrol('U1');
      await hold.promise;
      order.push('first ends');
    });
    await new Promise((resolve) => setImmediate(resolve));
    const second = transactor.transaction(async () => {
      order.push('second starts');
      await log('U1', 15);
    });
    await new Promise((resolve) => setImmediate(resolve));
    // SQLite serialises transactions on its one connection; PostgreSQL runs both at once (SERIALIZABLE,
    // the second's row waiting on the first's), so only the outcome is checked there.
    if (onSqlite) expect(order).toEqual([]);
    hold.open();
    await Promise.all([first, second]);
    if (onSqlite) expect(order).toEqual(['first ends', 'second starts']);
    expect(await storedEntries(db)).toEqual([{ user_id: 'U1', minutes: 15 }]);
  });

  // SQLite only: the gate runs a statement synchronously when no transaction is open (PostgreSQL's are network round trips).
  sqliteOnlyIt('runs repository calls at once when no transaction is open', async () => {
    // The statement has run by the time the call returns, before anything is awaited.
    const pending = enrol('U1');
    if (db.engine !== 'sqlite') throw new Error('SQLite only');
    // Read synchronously on the connection itself: an awaited read would let a late statement catch up.
    expect(db.connection.prepare('SELECT user_id FROM managers ORDER BY user_id').all()).toEqual([{ user_id: 'U1' }]);
    await expect(pending).resolves.toBe(true);
  });

  it('keeps a transaction on another connection working after this one ends (its context survives)', async () => {
    const other = await freshDatabase();
    const otherRepos = createRepositories(other.db, fixedWorkspace(TEST_TEAM_ID));
    const otherTransactor: Transactor = other.db;
    try {
      const hold = latch();
      const long = otherTransactor.transaction(async () => {
        await otherRepos.managers.enrol({ userId: 'U_LONG', timeZone: 'UTC', enrolledAt: AT });
        await hold.promise;
        // Still inside its own transaction: this statement must run, not wait for the transaction to end.
        await otherRepos.timeEntries.add({ userId: 'U_LONG', category: 'people', minutes: 30, localDate: '2026-11-18', timeZone: 'UTC', source: 'command', createdAt: AT });
        return 'done';
      });
      await transactor.transaction(async () => {
        await enrol('U_SHORT');
      });
      hold.open();
      let timer: NodeJS.Timeout | undefined;
      const outcome = await Promise.race([long, new Promise((resolve) => (timer = setTimeout(() => resolve('stuck'), 2000)))]);
      clearTimeout(timer);
      expect(outcome).toBe('done');
      expect(await storedManagers(db)).toEqual(['U_SHORT']);
      expect(await storedEntries(other.db)).toEqual([{ user_id: 'U_LONG', minutes: 30 }]);
    } finally {
      await other.db.close();
    }
  });

  it('joins an open transaction again after an earlier one has ended', async () => {
    await transactor.transaction(async () => {
      await enrol('U1');
    });
    await expect(
      transactor.transaction(async () => {
        await enrol('U2');
        await log('U2', 20);
        throw new Error('undo both');
      }),
    ).rejects.toThrow('undo both');
    expect(await storedManagers(db)).toEqual(['U1']);
    expect(await storedEntries(db)).toEqual([]);
  });
});
