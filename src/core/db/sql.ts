import type { Transactor } from './transactions';

/** The database engines lead-coach runs on. */
export type Engine = 'sqlite' | 'postgres';

/** A value bound to a statement. Flags are stored as 0/1 on both engines, so no booleans. */
export type SqlValue = string | number | bigint | null;
/** Positional (`?`) or named (`@name`) parameters; one statement uses one style. */
export type SqlParams = readonly SqlValue[] | Readonly<Record<string, SqlValue>>;

/**
 * The one way repositories reach the database, whichever engine answers. Statements are written
 * once in the SQL both engines share (ON CONFLICT, RETURNING, partial indexes, TEXT timestamps);
 * `?` and `@name` placeholders are translated for PostgreSQL. `transaction` spans several calls:
 * statements of the work run in it, everyone else's run outside it.
 *
 * Rows come back typed by the caller, as better-sqlite3's prepare<P, R> did: the schema is the
 * project's own (migrations/), so a row's shape is known rather than parsed.
 */
export interface SqlDatabase extends Transactor {
  readonly engine: Engine;
  get<R>(sql: string, params?: SqlParams): Promise<R | undefined>;
  all<R>(sql: string, params?: SqlParams): Promise<R[]>;
  /** A statement that returns no rows; resolves with how many rows it changed. */
  run(sql: string, params?: SqlParams): Promise<{ changes: number }>;
  /** Several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
  /**
   * After deleting someone's data, make sure no copy of the text survives in the engine's files.
   * SQLite checkpoints its WAL (secure_delete has already zeroed the pages); PostgreSQL leaves dead
   * tuples to VACUUM, which its autovacuum does (see README, "Deleted means gone").
   */
  afterDeletion(): Promise<void>;
  /** True when the database answers a trivial query (used by /healthz). */
  healthy(): Promise<boolean>;
  close(): Promise<void>;
}

interface Translated {
  text: string;
  /** Named parameters in the order of $1, $2…; empty for positional statements. */
  names: string[];
}

const translations = new Map<string, Translated>();

/**
 * Rewrites `?` and `@name` placeholders as PostgreSQL's `$1, $2…`, leaving string literals,
 * quoted identifiers and comments alone. A name used twice gets one number.
 */
export function toNumberedPlaceholders(sql: string): Translated {
  const cached = translations.get(sql);
  if (cached) return cached;
  const names: string[] = [];
  let positional = 0;
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i] ?? '';
    if (c === "'" || c === '"') {
      const end = closingQuote(sql, i, c);
      out += sql.slice(i, end);
      i = end;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? sql.length : end;
      out += sql.slice(i, stop);
      i = stop;
    } else if (c === '?') {
      out += `$${++positional}`;
      i++;
    } else if (c === '@' && /[A-Za-z_]/.test(sql[i + 1] ?? '')) {
      let j = i + 1;
      while (j < sql.length && /\w/.test(sql[j] ?? '')) j++;
      const name = sql.slice(i + 1, j);
      let index = names.indexOf(name);
      if (index === -1) index = names.push(name) - 1;
      out += `$${index + 1}`;
      i = j;
    } else {
      out += c;
      i++;
    }
  }
  if (positional > 0 && names.length > 0) throw new Error(`A statement mixes ? and @name placeholders: ${sql}`);
  const translated = { text: out, names };
  translations.set(sql, translated);
  return translated;
}

function closingQuote(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return sql.length;
}

/** The values of a statement translated by toNumberedPlaceholders, in $n order. */
export function orderedValues(translated: Translated, params: SqlParams | undefined): SqlValue[] {
  if (params === undefined) return [];
  if (isPositional(params)) {
    if (translated.names.length > 0) throw new Error('Named placeholders need an object of parameters');
    return [...params];
  }
  return translated.names.map((name) => {
    const value = params[name];
    if (value === undefined) throw new Error(`No value for parameter @${name}`);
    return value;
  });
}

export function isPositional(params: SqlParams): params is readonly SqlValue[] {
  return Array.isArray(params);
}

/**
 * SQL that reads one field of a JSON text column. SQLite's json_extract gives the stored type;
 * PostgreSQL's #>> gives text, which compares equal to a bound number's text (`= ?` works on both).
 */
export function jsonField(engine: Engine, column: string, path: readonly string[]): string {
  if (path.some((key) => !/^\w+$/.test(key))) throw new Error(`Unsupported JSON path: ${path.join('.')}`);
  return engine === 'sqlite' ? `json_extract(${column}, '$.${path.join('.')}')` : `(${column}::jsonb #>> '{${path.join(',')}}')`;
}

/** SQL true when a text column contains the next `?` parameter verbatim (no LIKE wildcards, case-sensitive). */
export function containsParam(engine: Engine, column: string): string {
  return engine === 'sqlite' ? `instr(${column}, ?) > 0` : `strpos(${column}, ?) > 0`;
}
