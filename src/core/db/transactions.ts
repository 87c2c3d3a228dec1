import { AsyncLocalStorage } from 'node:async_hooks';

import type { Db } from './connection';

/**
 * Runs work whose repository calls commit together or not at all. Nested calls join the outer
 * transaction. Keep Slack calls out of the work: every statement from outside waits while it is open.
 */
export interface Transactor {
  transaction<T>(work: () => Promise<T>): Promise<T>;
}

interface OpenTransaction {
  /** Settles when the transaction has committed or rolled back. */
  ended: Promise<void>;
}

/**
 * The way every repository statement reaches the shared better-sqlite3 connection. While an async
 * transaction is open, statements from outside it (other requests, jobs) wait until it ends, so
 * they neither land inside it nor are rolled back with it. With no transaction open the statement
 * runs at once, synchronously: no promise or timer is added on that path.
 */
export interface SqliteGate {
  run<T>(statement: () => T): T | Promise<T>;
}

interface GateState extends SqliteGate {
  open: OpenTransaction | undefined;
}

/** Which transaction the running async work belongs to (undefined outside any). */
const currentTransaction = new AsyncLocalStorage<OpenTransaction>();
/**
 * Transactions open in this process, on any connection. While none is, the storage is disabled:
 * on Node 20 an AsyncLocalStorage that has run keeps promise hooks on for every promise in the
 * process (3-4x the cost of each await, measured in isolation), and the first enrolment turned
 * them on for good. run() turns them back on for the next transaction.
 */
let openTransactions = 0;
const gates = new WeakMap<Db, GateState>();

/** The one gate of a connection: repositories and the transactor of the same Db share it. */
export function sqliteGate(db: Db): SqliteGate {
  return gateState(db);
}

function gateState(db: Db): GateState {
  let gate = gates.get(db);
  if (!gate) {
    const state: GateState = {
      open: undefined,
      run<T>(statement: () => T): T | Promise<T> {
        const open = state.open;
        if (!open || currentTransaction.getStore() === open) return statement();
        return open.ended.then(() => state.run(statement));
      },
    };
    gate = state;
    gates.set(db, gate);
  }
  return gate;
}

/** Transactions on one better-sqlite3 connection: BEGIN IMMEDIATE … COMMIT, or ROLLBACK when the work throws. */
export function createSqliteTransactor(db: Db): Transactor {
  const gate = gateState(db);
  async function transaction<T>(work: () => Promise<T>): Promise<T> {
    const joined = currentTransaction.getStore();
    if (joined && joined === gate.open) return work();
    while (gate.open) await gate.open.ended;
    let end!: () => void;
    const open: OpenTransaction = { ended: new Promise<void>((resolve) => (end = resolve)) };
    gate.open = open;
    openTransactions++;
    try {
      db.exec('BEGIN IMMEDIATE');
      const result = await currentTransaction.run(open, work);
      db.exec('COMMIT');
      return result;
    } catch (err) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw err;
    } finally {
      gate.open = undefined;
      if (--openTransactions === 0) currentTransaction.disable();
      end();
    }
  }
  return { transaction };
}

/** The async face of a synchronous SQLite implementation: each method resolves with what it returned. */
export type Gated<S> = {
  [K in keyof S]: S[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<R> : S[K];
};

/**
 * Puts every method of a synchronous better-sqlite3 implementation behind the connection's gate,
 * so a repository keeps its prepared statements and still presents an async interface.
 */
export function behindGate<S extends object>(db: Db, statements: S): Gated<NoInfer<S>> {
  const gate = gateState(db);
  const out: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(statements)) {
    if (typeof member !== 'function') {
      out[name] = member;
      continue;
    }
    const method = member as (...args: unknown[]) => unknown;
    out[name] = (...args: unknown[]): Promise<unknown> => {
      try {
        return Promise.resolve(gate.run(() => method(...args)));
      } catch (err) {
        return Promise.reject(err instanceof Error ? err : new Error(String(err)));
      }
    };
  }
  return out as Gated<S>;
}
