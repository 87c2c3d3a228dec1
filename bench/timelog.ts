/**
 * Time-log journal benchmark: what journaling every change (time_log_actions, one transaction
 * with the change) costs `/lead log` and `/lead undo`, against the bare statements they ran before
 * (addIfDayFits alone; last entry + delete), measured in the same run on the same kind of database.
 *
 *   npx tsc -p tsconfig.build.json && node dist/bench/timelog.js [operations]
 */
import { fixedWorkspace } from '../src/core/workspace';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { fixedClock } from '../src/core/clock';
import { openDatabase } from '../src/core/db/connection';
import { runMigrations } from '../src/core/db/migrations';
import { createSqliteTransactor } from '../src/core/db/transactions';
import { createRepositories } from '../src/repositories';
import { logEntry, undoLastAction } from '../src/features/timelog/history';
import { CATEGORY_IDS } from '../src/core/categories';
import { MINUTES_PER_DAY } from '../src/features/timelog/rules/duration';
import { sqliteDatabase } from '../src/core/db/sqlite';

const OPERATIONS = Number(process.argv[2] ?? 3000);
const MANAGERS = 50;
/** Journaling may cost at most this many times the bare statements, per operation. */
const MAX_RATIO = 4;

function freshDeps(name: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `lead-coach-bench-timelog-${name}-`));
  const db = openDatabase(path.join(dir, 'bench.db'));
  runMigrations(db);
  const repos = createRepositories(sqliteDatabase(db), fixedWorkspace('T1'));
  return { db, dir, deps: { repos, transactor: createSqliteTransactor(db), clock: fixedClock('2026-11-18T10:00:00Z') } };
}

function entry(i: number) {
  return {
    userId: `U${i % MANAGERS}`,
    category: CATEGORY_IDS[i % CATEGORY_IDS.length] ?? 'coding',
    minutes: 5,
    localDate: `2026-11-${String(5 + (i % 14)).padStart(2, '0')}`,
    timeZone: 'Europe/Berlin',
    note: i % 2 ? 'with Dana about her promo' : null,
    source: 'command' as const,
    createdAt: new Date('2026-11-18T10:00:00Z'),
    requestKey: `bench-${i}`,
  };
}

async function measure(label: string, work: (i: number) => Promise<unknown>): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < OPERATIONS; i++) await work(i);
  const perOp = ((performance.now() - start) * 1000) / OPERATIONS;
  process.stdout.write(`${label.padEnd(44)} ${perOp.toFixed(1).padStart(7)} µs/op\n`);
  return perOp;
}

async function main(): Promise<void> {
  const bare = freshDeps('bare');
  const journaled = freshDeps('journaled');
  for (const { deps } of [bare, journaled]) {
    for (let m = 0; m < MANAGERS; m++) await deps.repos.managers.enrol({ userId: `U${m}`, timeZone: 'Europe/Berlin', enrolledAt: new Date('2026-11-01T00:00:00Z') });
  }
  // Each side has a database of its own, so neither finds the other's rows or journal.
  const logBare = await measure('log, bare addIfDayFits (before)', (i) => bare.deps.repos.timeEntries.addIfDayFits(entry(i), MINUTES_PER_DAY));
  const logJournaled = await measure('log, addIfDayFits + journal in a transaction', (i) => logEntry(journaled.deps, entry(i), MINUTES_PER_DAY));
  const undoBare = await measure('undo, last entry + delete (before)', async (i) => {
    const userId = `U${i % MANAGERS}`;
    const last = await bare.deps.repos.timeEntries.last(userId);
    if (last) await bare.deps.repos.timeEntries.delete(userId, last.id);
  });
  const undoJournaled = await measure('undo, last action restored + marked undone', (i) => undoLastAction(journaled.deps, `U${i % MANAGERS}`, `undo-${i}`));
  const remaining = journaled.db.prepare('SELECT COUNT(*) AS n FROM time_entries').get() as { n: number };
  const logRatio = logJournaled / logBare;
  const undoRatio = undoJournaled / undoBare;
  process.stdout.write(`ratio journaled/bare: log ${logRatio.toFixed(2)}x, undo ${undoRatio.toFixed(2)}x (target ≤ ${MAX_RATIO}x); entries left after undoing all: ${remaining.n}\n`);
  for (const { db, dir } of [bare, journaled]) {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  if (logRatio > MAX_RATIO || undoRatio > MAX_RATIO || remaining.n !== 0) process.exitCode = 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
