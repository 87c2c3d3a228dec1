import type { Statement } from 'better-sqlite3';

import { checkpointAfterDeletion, isDatabaseHealthy, type Db } from './connection';
import { isPositional, type SqlDatabase, type SqlParams } from './sql';
import { createSqliteTransactor, sqliteGate } from './transactions';

/**
 * SQLite behind the engine-neutral interface. Statements are prepared once per text and run
 * synchronously through the connection's gate (see transactions.ts), so with no transaction open
 * a call costs one prepared-statement run and one resolved promise.
 */
export interface SqliteDatabase extends SqlDatabase {
  readonly engine: 'sqlite';
  /** The better-sqlite3 connection, for what stays SQLite-only (the FAQ's full-text index). */
  readonly connection: Db;
}

export function sqliteDatabase(db: Db): SqliteDatabase {
  const gate = sqliteGate(db);
  const transactor = createSqliteTransactor(db);
  const statements = new Map<string, Statement>();
  const readers = new Map<string, { statement: Statement; columns: readonly string[] }>();

  function prepared(sql: string): Statement {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  }

  /**
   * A statement that returns rows, in better-sqlite3's raw mode (arrays) with its column names read
   * once: building each row object from the array here is cheaper than better-sqlite3's own object
   * rows, which look every column name up again per row (measured: ~20% of a primary-key read, and
   * the request scope reads the manager on every request).
   */
  function reader(sql: string): { statement: Statement; columns: readonly string[] } {
    let found = readers.get(sql);
    if (!found) {
      const statement = db.prepare(sql);
      found = { statement: statement.raw(true), columns: statement.columns().map((c) => c.name) };
      readers.set(sql, found);
    }
    return found;
  }

  function rowOf(columns: readonly string[], values: unknown): Record<string, unknown> {
    if (!Array.isArray(values)) throw new Error('a raw SQLite row is not an array');
    const row: Record<string, unknown> = {};
    for (let i = 0; i < columns.length; i++) row[columns[i] ?? ''] = values[i];
    return row;
  }

  function call<T>(work: () => T): Promise<T> {
    try {
      return Promise.resolve(gate.run(work));
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  function bind(statement: Statement, params: SqlParams | undefined): unknown[] {
    if (params === undefined) return [];
    return isPositional(params) ? [...params] : [params];
  }

  return {
    engine: 'sqlite',
    connection: db,
    transaction: (work) => transactor.transaction(work),
    get<R>(sql: string, params?: SqlParams): Promise<R | undefined> {
      return call(() => {
        const { statement, columns } = reader(sql);
        const values: unknown = statement.get(...bind(statement, params));
        return (values === undefined ? undefined : rowOf(columns, values)) as R | undefined;
      });
    },
    all<R>(sql: string, params?: SqlParams): Promise<R[]> {
      return call(() => {
        const { statement, columns } = reader(sql);
        return statement.all(...bind(statement, params)).map((values: unknown) => rowOf(columns, values)) as R[];
      });
    },
    run(sql: string, params?: SqlParams): Promise<{ changes: number }> {
      return call(() => {
        const statement = prepared(sql);
        return { changes: statement.run(...bind(statement, params)).changes };
      });
    },
    exec(script: string): Promise<void> {
      return call(() => {
        db.exec(script);
      });
    },
    afterDeletion(): Promise<void> {
      return call(() => checkpointAfterDeletion(db));
    },
    healthy(): Promise<boolean> {
      return Promise.resolve(isDatabaseHealthy(db));
    },
    close(): Promise<void> {
      if (db.open) db.close();
      return Promise.resolve();
    },
  };
}
