// @engines sqlite postgres
import fs from 'node:fs';
import path from 'node:path';

import type { Database } from '../../src/core/db/database';
import { migrateDatabase, migrationsDirFor, MigrationError, readMigrations } from '../../src/core/db/migrations';
import { postgresDatabase } from '../../src/core/db/postgres';
import { toNumberedPlaceholders } from '../../src/core/db/sql';
import { createLogger } from '../../src/core/logger';
import { ensureBuilt, runCli } from '../support/cli';
import { emptyPostgresDatabase, freshDatabase, tempDir, testEngine } from '../support/database';

const onPostgres = testEngine() === 'postgres';
const postgresOnly = onPostgres ? describe : describe.skip;

describe('placeholders for PostgreSQL', () => {
  it('numbers ? and @name, and leaves quoted text and comments alone', () => {
    expect(toNumberedPlaceholders("SELECT '?', \"@x\" FROM t WHERE a = ? AND b = ? -- why?\n").text).toBe(
      "SELECT '?', \"@x\" FROM t WHERE a = $1 AND b = $2 -- why?\n",
    );
    const named = toNumberedPlaceholders("UPDATE t SET a = @a, b = @b WHERE a = @a AND c = 'it''s @a'");
    expect(named.text).toBe("UPDATE t SET a = $1, b = $2 WHERE a = $1 AND c = 'it''s @a'");
    expect(named.names).toEqual(['a', 'b']);
    expect(() => toNumberedPlaceholders('SELECT ? , @a')).toThrow(/mixes/);
  });
});

describe('the database password in logs', () => {
  it('never reaches a log line, as a field or inside text', () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => lines.push(line) });
    const url = 'postgres://lead_coach:pa55-w0rd@db.internal:5432/lead_coach';
    logger.info({ config: { databaseUrl: url }, databaseUrl: url }, `connecting to ${url}`);
    logger.warn(`error: connect ECONNREFUSED for postgresql://admin:other-secret@10.0.0.5/db`);
    const written = lines.join('');
    expect(written).not.toContain('pa55-w0rd');
    expect(written).not.toContain('other-secret');
    expect(written).toContain('postgres://lead_coach:[REDACTED]@db.internal:5432/lead_coach');
  });
});

describe(`the ${testEngine()} database`, () => {
  let db: Database;
  beforeEach(async () => {
    db = (await freshDatabase()).db;
    await db.run('INSERT INTO managers (user_id, team_id, time_zone, enrolled_at) VALUES (?, ?, ?, ?)', [
      'U1',
      'T1',
      'Europe/Berlin',
      '2026-11-16T09:00:00.000Z',
    ]);
  });
  afterEach(async () => db.close());

  it('answers the same rows and counts on both engines, numbers as numbers', async () => {
    const row = await db.get<{ n: number; total: number | null }>('SELECT COUNT(*) AS n, SUM(1) AS total FROM managers WHERE user_id = @id', {
      id: 'U1',
    });
    expect(row).toEqual({ n: 1, total: 1 });
    expect(await db.get('SELECT user_id FROM managers WHERE user_id = ?', ['nobody'])).toBeUndefined();
    expect(await db.run('UPDATE managers SET time_zone = ? WHERE user_id = ?', ['Asia/Tokyo', 'U1'])).toEqual({ changes: 1 });
  });

  it('rolls a transaction back as a whole when its work throws', async () => {
    await expect(
      db.transaction(async () => {
        await db.run('UPDATE managers SET time_zone = ? WHERE user_id = ?', ['Asia/Tokyo', 'U1']);
        throw new Error('stop here');
      }),
    ).rejects.toThrow('stop here');
    expect(await db.get('SELECT time_zone FROM managers WHERE user_id = ?', ['U1'])).toEqual({ time_zone: 'Europe/Berlin' });
  });

  it('keeps statements from outside an open transaction out of it', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const inside = db.transaction(async () => {
      await db.run('UPDATE managers SET time_zone = ? WHERE user_id = ?', ['Asia/Tokyo', 'U1']);
      await held;
      throw new Error('roll back');
    });
    // A read from outside sees the committed value, never the transaction's own write.
    const outside = db.get<{ time_zone: string }>('SELECT time_zone FROM managers WHERE user_id = ?', ['U1']);
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    await expect(inside).rejects.toThrow('roll back');
    expect(await outside).toEqual({ time_zone: 'Europe/Berlin' });
  });

  it('loses no increment when many transactions read and write the same row at once', async () => {
    await db.run('CREATE TABLE counter_probe (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)');
    await db.run('INSERT INTO counter_probe (id, n) VALUES (1, 0)');
    await Promise.all(
      Array.from({ length: 20 }, () =>
        db.transaction(async () => {
          const row = await db.get<{ n: number }>('SELECT n FROM counter_probe WHERE id = 1');
          await db.run('UPDATE counter_probe SET n = ? WHERE id = 1', [(row?.n ?? 0) + 1]);
        }),
      ),
    );
    expect(await db.get('SELECT n FROM counter_probe WHERE id = 1')).toEqual({ n: 20 });
  });
});

postgresOnly('migrations on PostgreSQL', () => {
  const logger = createLogger('silent');

  it('two processes starting together migrate once: the second finds everything applied', async () => {
    const locator = await emptyPostgresDatabase('lc_empty');
    const a = postgresDatabase({ url: locator, logger });
    const b = postgresDatabase({ url: locator, logger });
    try {
      const [first, second] = await Promise.all([migrateDatabase(a), migrateDatabase(b)]);
      const files = readMigrations(migrationsDirFor('postgres')).map((m) => m.name);
      expect([...first.applied, ...second.applied].sort()).toEqual(files);
      expect(Math.min(first.applied.length, second.applied.length)).toBe(0);
      expect(await a.get('SELECT COUNT(*) AS n FROM schema_migrations')).toEqual({ n: files.length });
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('refuses a migration that was edited after it was applied', async () => {
    const locator = await emptyPostgresDatabase('lc_empty');
    const db = postgresDatabase({ url: locator, logger });
    const dir = tempDir('lead-coach-pg-migrations-');
    try {
      fs.writeFileSync(path.join(dir, '001_a.sql'), 'CREATE TABLE a (id INTEGER);');
      await migrateDatabase(db, dir);
      fs.writeFileSync(path.join(dir, '001_a.sql'), 'CREATE TABLE a (id BIGINT);');
      await expect(migrateDatabase(db, dir)).rejects.toThrow(/001_a\.sql was changed after it was applied/);
    } finally {
      await db.close();
    }
  });

  it("refuses a database that holds another application's tables, and changes nothing in it", async () => {
    const locator = await emptyPostgresDatabase('lc_empty');
    const db = postgresDatabase({ url: locator, logger });
    try {
      await db.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY); CREATE TABLE customers (id INTEGER PRIMARY KEY);');
      const refusal = migrateDatabase(db);
      await expect(refusal).rejects.toBeInstanceOf(MigrationError);
      await expect(refusal).rejects.toThrow(/another application: it holds tables \(customers, invoices\)/);
      const tables = await db.all<{ name: string }>(
        "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1",
      );
      expect(tables.map((t) => t.name)).toEqual(['customers', 'invoices']);
    } finally {
      await db.close();
    }
  });

  describe('the CLI against PostgreSQL', () => {
    beforeAll(() => ensureBuilt());

    it('`migrate` applies the PostgreSQL migrations and names the server without the password', async () => {
      const locator = await emptyPostgresDatabase('lc_empty');
      const withPassword = locator.replace('://lead_coach@', '://lead_coach:not-the-real-one@');
      const run = await runCli(['migrate'], { DATABASE_URL: withPassword });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^Applied \d+ migration\(s\) to PostgreSQL 127\.0\.0\.1:\d+\/lc_empty_\w+: 001_schema\.sql/);
      expect(run.stdout + run.stderr).not.toContain('not-the-real-one');
    });

    it('an unreachable server is retried, then one clear line and a non-zero exit, no password', async () => {
      const run = await runCli(['migrate'], {
        DATABASE_URL: 'postgres://lead_coach:s3cret-pw@127.0.0.1:1/lead_coach',
        DATABASE_CONNECT_TIMEOUT_MS: '1500',
      });
      expect(run.code).toBe(1);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(/Cannot reach PostgreSQL at 127\.0\.0\.1:1\/lead_coach \(DATABASE_URL\) after \d+ attempts: .*ECONNREFUSED/);
      expect(run.stderr).not.toContain('s3cret-pw');
    });

    it('a database that does not exist fails at once with one line', async () => {
      const url = new URL(process.env.TEST_DATABASE_URL ?? '');
      url.pathname = '/no_such_database';
      const started = Date.now();
      const run = await runCli(['migrate'], { DATABASE_URL: url.toString() });
      expect(run.code).toBe(1);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(run.stderr).toMatch(/^Cannot use the PostgreSQL database at 127\.0\.0\.1:\d+\/no_such_database \(DATABASE_URL\): .*does not exist\n$/);
    });

    it('a malformed DATABASE_URL is a configuration error (exit 2) that names the variable, not its value', async () => {
      const run = await runCli(['migrate'], { DATABASE_URL: 'mysql://root:hunter2@db/app' });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^Configuration error: DATABASE_URL: is not a postgres:\/\/ URL/);
      expect(run.stderr).not.toContain('hunter2');
    });
  });
});
