// @engines sqlite postgres
import { z } from '../../src/core/zod';

import type { Database } from '../../src/core/db/database';
import { describeCounts } from '../../src/features/privacy/blocks';
import { freshDatabase } from '../support/database';

/** The tables that hold personal rows: a user_id column, or a foreign key to managers — read from this engine's catalog. */
async function personalTables(db: Database): Promise<string[]> {
  if (db.engine === 'sqlite') {
    const names = z.array(z.object({ name: z.string() })).parse(
      await db.all("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('managers', 'schema_migrations')"),
    );
    const personal: string[] = [];
    for (const { name: table } of names) {
      const columns = z.array(z.object({ name: z.string() })).parse(await db.all(`SELECT name FROM pragma_table_info('${table}')`));
      const refs = z.array(z.object({ table: z.string() })).parse(await db.all(`SELECT "table" FROM pragma_foreign_key_list('${table}')`));
      if (columns.some((c) => c.name === 'user_id') || refs.some((r) => r.table === 'managers')) personal.push(table);
    }
    return personal;
  }
  const rows = z.array(z.object({ name: z.string() })).parse(
    await db.all(
      `SELECT t.table_name AS name FROM information_schema.tables t
        WHERE t.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
          AND t.table_name NOT IN ('managers', 'schema_migrations')
          AND (EXISTS (SELECT 1 FROM information_schema.columns c
                        WHERE c.table_schema = t.table_schema AND c.table_name = t.table_name AND c.column_name = 'user_id')
               OR EXISTS (SELECT 1 FROM pg_constraint k
                           WHERE k.contype = 'f' AND k.conrelid = (quote_ident(t.table_schema) || '.' || quote_ident(t.table_name))::regclass
                             AND k.confrelid = (quote_ident(t.table_schema) || '.managers')::regclass))
        ORDER BY t.table_name`,
    ),
  );
  return rows.map((r) => r.name);
}

/** Forget-me tells the manager what it deleted, table by table: every table that holds personal rows needs a name people read. */
describe('forget-me names every kind of personal data in words', () => {
  it('has a human name for each table with a user id or a reference to managers', async () => {
    const { db } = await freshDatabase();
    try {
      const personal = await personalTables(db);
      expect(personal.length).toBeGreaterThan(10);
      const unnamed = personal.filter((table) => describeCounts({ [table]: 2 }).endsWith(' rows'));
      expect(unnamed).toEqual([]);
    } finally {
      await db.close();
    }
  });
});
