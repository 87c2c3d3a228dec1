import { openDatabase, type Db } from '../../src/core/db/connection';
import { createSqliteTransactor, type Transactor } from '../../src/core/db/transactions';
import { createRepositories, type Repositories } from '../../src/repositories';
import { migratedTempDb } from '../support/harness';
import { sqliteDatabase } from '../../src/core/db/sqlite';

const AT = new Date('2026-11-18T10:00:00Z');

function storedManagers(db: Db): string[] {
  return (db.prepare('SELECT user_id FROM managers ORDER BY user_id').all() as Array<{ user_id: string }>).map((r) => r.user_id);
}

function storedEntries(db: Db): Array<{ user_id: string; minutes: number }> {
  return db.prepare('SELECT user_id, minutes FROM time_entries ORDER BY id').all() as Array<{ user_id: string; minutes: number }>;
}

/** A promise the test settles by hand, to hold a transaction open while something else runs. */
function latch(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('transactions across repositories (SQLite transactor)', () => {
  let db: Db;
  let dbPath: string;
  let repos: Repositories;
  let transactor: Transactor;

  beforeEach(() => {
    ({ db, dbPath } = migratedTempDb());
    repos = createRepositories(sqliteDatabase(db));
    transactor = createSqliteTransactor(db);
  });
  afterEach(() => db.close());

  const enrol = (userId: string) => repos.managers.enrol({ userId, teamId: 'T1', timeZone: 'UTC', enrolledAt: AT });
  const log = (userId: string, minutes: number) =>
    repos.timeEntries.add({ userId, category: 'coding', minutes, localDate: '2026-11-18', timeZone: 'UTC', source: 'command', createdAt: AT });

  it('commits the writes of two repositories together', async () => {
    const result = await transactor.transaction(async () => {
      await enrol('U1');
      await log('U1', 30);
      return 'done';
    });
    expect(result).toBe('done');
    expect(storedManagers(db)).toEqual(['U1']);
    expect(storedEntries(db)).toEqual([{ user_id: 'U1', minutes: 30 }]);
  });

  it('rolls back the writes of both repositories when the work throws, and passes the error on', async () => {
    await expect(
      transactor.transaction(async () => {
        await enrol('U1');
        await log('U1', 30);
        throw new Error('second step failed');
      }),
    ).rejects.toThrow('second step failed');
    expect(storedManagers(db)).toEqual([]);
    expect(storedEntries(db)).toEqual([]);
    expect(db.inTransaction).toBe(false);
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
    expect(storedManagers(db)).toEqual([]);
    expect(storedEntries(db)).toEqual([]);
  });

  it('keeps a concurrent call from outside out of an open transaction: it waits, runs after, and is not rolled back', async () => {
    const hold = latch();
    const inside = transactor.transaction(async () => {
      await enrol('U_INSIDE');
      await hold.promise;
      throw new Error('inside failed');
    });
    // Let the transaction begin and write before the outside request arrives.
    await new Promise((resolve) => setImmediate(resolve));
    expect(db.inTransaction).toBe(true);

    let outsideDone = false;
    const outside = enrol('U_OUTSIDE').then((enrolled) => {
      outsideDone = true;
      return enrolled;
    });
    await new Promise((resolve) => setImmediate(resolve));
    // Still waiting: had it run, it would have joined the open transaction.
    expect(outsideDone).toBe(false);
    const observer = openDatabase(dbPath);
    try {
      expect(storedManagers(observer)).toEqual([]);
    } finally {
      observer.close();
    }

    hold.open();
    await expect(inside).rejects.toThrow('inside failed');
    await expect(outside).resolves.toBe(true);
    expect(storedManagers(db)).toEqual(['U_OUTSIDE']);
    expect(db.inTransaction).toBe(false);
  });

  it('runs a second transaction only after the first has ended', async () => {
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
    expect(order).toEqual([]);
    hold.open();
    await Promise.all([first, second]);
    expect(order).toEqual(['first ends', 'second starts']);
    expect(storedEntries(db)).toEqual([{ user_id: 'U1', minutes: 15 }]);
  });

  it('runs repository calls at once when no transaction is open', async () => {
    // The statement has run by the time the call returns, before anything is awaited.
    const pending = enrol('U1');
    expect(storedManagers(db)).toEqual(['U1']);
    await expect(pending).resolves.toBe(true);
  });

  it('keeps a transaction on another connection working after this one ends (its context survives)', async () => {
    const other = migratedTempDb();
    const otherRepos = createRepositories(sqliteDatabase(other.db));
    const otherTransactor = createSqliteTransactor(other.db);
    try {
      const hold = latch();
      const long = otherTransactor.transaction(async () => {
        await otherRepos.managers.enrol({ userId: 'U_LONG', teamId: 'T1', timeZone: 'UTC', enrolledAt: AT });
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
      expect(storedManagers(db)).toEqual(['U_SHORT']);
      expect(storedEntries(other.db)).toEqual([{ user_id: 'U_LONG', minutes: 30 }]);
    } finally {
      other.db.close();
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
    expect(storedManagers(db)).toEqual(['U1']);
    expect(storedEntries(db)).toEqual([]);
  });
});
