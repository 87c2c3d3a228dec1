import { AsyncLocalStorage } from 'node:async_hooks';

import { Pool, TypeOverrides, type PoolClient, type PoolConfig } from 'pg';

import type { Logger } from '../logger';
import { orderedValues, toNumberedPlaceholders, type SqlDatabase, type SqlParams } from './sql';

/** SQLSTATEs after which a serializable transaction is simply run again. */
const RETRYABLE = new Set(['40001', '40P01']);
const MAX_TRANSACTION_ATTEMPTS = 8;

/** PostgreSQL type ids whose text form lead-coach reads as a JavaScript number. */
const INT8 = 20;
const NUMERIC = 1700;

export interface PostgresOptions {
  url: string;
  logger: Logger;
  /** Connections in the pool (several processes share the server's max_connections). */
  poolSize?: number;
  /** The longest a statement may run before the server cancels it. */
  statementTimeoutMs?: number;
  /** The longest to wait for a connection from the pool or the server. */
  connectTimeoutMs?: number;
}

/** The connection work runs on while it is inside a transaction or holds an advisory lock. */
interface Session {
  client: PoolClient;
  inTransaction: boolean;
}

export interface PostgresDatabase extends SqlDatabase {
  readonly engine: 'postgres';
  /**
   * Runs work while holding a session-level advisory lock named `name` (on a connection of its
   * own, which the work's statements use), so that two processes doing the same work take turns.
   */
  withAdvisoryLock<T>(name: string, work: () => Promise<T>): Promise<T>;
}

/**
 * PostgreSQL behind the engine-neutral interface. Transactions are SERIALIZABLE, the guarantee
 * SQLite's single writer gives, and are run again (up to 8 times, with jittered backoff) when the
 * server reports a serialization failure or deadlock; keep Slack calls out of transaction work.
 */
export function postgresDatabase(options: PostgresOptions): PostgresDatabase {
  const config: PoolConfig = {
    connectionString: options.url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    idleTimeoutMillis: 30_000,
    statement_timeout: options.statementTimeoutMs ?? 15_000,
    query_timeout: (options.statementTimeoutMs ?? 15_000) + 5_000,
    application_name: 'lead-coach',
    types: numberTypes(),
  };
  const pool = new Pool(config);
  // An idle connection the server drops (restart, network) must not crash the process.
  pool.on('error', (err) => options.logger.warn({ err: { message: err.message } }, 'PostgreSQL connection lost'));
  const sessions = new AsyncLocalStorage<Session>();
  /**
   * Sessions open now. While none is, the storage is disabled: on Node 20 an AsyncLocalStorage that
   * has run keeps promise hooks on for every promise in the process (see transactions.ts), and most
   * requests open no transaction. run() turns it back on.
   */
  let openSessions = 0;
  function inSession<T>(session: Session, work: () => Promise<T>): Promise<T> {
    openSessions++;
    return sessions.run(session, work).finally(() => {
      if (--openSessions === 0) sessions.disable();
    });
  }

  async function query(sql: string, params: SqlParams | undefined) {
    const translated = toNumberedPlaceholders(sql);
    const values = orderedValues(translated, params);
    const session = sessions.getStore();
    const target = session ? session.client : pool;
    return target.query({ text: translated.text, values });
  }

  async function inTransaction<T>(client: PoolClient, work: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      await client.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
      try {
        const result = await inSession({ client, inTransaction: true }, work);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        if (attempt >= MAX_TRANSACTION_ATTEMPTS || !RETRYABLE.has(sqlState(err))) throw err;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** attempt));
      }
    }
  }

  return {
    engine: 'postgres',
    async transaction<T>(work: () => Promise<T>): Promise<T> {
      const session = sessions.getStore();
      if (session?.inTransaction) return work();
      if (session) return inTransaction(session.client, work);
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        return await inTransaction(client, work);
      } catch (err) {
        if (isConnectionError(err)) broken = err instanceof Error ? err : new Error(String(err));
        throw err;
      } finally {
        client.release(broken);
      }
    },
    async withAdvisoryLock<T>(name: string, work: () => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
        try {
          return await inSession({ client, inTransaction: false }, work);
        } finally {
          await client.query('SELECT pg_advisory_unlock(hashtext($1))', [name]);
        }
      } finally {
        client.release();
      }
    },
    async get<R>(sql: string, params?: SqlParams): Promise<R | undefined> {
      const result = await query(sql, params);
      return result.rows[0] as R | undefined;
    },
    async all<R>(sql: string, params?: SqlParams): Promise<R[]> {
      const result = await query(sql, params);
      return result.rows as R[];
    },
    async run(sql: string, params?: SqlParams): Promise<{ changes: number }> {
      const result = await query(sql, params);
      return { changes: result.rowCount ?? 0 };
    },
    async exec(script: string): Promise<void> {
      const session = sessions.getStore();
      await (session ? session.client : pool).query(script);
    },
    afterDeletion(): Promise<void> {
      return Promise.resolve();
    },
    async healthy(): Promise<boolean> {
      try {
        await pool.query('SELECT 1');
        return true;
      } catch {
        return false;
      }
    },
    close(): Promise<void> {
      return pool.end();
    },
  };
}

/** Counts, sums and BIGINT ids as numbers, for this pool only (pg's global parsers stay as they are). */
function numberTypes(): TypeOverrides {
  const types = new TypeOverrides();
  types.setTypeParser(INT8, Number);
  types.setTypeParser(NUMERIC, Number);
  return types;
}

/** The SQLSTATE of a PostgreSQL error, or '' for anything else. */
export function sqlState(err: unknown): string {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : '';
}

/** Errors after which a pooled connection must not be reused. */
function isConnectionError(err: unknown): boolean {
  const code = sqlState(err);
  return code.startsWith('08') || code === '57P01' || /Connection terminated|ECONNRESET|ECONNREFUSED/.test(String(err));
}
