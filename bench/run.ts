/**
 * Runs every benchmark, one process each so none warms or loads another's caches:
 *
 *   npm run bench            (builds first)
 *   node dist/bench/run.js faq nudges   (a subset)
 *
 * Exits non-zero when any benchmark missed its target, after running them all.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const BENCHES: Record<string, string> = {
  faq: '/lead faq: in-process query latency, and requests/s through the HTTP receiver vs a bare ack-only Bolt app',
  nudges: '2,000 nudges due in the same minute against a Slack double allowing 100 messages/s',
  summary: 'weekly summary for 5,000 managers x 52 weeks with the chart, vs a plain SQL aggregate',
  calendar: 'parse + classify a year of a busy calendar (3,000 events) for one manager, and one daily refresh of 1,000 managers over HTTP',
  timelog: '/lead log and /lead undo with the undo journal vs the bare statements they ran before',
  replay: 'remembering a Slack request key (replay guard) per mutating request, vs the manager read every request makes',
  faults: '2,000 nudges due while Slack hangs, answers 5xx, 429 with a long Retry-After, resets and answers late, vs the same tick with Slack healthy',
  engines: 'SQLite (baseline) vs PostgreSQL in the same run: the 2,000-nudge fan-out and the database part of the 5,000 x 52-week summary',
  startup: "start-up of the real process: one-shot commands, time to /healthz, the npm start build check, vs node -e ''",
};

const chosen = process.argv.slice(2);
const names = chosen.length ? chosen : Object.keys(BENCHES);
let failed = 0;
for (const name of names) {
  const description = BENCHES[name];
  if (!description) {
    process.stderr.write(`Unknown benchmark "${name}"; known: ${Object.keys(BENCHES).join(', ')}\n`);
    process.exitCode = 2;
    continue;
  }
  process.stdout.write(`\n=== ${name}: ${description}\n`);
  const run = spawnSync(process.execPath, [path.join(__dirname, `${name}.js`)], { stdio: 'inherit' });
  if (run.status !== 0) failed++;
}
if (failed) {
  process.stdout.write(`\n${failed} benchmark(s) missed a target or failed.\n`);
  process.exitCode = 1;
}
