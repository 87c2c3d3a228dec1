import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { openDatabase } from '../../src/core/db/connection';
import { runMigrations } from '../../src/core/db/migrations';

describe('the database file lead-coach creates is private to its user', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lead-coach-perms-'));
    fs.chmodSync(root, 0o755);
  });
  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('creates the folder 0700 and the file, its WAL and shared memory 0600, and turns secure_delete on', () => {
    const dbPath = path.join(root, 'data', 'lead-coach.db');
    const db = openDatabase(dbPath);
    runMigrations(db);
    expect(fs.statSync(path.dirname(dbPath)).mode & 0o777).toBe(0o700);
    expect(fs.statSync(dbPath).mode & 0o777).toBe(0o600);
    expect(fs.statSync(`${dbPath}-wal`).mode & 0o777).toBe(0o600);
    expect(fs.statSync(`${dbPath}-shm`).mode & 0o777).toBe(0o600);
    expect(db.pragma('secure_delete', { simple: true })).toBe(1);
    db.close();
  });

  it('leaves the modes of a folder and file it did not create alone', () => {
    const dbPath = path.join(root, 'lead-coach.db');
    fs.writeFileSync(dbPath, '');
    fs.chmodSync(dbPath, 0o640);
    const db = openDatabase(dbPath);
    db.close();
    expect(fs.statSync(root).mode & 0o777).toBe(0o755);
    expect(fs.statSync(dbPath).mode & 0o777).toBe(0o640);
  });
});
