/**
 * Nudge delivery benchmark: 2,000 managers due in the same minute (Monday 09:00 in five UTC+1
 * zones), one real tick of the nudges job against the Slack double, which allows 100
 * chat.postMessage calls per second and answers 429 with Retry-After: 1 beyond that.
 * Checks that every manager got exactly one DM and that the achieved rate is at least 80% of the allowed one.
 *
 * Second case, the cadence rules: one tick (Monday 09:00) for 10,000 enrolled managers with every
 * manager carrying cadence state (some backed off), own times, workspace holidays and a cached
 * away answer (10% away), against the same tick with those rules inert (no rows, no look-ups) as
 * the baseline in the same run. Slack answers at once here: this measures planning CPU, not rate limits.
 * Target: under 1 s of CPU for the tick with the rules (the in-process double's CPU included).
 *
 *   npx tsc -p tsconfig.build.json && node dist/bench/nudges.js [managers]
 */
import { fixedWorkspace } from '../src/core/workspace';
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';

import { WebClient } from '@slack/web-api';

import { fixedClock } from '../src/core/clock';
import { createAppDeps } from '../src/deps';
import { nudgesJob, type NudgeJobReport } from '../src/features/nudges/job';
import { createAwayChecker, type AwayChecker } from '../src/features/nudges/away';
import { createLogger } from '../src/core/logger';
import { benchConfig, benchDatabase, enrolCoached } from './support';
import { startSlackDouble } from '../test/support/slackDouble';
import { sqliteDatabase } from '../src/core/db/sqlite';

const MANAGERS = Number(process.argv[2] ?? 2000);
const ALLOWED_PER_SECOND = 100;
const REQUIRED_SHARE = 0.8;
const ZONES = ['Europe/Berlin', 'Europe/Paris', 'Europe/Madrid', 'Europe/Rome', 'Africa/Lagos'];
const TICK = '2026-11-16T08:00:00Z';

async function main(): Promise<void> {
  const double = await startSlackDouble();
  double.limitRate({ method: 'chat.postMessage', perSecond: ALLOWED_PER_SECOND, retryAfterSeconds: 1 });
  const { db, dbPath, dir } = benchDatabase('nudges');
  const logger = createLogger('error');
  const config = benchConfig(double.apiUrl, dbPath, 'error');
  const deps = createAppDeps({ config, db: sqliteDatabase(db), logger, clock: fixedClock(TICK), workspace: fixedWorkspace('T0001') });
  const enrolledAt = new Date('2026-11-16T07:00:00Z');
  await deps.transactor.transaction(async () => {
    for (let i = 0; i < MANAGERS; i++) {
      const userId = `U${String(i).padStart(6, '0')}`;
      await enrolCoached(deps.repos.managers, { userId, timeZone: ZONES[i % ZONES.length] ?? 'UTC', enrolledAt });
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

const CADENCE_MANAGERS = Number(process.argv[3] ?? 10_000);
const CPU_TARGET_MS = 1000;

/** A checker that never looks anything up: the baseline tick without the away rule. */
const NO_AWAY: AwayChecker = { newTick() {}, remember() {}, check: () => Promise.resolve(undefined) };

interface TickCost {
  cpuMs: number;
  wallMs: number;
  report: NudgeJobReport;
}

async function cadenceTick(withRules: boolean): Promise<TickCost & { quiet: TickCost }> {
  const double = await startSlackDouble();
  const { db, dbPath, dir } = benchDatabase('cadence');
  const logger = createLogger('error');
  const config = benchConfig(double.apiUrl, dbPath, 'error');
  const deps = createAppDeps({ config, db: sqliteDatabase(db), logger, clock: fixedClock(TICK), workspace: fixedWorkspace('T0001') });
  const away = createAwayChecker();
  const s = deps.repos.nudgeSettings;
  await deps.transactor.transaction(async () => {
    for (let i = 0; i < CADENCE_MANAGERS; i++) {
      const userId = `U${String(i).padStart(6, '0')}`;
      // Enrolled weeks ago: no first-week README in this tick.
      await enrolCoached(deps.repos.managers, { userId, timeZone: ZONES[i % ZONES.length] ?? 'UTC', enrolledAt: new Date('2026-10-01T07:00:00Z') });
      if (!withRules) continue;
      if (i % 3 === 0) await s.recordSent(userId, ['no-code-block', 'no-code-block', 'no-code-block']); // ignored three times: backs off
      if (i % 3 === 1) await s.recordInteraction(userId, 'no-code-block');
      if (i % 7 === 0) await s.setOverride(userId, 'time-checkin', { time: '17:30', weekdays: [2, 5] }, new Date(TICK));
      away.remember(userId, i % 10 === 0 ? { away: true, why: 'Slack status :palm_tree:' } : { away: false }, new Date(TICK));
    }
    if (withRules) for (const date of ['2026-12-24', '2026-12-25', '2026-12-31']) await s.addHoliday({ date, name: 'Holiday', addedBy: 'U_ADMIN', addedAt: TICK });
  });
  const ctx = { ...deps, client: new WebClient(config.slackBotToken, { slackApiUrl: double.apiUrl }) };
  const job = nudgesJob({}, withRules ? away : NO_AWAY);
  const measured = async (at: Date) => {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const report = (await job.run(at, ctx)) as NudgeJobReport;
    const wallMs = performance.now() - started;
    const used = process.cpuUsage(cpu);
    return { cpuMs: (used.user + used.system) / 1000, wallMs, report };
  };
  const due = await measured(new Date(TICK));
  // The ticks of an ordinary minute: everyone enrolled, nothing (new) due. Median of five.
  const quietTicks = [];
  for (let minute = 1; minute <= 5; minute++) quietTicks.push(await measured(new Date(Date.parse(TICK) + minute * 60_000)));
  quietTicks.sort((a, b) => a.cpuMs - b.cpuMs);
  const quiet = quietTicks[2] ?? due;
  db.close();
  await double.stop();
  fs.rmSync(dir, { recursive: true, force: true });
  return { ...due, quiet };
}

async function cadenceCase(): Promise<boolean> {
  const base = await cadenceTick(false);
  const rules = await cadenceTick(true);
  const line = (name: string, r: TickCost) =>
    `  ${name} ${r.cpuMs.toFixed(0).padStart(6)} ms CPU, ${r.wallMs.toFixed(0).padStart(6)} ms wall; sent=${r.report.sent} skipped=${r.report.suppressed} deferred=${r.report.deferred}`;
  console.log(`\ncadence rules: one tick for ${CADENCE_MANAGERS} managers at ${TICK} (Slack answers at once)`);
  console.log(line('baseline (rules inert):', base));
  console.log(line('with cadence rules:    ', rules));
  console.log(`  ratio (rules / baseline CPU): ${(rules.cpuMs / base.cpuMs).toFixed(2)}; CPU per DM sent with the rules: ${(rules.cpuMs / Math.max(1, rules.report.sent)).toFixed(2)} ms`);
  console.log(`\nan ordinary minute after it (nothing new due), median of 5 ticks for ${CADENCE_MANAGERS} managers:`);
  console.log(line('baseline (rules inert):', base.quiet));
  console.log(line('with cadence rules:    ', rules.quiet));
  console.log(`  ratio (rules / baseline CPU): ${(rules.quiet.cpuMs / base.quiet.cpuMs).toFixed(2)}; target < ${CPU_TARGET_MS} ms CPU per tick with the rules`);
  const ok = rules.quiet.cpuMs < CPU_TARGET_MS;
  console.log(ok ? 'PASS' : 'FAIL');
  return ok;
}

main()
  .then(async () => {
    if (!(await cadenceCase())) process.exitCode = 1;
  })
  .catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });

