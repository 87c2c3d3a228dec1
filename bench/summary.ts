/**
 * Weekly summary benchmark: 5,000 managers × 52 weeks of synthetic time entries in a temp SQLite
 * file with the real migrations. Measures the whole Monday computation (cohort figures, every
 * manager's personal figures and message, the chart rendered to PNG) against a plain SQL
 * aggregate (GROUP BY category) over the same rows, in the same run.
 *
 *   npm run build && node dist/bench/summary.js [managers] [weeks]
 *
 * SUMMARY_BENCH_DB=/tmp/x.db keeps the generated file and reuses it on the next run.
 */
import { fixedWorkspace } from '../src/core/workspace';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { cohortSummaryMessage, nativeCohortChart, personalSummaryMessage } from '../src/features/summaries/blocks';
import { cohortChartSvg, MAX_CHART_MANAGERS } from '../src/features/summaries/chart';
import { pngSize, renderPng } from '../src/features/summaries/renderChart';
import { loadCoachingContent } from '../src/core/content/coaching';
import { openDatabase } from '../src/core/db/connection';
import { runMigrations } from '../src/core/db/migrations';
import { createSqliteTransactor } from '../src/core/db/transactions';
import { createRepositories } from '../src/repositories';
import { CATEGORY_IDS, emptyMinutes } from '../src/core/categories';
import { personalSummary } from '../src/features/summaries/rules/personal';
import { previousWeekOf } from '../src/features/summaries/rules/week';
import { addLocalDays } from '../src/core/dates/localDate';
import { computeCohortSummary, loadSummaryData } from '../src/features/summaries/job';
import { enrolCoached, median, seededRandom } from './support';
import { sqliteDatabase } from '../src/core/db/sqlite';

const MANAGERS = Number(process.argv[2] ?? 5000);
const WEEKS = Number(process.argv[3] ?? 52);
const RUNS = 7;
const BUDGET_MS = 1000;
const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Sydney', 'America/Los_Angeles'];
/** The Monday the summary goes out: it covers the 52nd and last generated week. */
const SUMMARY_MONDAY = '2026-11-23';

function ms(n: number): string {
  return `${n.toFixed(1)} ms`;
}

async function main(): Promise<void> {
  const kept = process.env.SUMMARY_BENCH_DB;
  const dir = kept ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'lead-coach-bench-summary-'));
  const dbPath = kept ?? path.join(dir ?? os.tmpdir(), 'bench.db');
  const reuse = kept !== undefined && fs.existsSync(kept);
  const db = openDatabase(dbPath);
  runMigrations(db);
  const repos = createRepositories(sqliteDatabase(db), fixedWorkspace('TBENCH'));
  const coaching = loadCoachingContent();
  const rand = seededRandom(42);

  const week = previousWeekOf(SUMMARY_MONDAY);
  const firstMonday = addLocalDays(week.start, -7 * (WEEKS - 1));
  const genStart = performance.now();
  const insertEntry = db.prepare(
    `INSERT INTO time_entries (team_id, user_id, category, minutes, local_date, time_zone, note, source, created_at)
     VALUES ('TBENCH', ?, ?, ?, ?, ?, NULL, 'command', ?)`,
  );
  const insertAnswer = db.prepare("INSERT INTO improvement_answers (team_id, user_id, week_start, at_target, answered_at) VALUES ('TBENCH', ?, ?, ?, ?)");
  const insertTarget = db.prepare("INSERT INTO manager_targets (team_id, user_id, category, min_percent, max_percent) VALUES ('TBENCH', ?, ?, ?, ?)");
  let rows = reuse ? (db.prepare('SELECT COUNT(*) AS n FROM time_entries').get() as { n: number }).n : 0;
  // Managers first, then entries week by week, the order a real cohort's logging produces.
  const managers = Array.from({ length: MANAGERS }, (_, m) => {
    const habit = CATEGORY_IDS.map(() => 0.2 + rand());
    return {
      userId: `UBENCH${String(m).padStart(6, '0')}`,
      zone: ZONES[m % ZONES.length] ?? 'UTC',
      habit,
      habitTotal: habit.reduce((s, w) => s + w, 0),
    };
  });
  if (!reuse) await createSqliteTransactor(db).transaction(async () => {
    for (const m of managers) {
      await enrolCoached(repos.managers, { userId: m.userId, timeZone: m.zone, enrolledAt: new Date('2025-01-01T00:00:00Z') });
      if (rand() < 0.05) await repos.managers.setShareInCohort(m.userId, true);
      if (rand() < 0.1) insertTarget.run(m.userId, 'coding', 0, 30);
    }
  });
  for (let w = 0; w < (reuse ? 0 : WEEKS); w++) {
    const monday = addLocalDays(firstMonday, 7 * w);
    db.transaction(() => {
      for (const m of managers) {
        if (rand() < 0.08) continue; // a week off: nothing logged
        for (let d = 0; d < 5; d++) {
          const date = addLocalDays(monday, d);
          for (let e = 0; e < 3; e++) {
            // Each manager has a habit (weights per category) that the daily entries follow loosely.
            let pick = rand() * m.habitTotal;
            let c = 0;
            while (c < m.habit.length - 1 && pick > (m.habit[c] ?? 0)) pick -= m.habit[c++] ?? 0;
            insertEntry.run(m.userId, CATEGORY_IDS[c], 30 + Math.floor(rand() * 150), date, m.zone, '2026-01-01T00:00:00.000Z');
            rows++;
          }
        }
        if (rand() < 0.7) insertAnswer.run(m.userId, monday, rand() < 0.45 ? 1 : 0, '2026-01-01T00:00:00.000Z');
      }
    })();
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  const genMs = performance.now() - genStart;
  const windowStart = addLocalDays(week.start, -21);
  const windowRows = (db.prepare('SELECT COUNT(*) AS n FROM time_entries WHERE local_date BETWEEN ? AND ?').get(windowStart, week.end) as { n: number }).n;

  const baselineStmt = db.prepare<[string, string], { category: string; minutes: number }>(
    'SELECT category, SUM(minutes) AS minutes FROM time_entries WHERE local_date BETWEEN ? AND ? GROUP BY category',
  );
  const fullBaselineStmt = db.prepare<[], { category: string; minutes: number }>(
    'SELECT category, SUM(minutes) AS minutes FROM time_entries GROUP BY category',
  );

  const baseline: number[] = [];
  const fullBaseline: number[] = [];
  const total: number[] = [];
  const phases = { load: [] as number[], cohort: [] as number[], personal: [] as number[], chart: [] as number[] };
  let pngBytes = 0;
  let png: { width: number; height: number } | undefined;
  let personalCount = 0;
  let noData = 0;
  let cohortLine = '';

  for (let run = 0; run < RUNS; run++) {
    let t0 = performance.now();
    baselineStmt.all(windowStart, week.end);
    baseline.push(performance.now() - t0);
    t0 = performance.now();
    fullBaselineStmt.all();
    fullBaseline.push(performance.now() - t0);

    const start = performance.now();
    const data = await loadSummaryData({ repos, coaching }, week);
    const recipients = await repos.summary.recipients();
    const loaded = performance.now();
    const cohort = computeCohortSummary(data, recipients);
    const native = nativeCohortChart(cohort);
    const cohortMessage = cohortSummaryMessage(cohort, { chartManagers: native?.managers ?? 0, ...(native ? { nativeChart: native.block } : {}) });
    cohortSummaryMessage(cohort, { chartManagers: Math.min(cohort.shared.length, MAX_CHART_MANAGERS) });
    const cohortDone = performance.now();
    personalCount = 0;
    noData = 0;
    for (const r of recipients) {
      const weeks = data.minutes.get(r.userId) ?? data.weeks.map(() => emptyMinutes());
      const answer = data.improvement.get(r.userId);
      const summary = personalSummary({
        week,
        lastWeek: weeks[weeks.length - 1] ?? emptyMinutes(),
        earlierWeeks: weeks.slice(0, -1),
        targets: data.targets(r.userId),
        improvement: answer === undefined ? 'unanswered' : answer ? 'yes' : 'no',
      });
      personalSummaryMessage(summary, coaching);
      personalCount++;
      if (summary.kind === 'no-data') noData++;
    }
    const personalDone = performance.now();
    const bytes = renderPng(cohortChartSvg(cohort));
    const end = performance.now();

    phases.load.push(loaded - start);
    phases.cohort.push(cohortDone - loaded);
    phases.personal.push(personalDone - cohortDone);
    phases.chart.push(end - personalDone);
    total.push(end - start);
    pngBytes = bytes.length;
    png = pngSize(bytes);
    cohortLine =
      `${cohort.managersLogged} logged (${cohort.privateManagers} private); private split ${CATEGORY_IDS.map((c) => `${c} ${cohort.private?.split[c] ?? 0}%`).join(', ')}; ` +
      `${cohort.private?.aboveCodingTarget ?? 0} private above coding target; teams at 20%: ${cohort.improvement.percent ?? 0}% of ${cohort.improvement.answered}; ` +
      `${cohort.shared.length} opted in; message ${cohortMessage.blocks.length} blocks`;
  }

  const totalMedian = median(total);
  const baselineMedian = median(baseline);
  console.log(`weekly summary bench: ${MANAGERS} managers × ${WEEKS} weeks = ${rows.toLocaleString('en-US')} entries (${(fs.statSync(dbPath).size / 1e6).toFixed(0)} MB SQLite, generated in ${(genMs / 1000).toFixed(1)} s)`);
  console.log(`summarised week ${week.start}..${week.end}; the 4-week window holds ${windowRows.toLocaleString('en-US')} entries`);
  console.log(`cohort: ${cohortLine}`);
  console.log(`personal: ${personalCount} summaries (${noData} of them the no-data nudge)`);
  console.log(`chart: PNG ${png?.width ?? 0}x${png?.height ?? 0}, ${pngBytes} bytes`);
  console.log('');
  console.log(`runs: ${RUNS} (first run is cold); median / max`);
  console.log(`  summary total (load + cohort + ${MANAGERS} personal + chart PNG): ${ms(totalMedian)} / ${ms(Math.max(...total))}`);
  console.log(`    load (bulk SQL + targets + answers): ${ms(median(phases.load))}`);
  console.log(`    cohort figures + message:           ${ms(median(phases.cohort))}`);
  console.log(`    personal figures + messages:        ${ms(median(phases.personal))}`);
  console.log(`    chart SVG → PNG:                    ${ms(median(phases.chart))}`);
  console.log(`  baseline SQL GROUP BY category over the same 4-week rows: ${ms(baselineMedian)} / ${ms(Math.max(...baseline))}`);
  console.log(`  reference SQL GROUP BY category over all ${rows.toLocaleString('en-US')} rows: ${ms(median(fullBaseline))}`);
  console.log(`  ratio summary / baseline: ${(totalMedian / baselineMedian).toFixed(1)}x`);
  console.log(`  budget ${BUDGET_MS} ms: ${Math.max(...total) < BUDGET_MS ? 'met' : 'MISSED'} (slowest run ${ms(Math.max(...total))})`);

  db.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  if (Math.max(...total) >= BUDGET_MS) process.exitCode = 1;
}

void main();
