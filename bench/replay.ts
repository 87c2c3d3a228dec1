/**
 * Replay-guard benchmark: what remembering one Slack request key costs, per mutating request,
 * against what every request already pays (the request scope's read of the manager record), in
 * the same run on the same migrated SQLite file. Keys arrive 5 per second of the injected clock,
 * so the 10-minute TTL prunes as it would in use and the table stays bounded.
 *
 *   npx tsc -p tsconfig.build.json && node dist/bench/replay.js [requests]
 */
import { fixedWorkspace } from '../src/core/workspace';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { openDatabase } from '../src/core/db/connection';
import { runMigrations } from '../src/core/db/migrations';
import { createRepositories } from '../src/repositories';
import { sqliteDatabase } from '../src/core/db/sqlite';
import { median } from './support';

const REQUESTS = Number(process.argv[2] ?? 20000);
const ROUNDS = 5;
/** A key costs one indexed INSERT in WAL mode; a read is a primary-key SELECT. The guard may cost this many reads. */
const RATIO_TARGET = 4;

async function main(): Promise<boolean> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lead-coach-bench-replay-'));
  const db = openDatabase(path.join(dir, 'bench.db'));
  runMigrations(db);
  const repos = createRepositories(sqliteDatabase(db), fixedWorkspace('T1'));
  await repos.managers.enrol({ userId: 'U_BENCH', timeZone: 'Europe/Berlin', enrolledAt: new Date('2026-11-01T00:00:00Z') });
  let clockMs = Date.parse('2026-11-18T10:00:00Z');
  let counter = 0;
  const ratios: number[] = [];
  const guardUs: number[] = [];
  const readUs: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    let t0 = performance.now();
    for (let i = 0; i < REQUESTS; i++) await repos.managers.get('U_BENCH');
    const read = (performance.now() - t0) / REQUESTS;
    t0 = performance.now();
    for (let i = 0; i < REQUESTS; i++) {
      clockMs += 200;
      await repos.requestKeys.firstTime(`trigger:${++counter}.${round}.abcdef0123456789`, new Date(clockMs));
    }
    const guard = (performance.now() - t0) / REQUESTS;
    readUs.push(read * 1000);
    guardUs.push(guard * 1000);
    ratios.push(guard / read);
  }
  const replayStart = performance.now();
  let replays = 0;
  for (let i = 0; i < REQUESTS; i++) if (!(await repos.requestKeys.firstTime(`trigger:${counter}.${ROUNDS - 1}.abcdef0123456789`, new Date(clockMs)))) replays++;
  const replayUs = ((performance.now() - replayStart) / REQUESTS) * 1000;
  const kept = (db.prepare('SELECT COUNT(*) AS n FROM request_keys').get() as { n: number }).n;
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });

  const ratio = median(ratios);
  console.log(`   ${REQUESTS} requests x ${ROUNDS} rounds (5 keys per clock second)`);
  console.log(`   baseline, manager record read (every request): ${median(readUs).toFixed(2)} µs`);
  console.log(`   request key remembered (each mutating request): ${median(guardUs).toFixed(2)} µs`);
  console.log(`   replay recognised: ${replayUs.toFixed(2)} µs (${replays}/${REQUESTS} refused)`);
  console.log(`   keys kept after pruning: ${kept} (10-minute TTL at 5/s is ~3,000)`);
  console.log(`   target: key <= ${RATIO_TARGET}x the read (median of paired rounds): ${ratio <= RATIO_TARGET ? 'met' : 'NOT met'} (${ratio.toFixed(2)}x)`);
  return ratio <= RATIO_TARGET && replays === REQUESTS && kept <= 3100;
}

main().then(
  (met) => process.exit(met ? 0 : 1),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
