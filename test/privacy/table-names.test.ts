import { z } from '../../src/core/zod';

import { describeCounts } from '../../src/features/privacy/blocks';
import { migratedTempDb } from '../support/harness';

/** Forget-me tells the manager what it deleted, table by table: every table that holds personal rows needs a name people read. */
describe('forget-me names every kind of personal data in words', () => {
  it('has a human name for each table with a user id or a reference to managers', () => {
    const { db } = migratedTempDb();
    const names = z.array(z.object({ name: z.string() })).parse(
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('managers', 'schema_migrations')").all(),
    );
    const personal = names
      .map((t) => t.name)
      .filter((table) => {
        const columns = z.array(z.object({ name: z.string() })).parse(db.prepare(`SELECT name FROM pragma_table_info('${table}')`).all());
        const refs = z.array(z.object({ table: z.string() })).parse(db.prepare(`SELECT "table" FROM pragma_foreign_key_list('${table}')`).all());
        return columns.some((c) => c.name === 'user_id') || refs.some((r) => r.table === 'managers');
      });
    expect(personal.length).toBeGreaterThan(10);
    const unnamed = personal.filter((table) => describeCounts({ [table]: 2 }).endsWith(' rows'));
    expect(unnamed).toEqual([]);
    db.close();
  });
});
