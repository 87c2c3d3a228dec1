import type { Database } from './database';

/**
 * Tables not copied: the migrations ledger (each side has its own engine's), the FAQ search index
 * (rebuilt from content/faq at start, and PostgreSQL keeps it in memory), SQLite internals.
 */
const NOT_COPIED = /^(schema_migrations|faq_entries|faq_topics|faq_index_state|faq_fts.*|faq_question_fts.*|sqlite_.*)$/;
/** Tables a migration seeds with one default row: the copy replaces that row instead of adding to it. */
const SEEDED: Record<string, string> = {
  summary_settings: 'channel_id IS NULL AND set_by IS NULL AND version = 0',
};
const BATCH_ROWS = 500;

export class CopyRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CopyRefused';
  }
}

export interface CopiedTable {
  table: string;
  rows: number;
}

/**
 * Copies every lead-coach table from one migrated database to another (SQLite to PostgreSQL, or
 * back), parents before children, in one transaction on the target, then checks that each table
 * holds as many rows as the source. Refuses a target that already holds data. Both databases must
 * have all their migrations applied (the caller migrates them first).
 */
export async function copyDatabase(from: Database, to: Database): Promise<CopiedTable[]> {
  const tables = await tablesInOrder(to);
  const sourceTables = new Set((await tablesInOrder(from)).map((t) => t.name));
  const missing = tables.filter((t) => !sourceTables.has(t.name)).map((t) => t.name);
  if (missing.length > 0) {
    throw new CopyRefused(`The source lacks tables the target has (${missing.join(', ')}): run lead-coach migrate against the source first.`);
  }
  for (const { name } of tables) {
    const seeded = SEEDED[name];
    const row = await to.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${quoted(name)}${seeded ? ` WHERE NOT (${seeded})` : ''}`);
    if (row && row.n > 0) {
      throw new CopyRefused(`The target is not empty: table ${name} holds ${row.n} row(s). Copy into a new, empty database.`);
    }
  }

  const copied: CopiedTable[] = [];
  await to.transaction(async () => {
    copied.length = 0;
    for (const table of tables) {
      const sourceColumns = new Set(await columnsOf(from, table.name));
      const columns = table.columns.filter((c) => sourceColumns.has(c));
      if (SEEDED[table.name]) await to.run(`DELETE FROM ${quoted(table.name)}`);
      const rows = await from.all<Record<string, unknown>>(
        `SELECT ${columns.map(quoted).join(', ')} FROM ${quoted(table.name)} ORDER BY ${table.order.map(quoted).join(', ')}`,
      );
      for (let start = 0; start < rows.length; start += BATCH_ROWS) {
        const batch = rows.slice(start, start + BATCH_ROWS);
        const placeholders = batch.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ');
        const values = batch.flatMap((row) => columns.map((c) => sqlValue(row[c])));
        await to.run(`INSERT INTO ${quoted(table.name)} (${columns.map(quoted).join(', ')}) VALUES ${placeholders}`, values);
      }
      copied.push({ table: table.name, rows: rows.length });
    }
    if (to.engine === 'postgres') await advanceIdentities(to, tables.map((t) => t.name));
  });

  for (const { table, rows } of copied) {
    const there = await to.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${quoted(table)}`);
    if (there?.n !== rows) throw new Error(`Row count check failed for ${table}: copied ${rows}, target holds ${there?.n ?? 0}`);
  }
  return copied;
}

interface TableInfo {
  name: string;
  columns: string[];
  /** A stable order for reading (the primary key, else every column). */
  order: string[];
}

/** The database's lead-coach tables, each after every table it references. */
async function tablesInOrder(db: Database): Promise<TableInfo[]> {
  const names = (
    db.engine === 'sqlite'
      ? await db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      : await db.all<{ name: string }>(
          'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = \'BASE TABLE\' ORDER BY 1',
        )
  )
    .map((t) => t.name)
    .filter((name) => !NOT_COPIED.test(name));
  const parents = new Map<string, Set<string>>();
  for (const name of names) parents.set(name, new Set((await referencedTables(db, name)).filter((p) => p !== name)));
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < names.length) {
    const ready = names.filter((n) => !placed.has(n) && [...(parents.get(n) ?? [])].every((p) => placed.has(p) || !names.includes(p)));
    if (ready.length === 0) throw new Error('The tables reference each other in a cycle; cannot order the copy');
    for (const n of ready) {
      placed.add(n);
      ordered.push(n);
    }
  }
  const out: TableInfo[] = [];
  for (const name of ordered) {
    const columns = await columnsOf(db, name);
    const key = await primaryKeyOf(db, name);
    out.push({ name, columns, order: key.length > 0 ? key : columns });
  }
  return out;
}

async function columnsOf(db: Database, table: string): Promise<string[]> {
  if (db.engine === 'sqlite') {
    return (await db.all<{ name: string }>(`SELECT name FROM pragma_table_info(${literal(table)}) ORDER BY cid`)).map((c) => c.name);
  }
  return (
    await db.all<{ name: string }>(
      'SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position',
      [table],
    )
  ).map((c) => c.name);
}

async function primaryKeyOf(db: Database, table: string): Promise<string[]> {
  if (db.engine === 'sqlite') {
    return (await db.all<{ name: string }>(`SELECT name FROM pragma_table_info(${literal(table)}) WHERE pk > 0 ORDER BY pk`)).map((c) => c.name);
  }
  return (
    await db.all<{ name: string }>(
      `SELECT att.attname AS name FROM pg_index idx
       JOIN pg_attribute att ON att.attrelid = idx.indrelid AND att.attnum = ANY (idx.indkey)
       WHERE idx.indrelid = to_regclass(?) AND idx.indisprimary ORDER BY array_position(idx.indkey, att.attnum)`,
      [table],
    )
  ).map((c) => c.name);
}

async function referencedTables(db: Database, table: string): Promise<string[]> {
  if (db.engine === 'sqlite') {
    return (await db.all<{ table: string }>(`SELECT DISTINCT "table" FROM pragma_foreign_key_list(${literal(table)})`)).map((r) => r.table);
  }
  return (
    await db.all<{ name: string }>(
      "SELECT DISTINCT confrelid::regclass::text AS name FROM pg_constraint WHERE contype = 'f' AND conrelid = to_regclass(?)",
      [table],
    )
  ).map((r) => r.name);
}

/** After rows were inserted with their ids, PostgreSQL's identity counters continue after the highest. */
async function advanceIdentities(db: Database, tables: string[]): Promise<void> {
  for (const table of tables) {
    const identities = await db.all<{ column: string }>(
      "SELECT column_name AS \"column\" FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? AND is_identity = 'YES'",
      [table],
    );
    for (const { column } of identities) {
      await db.get(
        `SELECT setval(pg_get_serial_sequence(?, ?), COALESCE(MAX(${quoted(column)}), 1), MAX(${quoted(column)}) IS NOT NULL) AS v FROM ${quoted(table)}`,
        [table, column],
      );
    }
  }
}

function sqlValue(value: unknown): string | number | bigint | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint') return value;
  throw new Error(`Cannot copy a value of type ${typeof value}: lead-coach stores only text, numbers and NULL`);
}

function quoted(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function literal(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}
