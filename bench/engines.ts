/**
 * SQLite (the baseline) and PostgreSQL in the same run, on the two loads that touch the database
 * most:
 *  - nudge fan-out: 2,000 managers due in the same minute, one tick of the nudges job against a
 *    Slack double that allows 100 chat.postMessage per second (429 + Retry-After: 1 beyond);
 *  - weekly summary: 5,000 managers × 52 weeks of time entries; the database part of the Monday
 *    summary (four weeks of minutes per manager, targets, answers, recipients), median of 5 runs.
 *
 *   npm run build && node dist/bench/engines.js [managers-for-summary] [weeks]
 *
 * PostgreSQL: BENCH_DATABASE_URL (a server where a database may be created), else TEST_DATABASE_URL,
 * else a throwaway cluster is started with test/support/postgres-cluster.sh and removed afterwards.
 */
import { fixedWorkspace } from '../src/core/workspace';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { WebClient } from '@slack/web-api';

import { CATEGORY_IDS } from '../src/core/categories';
import { fixedClock } from '../src/core/clock';
import { loadCoachingContent } from '../src/core/content/coaching';
import { openDatabase } from '../src/core/db/connection';
import type { Database } from '../src/core/db/database';
import { migrateDatabase } from '../src/core/db/migrations';
import { postgresDatabase } from '../src/core/db/postgres';
import { sqliteDatabase } from '../src/core/db/sqlite';
import { addLocalDays } from '../src/core/dates/localDate';
import { createLogger } from '../src/core/logger';
import { PROJECT_ROOT } from '../src/core/paths';
import { createAppDeps } from '../src/deps';
import { nudgesJob } from '../src/features/nudges/job';
import { loadSummaryData } from '../src/features/summaries/job';
import { previousWeekOf } from '../src/features/summaries/rules/week';
import { startSlackDouble } from '../test/support/slackDouble';
import { benchConfig, median, seededRandom } from './support';

const SUMMARY_MANAGERS = Number(process.argv[2] ?? 5000);
const WEEKS = Number(process.argv[3] ?? 52);
const NUDGE_MANAGERS = 2000;
const ALLOWED_PER_SECOND = 100;
const SUMMARY_RUNS = 5;
const TICK = '2026-11-16T08:00:00Z';
const SUMMARY_MONDAY = '2026-11-23';
const ZONES = ['Europe/Berlin', 'Europe/Paris', 'Europe/Madrid', 'Europe/Rome', 'Africa/Lagos'];
const logger = createLogger('error');

interface EngineFigures {
  nudges: { delivered: number; twice: number; tickSeconds: number; rate: number };
  summary: { rows: number; seedSeconds: number; loadMs: number[] };
}

/** Many rows per INSERT, the same statements on both engines. */
async function insertMany(db: Database, table: string, columns: string[], rows: Array<Array<string | number | null>>): Promise<void> {
  const perStatement = Math.floor(5000 / columns.length);
  for (let i = 0; i < rows.length; i += perStatement) {
    const batch = rows.slice(i, i + perStatement);
    await db.run(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${batch.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ')}`,
      batch.flat(),
    );
  }
}

async function coachedManagers(db: Database, count: number, prefix: string): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(6, '0')}`);
  const at = '2025-01-01T00:00:00.000Z';
  await insertMany(
    db,
    'managers',
    ['user_id', 'team_id', 'time_zone', 'enrolled_at', 'coaching_started_at', 'first_coached_at'],
    ids.map((id, i) => [id, 'TBENCH', ZONES[i % ZONES.length] ?? 'UTC', at, at, at]),
  );
  return ids;
}

async function nudgeFanOut(db: Database): Promise<EngineFigures['nudges']> {
  const double = await startSlackDouble();
  try {
    double.limitRate({ method: 'chat.postMessage', perSecond: ALLOWED_PER_SECOND, retryAfterSeconds: 1 });
    await db.transaction(() => coachedManagers(db, NUDGE_MANAGERS, 'UN'));
    const config = benchConfig(double.apiUrl, ':memory:', 'error');
    const deps = createAppDeps({ config, db, logger, clock: fixedClock(TICK), workspace: fixedWorkspace('TBENCH') });
    const started = performance.now();
    await nudgesJob().run(new Date(TICK), { ...deps, client: new WebClient(config.slackBotToken, { slackApiUrl: double.apiUrl }) });
    const tickSeconds = (performance.now() - started) / 1000;
    const delivered = double.succeeded('chat.postMessage');
    const per = new Map<string, number>();
    for (const c of delivered) per.set(String(c.params.channel), (per.get(String(c.params.channel)) ?? 0) + 1);
    const first = Math.min(...double.callsTo('chat.postMessage').map((c) => c.at));
    const last = Math.max(...delivered.map((c) => c.at));
    return {
      delivered: per.size,
      twice: [...per.values()].filter((n) => n > 1).length,
      tickSeconds,
      rate: delivered.length / Math.max((last - first) / 1000, 0.001),
    };
  } finally {
    await double.stop();
  }
}

async function weeklySummary(db: Database): Promise<EngineFigures['summary']> {
  const rand = seededRandom(42);
  const week = previousWeekOf(SUMMARY_MONDAY);
  const firstMonday = addLocalDays(week.start, -7 * (WEEKS - 1));
  const seedStart = performance.now();
  const ids = await db.transaction(() => coachedManagers(db, SUMMARY_MANAGERS, 'US'));
  let rows = 0;
  for (let w = 0; w < WEEKS; w++) {
    const monday = addLocalDays(firstMonday, 7 * w);
    const entries: Array<Array<string | number | null>> = [];
    const answers: Array<Array<string | number | null>> = [];
    for (const userId of ids) {
      if (rand() < 0.08) continue;
      for (let d = 0; d < 5; d++) {
        for (let e = 0; e < 3; e++) {
          const category = CATEGORY_IDS[Math.floor(rand() * CATEGORY_IDS.length)] ?? 'coding';
          entries.push(['TBENCH', userId, category, 30 + Math.floor(rand() * 150), addLocalDays(monday, d), 'UTC', 'command', '2026-01-01T00:00:00.000Z']);
        }
      }
      if (rand() < 0.7) answers.push(['TBENCH', userId, monday, rand() < 0.45 ? 1 : 0, '2026-01-01T00:00:00.000Z']);
    }
    await db.transaction(async () => {
      await insertMany(db, 'time_entries', ['team_id', 'user_id', 'category', 'minutes', 'local_date', 'time_zone', 'source', 'created_at'], entries);
      await insertMany(db, 'improvement_answers', ['team_id', 'user_id', 'week_start', 'at_target', 'answered_at'], answers);
    });
    rows += entries.length;
  }
  if (db.engine === 'postgres') await db.exec('ANALYZE');
  const seedSeconds = (performance.now() - seedStart) / 1000;
  const config = benchConfig('http://127.0.0.1:9/api/', ':memory:', 'error');
  const { repos } = createAppDeps({ config, db, logger, clock: fixedClock(TICK), workspace: fixedWorkspace('TBENCH') });
  const coaching = loadCoachingContent();
  const loadMs: number[] = [];
  for (let run = 0; run < SUMMARY_RUNS; run++) {
    const start = performance.now();
    await loadSummaryData({ repos, coaching }, week);
    await repos.summary.recipients();
    loadMs.push(performance.now() - start);
  }
  return { rows, seedSeconds, loadMs };
}

async function freshSqlite(): Promise<{ db: Database; drop: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lead-coach-bench-engines-'));
  const db = sqliteDatabase(openDatabase(path.join(dir, 'bench.db')));
  await migrateDatabase(db);
  return { db, drop: async () => { await db.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
}

async function freshPostgres(serverUrl: string): Promise<{ db: Database; drop: () => Promise<void> }> {
  const name = `lc_bench_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
  const admin = postgresDatabase({ url: serverUrl, logger, poolSize: 1 });
  await admin.exec(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = postgresDatabase({ url: url.toString(), logger });
  await migrateDatabase(db);
  return {
    db,
    drop: async () => {
      await db.close();
      await admin.exec(`DROP DATABASE IF EXISTS ${name}`);
      await admin.close();
    },
  };
}

async function measure(open: () => Promise<{ db: Database; drop: () => Promise<void> }>): Promise<EngineFigures> {
  const forNudges = await open();
  let nudges: EngineFigures['nudges'];
  try {
    nudges = await nudgeFanOut(forNudges.db);
  } finally {
    await forNudges.drop();
  }
  const forSummary = await open();
  try {
    return { nudges, summary: await weeklySummary(forSummary.db) };
  } finally {
    await forSummary.drop();
  }
}

function postgresServer(): { url: string; stop: () => void } {
  const given = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (given) return { url: given, stop: () => undefined };
  const script = path.join(PROJECT_ROOT, 'test', 'support', 'postgres-cluster.sh');
  const out = execFileSync('bash', [script, 'start'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const url = /TEST_DATABASE_URL='([^']+)'/.exec(out)?.[1];
  const dir = /PG_CLUSTER_DIR='([^']+)'/.exec(out)?.[1];
  if (!url || !dir) throw new Error(`postgres-cluster.sh printed no URL: ${out}`);
  return { url, stop: () => execFileSync('bash', [script, 'stop', dir], { stdio: 'inherit' }) };
}

async function main(): Promise<void> {
  const server = postgresServer();
  try {
    const sqlite = await measure(freshSqlite);
    const postgres = await measure(() => freshPostgres(server.url));
    const line = (label: string, a: string, b: string, ratio: string) => console.log(`  ${label.padEnd(44)} ${a.padStart(12)} ${b.padStart(12)} ${ratio.padStart(8)}`);
    console.log(`engines bench: SQLite (baseline) and PostgreSQL, same run`);
    line('', 'SQLite', 'PostgreSQL', 'PG/SQLite');
    line(`nudges: delivered of ${NUDGE_MANAGERS} (recipients twice)`, `${sqlite.nudges.delivered} (${sqlite.nudges.twice})`, `${postgres.nudges.delivered} (${postgres.nudges.twice})`, '');
    line(`nudges: achieved rate, msg/s (allowed ${ALLOWED_PER_SECOND})`, sqlite.nudges.rate.toFixed(1), postgres.nudges.rate.toFixed(1), (postgres.nudges.rate / sqlite.nudges.rate).toFixed(2));
    line('nudges: whole tick, s', sqlite.nudges.tickSeconds.toFixed(2), postgres.nudges.tickSeconds.toFixed(2), (postgres.nudges.tickSeconds / sqlite.nudges.tickSeconds).toFixed(2));
    line(`summary: ${SUMMARY_MANAGERS} × ${WEEKS} weeks, rows`, String(sqlite.summary.rows), String(postgres.summary.rows), '');
    line('summary: seeding (multi-row INSERTs), s', sqlite.summary.seedSeconds.toFixed(1), postgres.summary.seedSeconds.toFixed(1), (postgres.summary.seedSeconds / sqlite.summary.seedSeconds).toFixed(2));
    const [a, b] = [median(sqlite.summary.loadMs), median(postgres.summary.loadMs)];
    line(`summary: database part, median of ${SUMMARY_RUNS}, ms`, a.toFixed(1), b.toFixed(1), (b / a).toFixed(2));
    const ok =
      sqlite.nudges.delivered === NUDGE_MANAGERS && postgres.nudges.delivered === NUDGE_MANAGERS && sqlite.nudges.twice === 0 && postgres.nudges.twice === 0;
    if (!ok) {
      console.log('FAILED: a nudge was lost or sent twice');
      process.exitCode = 1;
    }
  } finally {
    server.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
