/**
 * Slack-fault benchmark: 2,000 managers due in the same minute (Monday 09:00 in five UTC+1 zones),
 * one real tick of the nudges job against the Slack double, first with Slack healthy (the baseline,
 * same run), then with faults injected during the tick:
 *   - hang:        20 managers' DMs never get an answer (each try ends at SLACK_TIMEOUT_MS)
 *   - 5xx burst:   300 consecutive chat.postMessage calls answer HTTP 503
 *   - 429:         one answer with Retry-After: 20 (the whole batch pauses)
 *   - reset:       50 connections dropped without an answer
 *   - slow answer: 100 DMs answered after 3 s (under the timeout)
 * then a second tick one minute later with Slack healthy again. Prints nudges delivered on time
 * (in the first tick, within 60 s), late (on the next tick), lost and duplicated.
 * Goal: 0 lost, 0 duplicated, every healthy manager's nudge on time.
 *
 *   npx tsc -p tsconfig.build.json && node dist/bench/faults.js [managers]
 */
import { fixedWorkspace } from '../src/core/workspace';
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';

import { WebClient } from '@slack/web-api';

import { fixedClock } from '../src/core/clock';
import { DEFAULT_SLACK_TIMEOUT_MS } from '../src/core/config';
import { createLogger } from '../src/core/logger';
import { webClientOptions } from '../src/core/slack/client';
import { createAppDeps } from '../src/deps';
import { nudgesJob, type NudgeJobReport } from '../src/features/nudges/job';
import { benchConfig, benchDatabase, enrolCoached } from './support';
import { startSlackDouble, type SlackDouble } from '../test/support/slackDouble';
import { sqliteDatabase } from '../src/core/db/sqlite';

const MANAGERS = Number(process.argv[2] ?? 2000);
const ALLOWED_PER_SECOND = 200;
const ZONES = ['Europe/Berlin', 'Europe/Paris', 'Europe/Madrid', 'Europe/Rome', 'Africa/Lagos'];
const TICK = '2026-11-16T08:00:00Z';
const NEXT_TICK = '2026-11-16T08:01:00Z';
/** A nudge sent within the tick's own minute is on time. */
const ON_TIME_MS = 60_000;
const HUNG_EVERY = Math.max(1, Math.floor(MANAGERS / 20));
const SLOW_EVERY = Math.max(1, Math.floor(MANAGERS / 100));
const BURST = { from: 400, count: 300 };
const LONG_RETRY_AT_CALL = 1200;
const LONG_RETRY_AFTER_S = 20;
const RESETS = 50;

function userIdOf(i: number): string {
  return `U${String(i).padStart(6, '0')}`;
}

interface Outcome {
  tickSeconds: number;
  onTime: number;
  late: number;
  lost: number;
  duplicated: number;
  healthyLate: number;
  report: NudgeJobReport;
  second?: NudgeJobReport;
}

async function runScenario(double: SlackDouble, withFaults: boolean): Promise<Outcome> {
  double.reset();
  double.limitRate({ method: 'chat.postMessage', perSecond: ALLOWED_PER_SECOND, retryAfterSeconds: 1 });
  const { db, dbPath, dir } = benchDatabase('faults');
  const logger = createLogger('fatal');
  const config = benchConfig(double.apiUrl, dbPath, 'fatal');
  const clock = fixedClock(TICK);
  const deps = createAppDeps({ config, db: sqliteDatabase(db), logger, clock, workspace: fixedWorkspace('T0001') });
  const enrolledAt = new Date('2026-11-16T07:00:00Z');
  const hung = new Set<string>();
  const slow = new Set<string>();
  await deps.transactor.transaction(async () => {
    for (let i = 0; i < MANAGERS; i++) {
      const userId = userIdOf(i);
      await enrolCoached(deps.repos.managers, { userId, timeZone: ZONES[i % ZONES.length] ?? 'UTC', enrolledAt });
      if (i % HUNG_EVERY === HUNG_EVERY - 1) hung.add(userId);
      else if (i % SLOW_EVERY === 3) slow.add(userId);
    }
  });
  const ctx = { ...deps, client: new WebClient(config.slackBotToken, webClientOptions(config, logger)) };

  if (withFaults) {
    double.fault('chat.postMessage', { kind: 'hang' }, { when: (p) => hung.has(String(p.channel)) });
    double.fault('chat.postMessage', { kind: 'delay', ms: 3000 }, { when: (p) => slow.has(String(p.channel)), times: slow.size });
    let calls = 0;
    let resets = 0;
    double.fault('chat.postMessage', { kind: 'reset' }, { when: () => calls % 37 === 5 && resets++ < RESETS, times: RESETS });
    double.always('chat.postMessage', (params) => {
      calls++;
      if (calls > BURST.from && calls <= BURST.from + BURST.count) return { status: 503, body: { ok: false, error: 'service_unavailable' } };
      if (calls === LONG_RETRY_AT_CALL) return { status: 429, headers: { 'Retry-After': String(LONG_RETRY_AFTER_S) }, body: { ok: false, error: 'ratelimited' } };
      return { ok: true, channel: params.channel, ts: `${Math.floor(Date.now() / 1000)}.${String(calls).padStart(6, '0')}` };
    });
  }

  const started = Date.now();
  const t0 = performance.now();
  const report = (await nudgesJob().run(new Date(TICK), ctx)) as NudgeJobReport;
  const tickSeconds = (performance.now() - t0) / 1000;
  const firstTick = new Map<string, number>();
  for (const c of double.succeeded('chat.postMessage')) {
    const id = String(c.params.channel);
    if (!firstTick.has(id)) firstTick.set(id, c.at - started);
  }

  let second: NudgeJobReport | undefined;
  if (withFaults) {
    double.reset();
    clock.set(NEXT_TICK);
    second = (await nudgesJob().run(new Date(NEXT_TICK), ctx)) as NudgeJobReport;
  }

  const perRecipient = new Map<string, number>();
  for (const c of double.calls) {
    if (c.method !== 'chat.postMessage' || c.status !== 200 || c.error !== undefined) continue;
    perRecipient.set(String(c.params.channel), (perRecipient.get(String(c.params.channel)) ?? 0) + 1);
  }
  // double.reset() between the ticks cleared the first tick's calls: add them back for the counts.
  for (const id of firstTick.keys()) if (withFaults) perRecipient.set(id, (perRecipient.get(id) ?? 0) + 1);

  let onTime = 0;
  let late = 0;
  let lost = 0;
  let healthyLate = 0;
  for (let i = 0; i < MANAGERS; i++) {
    const id = userIdOf(i);
    const at = firstTick.get(id);
    if (at !== undefined && at <= ON_TIME_MS) onTime++;
    else if ((perRecipient.get(id) ?? 0) > 0) {
      late++;
      if (!hung.has(id)) healthyLate++;
    } else lost++;
  }
  const duplicated = [...perRecipient.values()].filter((n) => n > 1).length;
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return { tickSeconds, onTime, late, lost, duplicated, healthyLate, report, ...(second ? { second } : {}) };
}

async function main(): Promise<void> {
  const double = await startSlackDouble();
  const baseline = await runScenario(double, false);
  const faulty = await runScenario(double, true);
  await double.stop();

  console.log(`faults bench: ${MANAGERS} managers due at ${TICK}; double allows ${ALLOWED_PER_SECOND} msg/s; SLACK_TIMEOUT_MS ${DEFAULT_SLACK_TIMEOUT_MS}`);
  console.log(`  faults: ${Math.ceil(MANAGERS / HUNG_EVERY)} managers' DMs hang; 503 for calls ${BURST.from + 1}-${BURST.from + BURST.count}; one 429 Retry-After ${LONG_RETRY_AFTER_S} s; ${RESETS} resets; ${Math.ceil(MANAGERS / SLOW_EVERY)} answers 3 s late`);
  for (const [name, o] of [['baseline (healthy Slack)', baseline], ['with faults', faulty]] as const) {
    console.log(`  ${name}:`);
    console.log(`    first tick:   ${o.tickSeconds.toFixed(2)} s; sent=${o.report.sent} failed=${o.report.failed} duplicates=${o.report.duplicates}`);
    if (o.second) console.log(`    next tick:    sent=${o.second.sent} failed=${o.second.failed}`);
    console.log(`    on time: ${o.onTime}  late: ${o.late} (healthy managers late: ${o.healthyLate})  lost: ${o.lost}  duplicated: ${o.duplicated}`);
  }
  console.log(`  first tick with faults / baseline: ${(faulty.tickSeconds / baseline.tickSeconds).toFixed(2)}x`);
  const ok = [baseline, faulty].every((o) => o.lost === 0 && o.duplicated === 0 && o.healthyLate === 0) && baseline.onTime === MANAGERS;
  console.log(ok ? 'PASS' : 'FAIL');
  if (!ok) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
