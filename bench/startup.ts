/**
 * Start-up benchmark: wall-clock medians of the real `lead-coach` process, each case run N times in
 * turn (round-robin, so a noisy neighbour on the shared machine hits every case alike), against
 * `node -e ''` measured in the same rounds as the floor.
 *
 *   npm run build && node dist/bench/startup.js [runs]     (default 9)
 *
 * Cases: --help; migrate on a fresh and on an up-to-date database; faq; run-job nudges (an empty
 * database, so it has nothing to send) against the test Slack double; start in HTTP mode until
 * /healthz answers 200; and the `npm start` pre-start command (package.json `prestart`) on a tree
 * where nothing changed. `faq` and `start` also run with the FAQ word vectors switched off
 * (LEAD_COACH_WORD_VECTORS=off), the search as it was before them, as the baseline in the same rounds;
 * `start` also reports the bot's resident memory once /healthz answers (vectors loaded by then).
 * Exits non-zero when a target is missed.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { PROJECT_ROOT } from '../src/core/paths';
import { startSlackDouble } from '../test/support/slackDouble';
import { deployedNodeFlags, median } from './support';

const RUNS = Math.max(7, Number(process.argv[2] ?? 9));
const CLI = path.join(PROJECT_ROOT, 'bin', 'lead-coach.js');
const TOKEN = 'xoxb-bench-startup-token';
const SECRET = 'bench-startup-signing-secret';
const TARGET_ONE_SHOT_MS = 300;
const TARGET_HEALTHZ_MS = 1000;
/** Issue 14: the bot stays under this resident memory with the word vectors loaded. */
const TARGET_RSS_MB = 250;
const VECTORS_OFF = { LEAD_COACH_WORD_VECTORS: 'off' };

interface Case {
  name: string;
  target?: number;
  /** Prepares one run (outside the timing); returns the measured run. */
  run(): Promise<number>;
}

/** Resident memory (MB) of the `start` processes when /healthz first answered, by case name. */
const residentMb = new Map<string, number[]>();

function residentMbOf(pid: number | undefined): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m?.[1] ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lead-coach-startup-'));
let dbCounter = 0;
function freshDbPath(): string {
  return path.join(tmpDir, `fresh-${dbCounter++}.db`);
}

function env(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'warn', ...extra };
}

/** Runs a command to completion and returns its wall time in ms; a non-zero exit aborts the bench. */
function timed(command: string, args: string[], extraEnv: Record<string, string> = {}, cwd = tmpDir): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd, env: env(extraEnv), stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (code === 0) resolve(ms);
      else reject(new Error(`${path.basename(command)} ${args.join(' ')} exited ${String(code)}: ${stderr.trim()}`));
    });
  });
}

async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Spawns `start` and returns the ms until GET /healthz answers 200 (polled every 5 ms), then stops it. */
async function timeToHealthy(slackUrl: string, dbPath: string, name: string, extraEnv: Record<string, string> = {}): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [...deployedNodeFlags(), CLI, 'start'], {
    cwd: tmpDir,
    env: env({ SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slackUrl, PORT: String(port), DATABASE_PATH: dbPath, ...extraEnv }),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let exitedEarly = false;
  void exited.then(() => (exitedEarly = true));
  try {
    for (;;) {
      if (exitedEarly) throw new Error(`start exited before /healthz answered: ${stderr.trim()}`);
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) {
        const ms = performance.now() - started;
        const rss = residentMbOf(child.pid);
        if (rss !== undefined) residentMb.set(name, [...(residentMb.get(name) ?? []), rss]);
        return ms;
      }
      if (performance.now() - started > 30_000) throw new Error('start: /healthz did not answer 200 within 30 s');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

function prestartCommand(): string | undefined {
  const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  return pkg.scripts?.prestart;
}

const START = 'lead-coach start (HTTP) to /healthz 200';
const START_OFF = 'start to /healthz, word vectors off (baseline)';

async function main(): Promise<void> {
  const slack = await startSlackDouble();
  const upToDateDb = path.join(tmpDir, 'up-to-date.db');
  // Migrates, indexes the FAQ and proves the CLI is built, before anything is timed.
  await timed(process.execPath, [CLI, 'faq', 'warm up'], { DATABASE_PATH: upToDateDb });
  const jobEnv = { SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl, DATABASE_PATH: upToDateDb };
  const prestart = prestartCommand();

  const cases: Case[] = [
    { name: "node -e ''  (floor)", run: () => timed(process.execPath, ['-e', '']) },
    { name: 'lead-coach --help', target: TARGET_ONE_SHOT_MS, run: () => timed(process.execPath, [CLI, '--help']) },
    { name: 'lead-coach migrate (fresh database)', target: TARGET_ONE_SHOT_MS, run: () => timed(process.execPath, [CLI, 'migrate'], { DATABASE_PATH: freshDbPath() }) },
    { name: 'lead-coach migrate (up to date)', target: TARGET_ONE_SHOT_MS, run: () => timed(process.execPath, [CLI, 'migrate'], { DATABASE_PATH: upToDateDb }) },
    {
      name: 'lead-coach faq "how do I run a 1:1"',
      target: TARGET_ONE_SHOT_MS,
      run: () => timed(process.execPath, [CLI, 'faq', 'how do I run a 1:1'], { DATABASE_PATH: upToDateDb }),
    },
    {
      name: 'lead-coach faq, word vectors off (baseline)',
      run: () => timed(process.execPath, [CLI, 'faq', 'how do I run a 1:1'], { DATABASE_PATH: upToDateDb, ...VECTORS_OFF }),
    },
    {
      name: 'lead-coach run-job nudges (nothing due)',
      target: TARGET_ONE_SHOT_MS,
      run: () => timed(process.execPath, [CLI, 'run-job', 'nudges', '--at', '2026-11-16T09:00:00Z'], jobEnv),
    },
    { name: START, target: TARGET_HEALTHZ_MS, run: () => timeToHealthy(slack.apiUrl, upToDateDb, START) },
    { name: START_OFF, run: () => timeToHealthy(slack.apiUrl, upToDateDb, START_OFF, VECTORS_OFF) },
  ];
  if (prestart) {
    cases.push({ name: `npm start pre-start, nothing changed: ${prestart}`, run: () => timed('sh', ['-c', prestart], {}, PROJECT_ROOT) });
  }

  const times = new Map<Case, number[]>(cases.map((c) => [c, []]));
  for (let round = 0; round < RUNS; round++) {
    for (const c of cases) times.get(c)?.push(await c.run());
  }
  await slack.stop();
  fs.rmSync(tmpDir, { recursive: true, force: true });

  const floor = median(times.get(cases[0]!) ?? []);
  let missed = 0;
  const width = Math.max(...cases.map((c) => c.name.length));
  console.log(`${RUNS} runs each, round-robin; medians of wall-clock time from spawn to exit (start: to /healthz 200)`);
  console.log(`${'case'.padEnd(width)}  median ms   min ms   x floor  target`);
  for (const c of cases) {
    const values = times.get(c) ?? [];
    const m = median(values);
    const verdict = c.target === undefined ? '' : m < c.target ? `< ${c.target} ms: met` : `< ${c.target} ms: NOT met`;
    if (c.target !== undefined && m >= c.target) missed++;
    console.log(
      `${c.name.padEnd(width)}  ${m.toFixed(0).padStart(9)}  ${Math.min(...values).toFixed(0).padStart(7)}  ${(m / floor).toFixed(1).padStart(8)}  ${verdict}`,
    );
  }
  const byName = (name: string) => median(times.get(cases.find((c) => c.name === name)!) ?? []);
  const faqOn = byName('lead-coach faq "how do I run a 1:1"');
  const faqOff = byName('lead-coach faq, word vectors off (baseline)');
  console.log(`word vectors: faq one-shot ${faqOn.toFixed(0)} vs ${faqOff.toFixed(0)} ms (x${(faqOn / faqOff).toFixed(2)}, +${(faqOn - faqOff).toFixed(0)} ms); ` +
    `start ${byName(START).toFixed(0)} vs ${byName(START_OFF).toFixed(0)} ms (x${(byName(START) / byName(START_OFF)).toFixed(2)}, +${(byName(START) - byName(START_OFF)).toFixed(0)} ms)`);
  const rssOn = median(residentMb.get(START) ?? []);
  const rssOff = median(residentMb.get(START_OFF) ?? []);
  if (rssOn > 0) {
    const verdict = rssOn < TARGET_RSS_MB ? `< ${TARGET_RSS_MB} MB: met` : `< ${TARGET_RSS_MB} MB: NOT met`;
    if (rssOn >= TARGET_RSS_MB) missed++;
    console.log(`resident memory at /healthz: ${rssOn.toFixed(1)} MB with word vectors vs ${rssOff.toFixed(1)} MB without (x${(rssOn / rssOff).toFixed(2)}, +${(rssOn - rssOff).toFixed(1)} MB), ${verdict}`);
  }
  const methods = new Map<string, number>();
  for (const call of slack.calls) methods.set(call.method, (methods.get(call.method) ?? 0) + 1);
  console.log(`Slack API calls the double answered: ${[...methods].map(([k, v]) => `${k}=${v}`).join(', ') || 'none'}`);
  if (missed) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  fs.rmSync(tmpDir, { recursive: true, force: true });
  process.exitCode = 1;
});
