/**
 * Nudge delivery benchmark: 2,000 managers due in the same minute (Monday 09:00 in five UTC+1
 * zones), one real tick of the nudges job against the Slack double, which allows 100
 * chat.postMessage calls per second and answers 429 with Retry-After: 1 beyond that.
 * Checks that every manager got exactly one DM and that the achieved rate is at least 80% of the allowed one.
 *
 *   npx tsc -p tsconfig.build.json && node dist/bench/nudges.js [managers]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { WebClient } from '@slack/web-api';

import { fixedClock } from '../src/core/clock';
import { DEFAULT_SLACK_TIMEOUT_MS } from '../src/core/config';
import { openDatabase } from '../src/core/db/connection';
import { runMigrations } from '../src/core/db/migrations';
import { createAppDeps } from '../src/deps';
import { nudgesJob, type NudgeJobReport } from '../src/features/nudges/job';
import { createLogger } from '../src/core/logger';
import { startSlackDouble } from '../test/support/slackDouble';

const MANAGERS = Number(process.argv[2] ?? 2000);
const ALLOWED_PER_SECOND = 100;
const REQUIRED_SHARE = 0.8;
const ZONES = ['Europe/Berlin', 'Europe/Paris', 'Europe/Madrid', 'Europe/Rome', 'Africa/Lagos'];
const TICK = '2026-11-16T08:00:00Z';

async function main(): Promise<void> {
  const double = await startSlackDouble();
  double.limitRate({ method: 'chat.postMessage', perSecond: ALLOWED_PER_SECOND, retryAfterSeconds: 1 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lead-coach-bench-nudges-'));
  const dbPath = path.join(dir, 'bench.db');
  const db = openDatabase(dbPath);
  runMigrations(db);
  const logger = createLogger('error');
  const config = {
    slackBotToken: 'xoxb-bench',
    slackSigningSecret: 'bench',
    slackAppToken: undefined,
    slackApiUrl: double.apiUrl,
    slackTimeoutMs: DEFAULT_SLACK_TIMEOUT_MS,
    port: 0,
    databasePath: dbPath,
    logLevel: 'error' as const,
    adminUserIds: [],
    transport: 'http' as const,
  };
  const deps = createAppDeps({ config, db, logger, clock: fixedClock(TICK) });
  const enrolledAt = new Date('2026-11-16T07:00:00Z');
  await deps.transactor.transaction(async () => {
    for (let i = 0; i < MANAGERS; i++) {
      const userId = `U${String(i).padStart(6, '0')}`;
      await deps.repos.managers.enrol({ userId, teamId: 'T0001', timeZone: ZONES[i % ZONES.length] ?? 'UTC', enrolledAt });
    }
  });
  const ctx = { ...deps, client: new WebClient(config.slackBotToken, { slackApiUrl: double.apiUrl }) };

  const started = performance.now();
  const report = (await nudgesJob().run(new Date(TICK), ctx)) as NudgeJobReport;
  const elapsedMs = performance.now() - started;

  const posts = double.callsTo('chat.postMessage');
  const delivered = double.succeeded('chat.postMessage');
  const perRecipient = new Map<string, number>();
  for (const c of delivered) perRecipient.set(String(c.params.channel), (perRecipient.get(String(c.params.channel)) ?? 0) + 1);
  const twice = [...perRecipient.values()].filter((n) => n > 1).length;
  const firstCall = Math.min(...posts.map((c) => c.at));
  const lastOk = Math.max(...delivered.map((c) => c.at));
  const sendingSeconds = (lastOk - firstCall) / 1000;
  const windows = Math.ceil(delivered.length / ALLOWED_PER_SECOND);
  // With a fixed one-second window, N messages need at least N/100 - 1 full seconds after the first call.
  const ideaSeconds = Math.max(1, windows - 1);
  const rate = delivered.length / Math.max(sendingSeconds, 0.001);
  const wholeTickRate = delivered.length / (elapsedMs / 1000);
  const statuses = await deps.repos.deliveries.countsByStatus();
  const attempts = (db.prepare('SELECT SUM(attempts) AS n FROM deliveries').get() as { n: number }).n;

  console.log(`nudges bench: ${MANAGERS} managers due at ${TICK}, double allows ${ALLOWED_PER_SECOND} msg/s (429 + Retry-After: 1 beyond)`);
  console.log(`  delivered:            ${delivered.length}/${MANAGERS} (recipients ${perRecipient.size}, recipients with more than one: ${twice})`);
  console.log(`  deliveries table:     ${JSON.stringify(statuses)}`);
  console.log(`  job report:           sent=${report.sent} failed=${report.failed} missed=${report.missed} duplicates=${report.duplicates}`);
  console.log(`  429 answers:          ${posts.length - delivered.length}; send attempts ${attempts} (network retries ${attempts - posts.length})`);
  console.log(`  sending phase:        ${sendingSeconds.toFixed(2)} s (first call → last delivered; ideal ≈ ${ideaSeconds} s)`);
  console.log(`  achieved rate:        ${rate.toFixed(1)} msg/s = ${((rate / ALLOWED_PER_SECOND) * 100).toFixed(1)}% of allowed (required ≥ ${REQUIRED_SHARE * 100}%)`);
  console.log(`  whole tick:           ${(elapsedMs / 1000).toFixed(2)} s incl. planning and rendering = ${wholeTickRate.toFixed(1)} msg/s`);

  const ok = delivered.length === MANAGERS && perRecipient.size === MANAGERS && twice === 0 && statuses.sent === MANAGERS && rate >= ALLOWED_PER_SECOND * REQUIRED_SHARE;
  console.log(ok ? 'PASS' : 'FAIL');
  db.close();
  await double.stop();
  fs.rmSync(dir, { recursive: true, force: true });
  if (!ok) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
