import fs from 'node:fs';
import path from 'node:path';

import { openDatabase, type Db } from '../../src/core/db/connection';
import { MigrationError, readMigrations, runMigrations } from '../../src/core/db/migrations';
import { MIGRATIONS_DIR } from '../../src/core/paths';
import { tempDbPath, tempDir } from '../support/harness';

function tempMigrations(files: Record<string, string>): string {
  const dir = tempDir('lead-coach-migrations-');
  for (const [name, sql] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), sql);
  return dir;
}

function tables(db: Db): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>).map(
    (r) => r.name,
  );
}

describe('migrations', () => {
  it('applies the real migrations to a fresh file in order, with WAL, foreign keys and a busy timeout', () => {
    const db = openDatabase(tempDbPath());
    const result = runMigrations(db);
    const files = readMigrations(MIGRATIONS_DIR).map((m) => m.name);
    expect(result.applied).toEqual(files);
    expect(files[0]).toBe('001_init.sql');
    expect(tables(db)).toEqual(expect.arrayContaining(['managers', 'schema_migrations', 'time_entries']));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    const recorded = db.prepare('SELECT name, checksum FROM schema_migrations ORDER BY version').all() as Array<{ name: string; checksum: string }>;
    expect(recorded.map((r) => r.name)).toEqual(files);
    for (const r of recorded) expect(r.checksum).toMatch(/^[0-9a-f]{64}$/);
    db.close();
  });

  it('is a no-op when run again', () => {
    const file = tempDbPath();
    const first = openDatabase(file);
    runMigrations(first);
    first.close();
    const again = openDatabase(file);
    const result = runMigrations(again);
    expect(result.applied).toEqual([]);
    expect(result.alreadyApplied).toBe(readMigrations(MIGRATIONS_DIR).length);
    again.close();
  });

  it('refuses to start when an applied migration was edited afterwards', () => {
    const dir = tempMigrations({ '001_first.sql': 'CREATE TABLE a (id INTEGER);' });
    const db = openDatabase(tempDbPath());
    runMigrations(db, dir);
    fs.writeFileSync(path.join(dir, '001_first.sql'), 'CREATE TABLE a (id INTEGER, extra TEXT);');
    expect(() => runMigrations(db, dir)).toThrow(MigrationError);
    expect(() => runMigrations(db, dir)).toThrow(/001_first\.sql was changed after it was applied/);
    db.close();
  });

  it('rolls a failed migration back completely, keeps earlier ones, and applies nothing after it', () => {
    const dir = tempMigrations({
      '001_ok.sql': 'CREATE TABLE kept (id INTEGER);',
      '002_broken.sql': 'CREATE TABLE half (id INTEGER);\nINSERT INTO no_such_table VALUES (1);',
      '003_later.sql': 'CREATE TABLE later (id INTEGER);',
    });
    const db = openDatabase(tempDbPath());
    expect(() => runMigrations(db, dir)).toThrow(/002_broken\.sql failed and was rolled back: no such table: no_such_table/);
    expect(tables(db)).toEqual(['kept', 'schema_migrations']);
    expect(db.prepare('SELECT name FROM schema_migrations').all()).toEqual([{ name: '001_ok.sql' }]);
    db.close();
  });

  it('refuses badly named or duplicate-numbered files', () => {
    expect(() => readMigrations(tempMigrations({ 'init.sql': 'SELECT 1;' }))).toThrow(/must be named NNN_description\.sql/);
    expect(() => readMigrations(tempMigrations({ '001_a.sql': 'SELECT 1;', '001_b.sql': 'SELECT 1;' }))).toThrow(
      /share number 1/,
    );
  });
});
