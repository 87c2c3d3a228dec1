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

  function prepared(sql: string): Statement {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
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
        const statement = prepared(sql);
        return statement.get(...bind(statement, params)) as R | undefined;
      });
    },
    all<R>(sql: string, params?: SqlParams): Promise<R[]> {
      return call(() => {
        const statement = prepared(sql);
        return statement.all(...bind(statement, params)) as R[];
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
