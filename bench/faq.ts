/**
 * `/lead faq` benchmark, two parts in one run:
 *
 * 1. Query latency in process: every evaluation question (test/faq-eval.json and, when present,
 *    ../shared/faq-eval.json) through repos.faq.search on a temp SQLite file with the real
 *    migrations and the result cache off; p50 / p99 / max, cold first pass and repeated passes.
 * 2. Requests per second through the real HTTP receiver: signed `/lead faq <question>` slash
 *    commands against the full app, and against a bare Bolt app on the same receiver that only
 *    acknowledges, alternated round by round in the same run. Each server runs in a process of its
 *    own (autocannon stays in this one, so the load generator never shares the server's thread),
 *    which also gives the server's CPU time per request. The full app is driven twice: with the
 *    evaluation questions as written (repeats, as real users repeat the common questions), and with
 *    every request worded differently (filler words in front), so the question is normalised anew
 *    each time. respond() POSTs and users.info calls go to a local Slack sink in a worker thread.
 *    After its flat-out load, each server (bare Bolt and the app with the questions as written) is
 *    driven again at an even offered rate, 10% of bare Bolt's flat-out rate in that round: the
 *    guard's p99 leg is read there (see PACED_SHARE_OF_BARE).
 *
 *   npm run build && node dist/bench/faq.js [secondsPerRound | --latency-only]
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { fork } from 'node:child_process';

import { App, HTTPReceiver, LogLevel } from '@slack/bolt';

import { createApp } from '../src/app';
import { systemClock } from '../src/core/clock';
import { DEFAULT_SLACK_TIMEOUT_MS, type Config } from '../src/core/config';
import { createFaqRepository } from '../src/features/faq/repository';
import { createLogger } from '../src/core/logger';
import { PROJECT_ROOT, SHARED_DIR } from '../src/core/paths';
import { sqliteDatabase } from '../src/core/db/sqlite';
import { benchDatabase, deployedNodeFlags } from './support';

const SERVE_MODE = process.argv[2] === '--serve';
/** `--latency-only`: part 1 alone (in-process latency, shipped search vs baseline), for a quick check. */
const LATENCY_ONLY = process.argv[2] === '--latency-only';
const SECONDS_PER_ROUND = SERVE_MODE || LATENCY_ONLY ? 5 : Number(process.argv[2] ?? 5);
const ROUNDS = 4;
const WARMUP_SECONDS = 1;
/**
 * The regression guard (issue 14; issue 3's 70% target is withdrawn) is measured at this many connections.
 * `FAQ_BENCH_CONNECTIONS=16` compares with figures measured at 16 before the guard existed.
 */
const CONNECTIONS = Number(process.env.FAQ_BENCH_CONNECTIONS ?? 50);
const REPEATED_PASSES = 40;
const SIGNING_SECRET = 'bench-signing-secret-0123456789abcdef';
/** In-process search latency target (informational: not part of the guard). */
const P99_TARGET_MS = 2;
/** Issue 14: the whole bot stays under this resident memory with the word vectors loaded (informational here; bench/startup.ts compares it with them off). */
const RSS_TARGET_MB = 250;
/** Guard: `/lead faq` keeps at least this share of bare Bolt's req/s, paired round by round in the same run. */
const RATIO_GUARD = 0.5;
/** Guard: `/lead faq` answers within this p99 (median over rounds) at CONNECTIONS connections, at the paced rate below. */
const HTTP_P99_GUARD_MS = 20;
/**
 * The p99 leg is read at an offered rate, not flat out. With CONNECTIONS connections kept busy, a
 * request's latency is mostly its wait behind the others (Little's law: 50 / rate), so a saturated
 * p99 measures the queue: bare Bolt itself misses 20 ms there on a 2-core machine. Paced evenly at
 * this share of bare Bolt's flat-out rate in the same round (FAQ_BENCH_PACED_SHARE to change it),
 * the p99 shows the app's own stalls (GC, a blocking write, a slow search) beside bare Bolt's at the
 * same load. 10% of bare Bolt is 700-1,100 requests a second here, far more slash commands than a
 * workspace sends; at 25% the node:http load generator sharing the machine skews bare Bolt's own
 * p99 (12-18 ms). The saturated p99 is still printed.
 */
const PACED_SHARE_OF_BARE = pacedShare(process.env.FAQ_BENCH_PACED_SHARE);

function pacedShare(setting: string | undefined): number {
  if (setting === undefined) return 0.1;
  const share = Number(setting);
  if (!(share > 0 && share <= 1)) throw new Error(`FAQ_BENCH_PACED_SHARE must be a share of bare Bolt's rate between 0 and 1, not "${setting}"`);
  return share;
}

interface AutocannonRequest {
  method: string;
  path: string;
  setupRequest(req: { body?: string; headers?: Record<string, string> }): { body: string; headers: Record<string, string> };
}
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  requests: AutocannonRequest[];
}) => Promise<AutocannonResult>;
const autocannon = createRequire(__filename)('autocannon') as Autocannon;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function evalQuestions(): string[] {
  const files = [path.join(PROJECT_ROOT, 'test', 'faq-eval.json'), path.join(SHARED_DIR, 'faq-eval.json')];
  const questions: string[] = [];
  for (const file of files) {
    if (!fs.existsSync(file)) {
      console.log(`notice: ${file} not found, benchmarking without it`);
      continue;
    }
    const set = JSON.parse(fs.readFileSync(file, 'utf8')) as { cases: Array<{ q: string }>; out_of_scope: string[] };
    questions.push(...set.cases.map((c) => c.q), ...set.out_of_scope);
  }
  return questions;
}

/**
 * Both searches on temp databases of their own: the shipped one (word vectors) and the baseline (the
 * lexical search before issue 14's semantic matching). They take turns pass by pass, first one then
 * the other, so JIT warm-up and a noisy neighbour on the shared machine hit both alike.
 */
async function latencyRuns(questions: string[]): Promise<Record<'shipped' | 'baseline', { cold: number[]; warm: number[]; fastest: number[] }>> {
  const open = (wordVectors: 'eager' | 'off') => {
    const { db } = benchDatabase(wordVectors === 'eager' ? 'faq-latency' : 'faq-latency-baseline');
    // Every query goes to the FTS5 index: the result cache would otherwise answer repeats from memory.
    return { db, faq: createFaqRepository(sqliteDatabase(db), { cacheResults: false, wordVectors }) };
  };
  const runs = { shipped: open('eager'), baseline: open('off') };
  const fresh = () => ({ cold: [] as number[], warm: [] as number[], fastest: questions.map(() => Infinity) });
  const out = { shipped: fresh(), baseline: fresh() };
  for (let pass = 0; pass <= REPEATED_PASSES; pass++) {
    const order = pass % 2 === 0 ? (['shipped', 'baseline'] as const) : (['baseline', 'shipped'] as const);
    for (const which of order) {
      for (const [i, q] of questions.entries()) {
        const start = performance.now();
        await runs[which].faq.search(q);
        const ms = performance.now() - start;
        (pass === 0 ? out[which].cold : out[which].warm).push(ms);
        if (pass > 0) out[which].fastest[i] = Math.min(out[which].fastest[i] ?? Infinity, ms);
      }
    }
  }
  for (const r of Object.values(runs)) r.db.close();
  for (const r of Object.values(out)) {
    r.cold.sort((a, b) => a - b);
    r.warm.sort((a, b) => a - b);
    r.fastest.sort((a, b) => a - b);
  }
  return out;
}

/**
 * In-process latency with the word vectors (the search as shipped) and without them (the lexical
 * search before issue 14's semantic matching), run one after the other in this process.
 */
async function latencyBench(questions: string[]): Promise<{ p99: number }> {
  const { shipped, baseline } = await latencyRuns(questions);
  const fmt = (s: number[]) =>
    `p50 ${percentile(s, 50).toFixed(3)} ms, p99 ${percentile(s, 99).toFixed(3)} ms, max ${(s[s.length - 1] ?? 0).toFixed(3)} ms`;
  console.log(`\n1. Query latency, in process, ${questions.length} evaluation questions`);
  console.log(`   first pass (cold caches):     ${fmt(shipped.cold)}`);
  console.log(`   ${REPEATED_PASSES} further passes (${shipped.warm.length} queries): ${fmt(shipped.warm)}`);
  console.log(`   baseline, word vectors off:   first pass ${fmt(baseline.cold)}`);
  console.log(`   baseline, ${REPEATED_PASSES} further passes:   ${fmt(baseline.warm)}`);
  const p99 = percentile(shipped.warm, 99);
  const baseP99 = percentile(baseline.warm, 99);
  // Each question's fastest pass is its cost with no other process in the way: on a shared, loaded
  // machine the wall-clock p99 above mostly measures the scheduler.
  console.log(`   each question's fastest of ${REPEATED_PASSES} passes: ${fmt(shipped.fastest)}; baseline ${fmt(baseline.fastest)} ` +
    `(x${(percentile(shipped.fastest, 99) / percentile(baseline.fastest, 99)).toFixed(2)} at p99)`);
  console.log(`   word vectors cost: p99 x${(p99 / baseP99).toFixed(2)} (${p99.toFixed(3)} vs ${baseP99.toFixed(3)} ms), ` +
    `cold-pass p99 x${(percentile(shipped.cold, 99) / percentile(baseline.cold, 99)).toFixed(2)}`);
  console.log(`   target p99 < ${P99_TARGET_MS} ms: ${p99 < P99_TARGET_MS ? 'met' : 'NOT met'}`);
  return { p99 };
}

/** A Slack stand-in in its own thread, so serving it does not eat the load generator's event loop. */
async function startSink(): Promise<{ url: string; responses(): Promise<number>; stop(): Promise<number> }> {
  const worker = new Worker(
    `
    const http = require('node:http');
    const { parentPort } = require('node:worker_threads');
    let responses = 0;
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (req.url.startsWith('/response/')) responses++;
        res.writeHead(200, { 'Content-Type': 'application/json' });
        if (req.url.startsWith('/api/users.info')) res.end(JSON.stringify({ ok: true, user: { id: 'U', tz: 'Europe/Berlin' } }));
        else if (req.url.startsWith('/api/auth.test')) res.end(JSON.stringify({ ok: true, user_id: 'UBOT', team_id: 'T1', bot_id: 'B1' }));
        else res.end(JSON.stringify({ ok: true }));
      });
    });
    server.keepAliveTimeout = 30000;
    server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
    parentPort.on('message', (m) => parentPort.postMessage({ responses }));
    `,
    { eval: true },
  );
  const port = await new Promise<number>((resolve) => worker.once('message', (m: { port: number }) => resolve(m.port)));
  const responses = () =>
    new Promise<number>((resolve) => {
      worker.once('message', (m: { responses: number }) => resolve(m.responses));
      worker.postMessage('count');
    });
  return {
    url: `http://127.0.0.1:${port}`,
    responses,
    async stop() {
      const n = await responses();
      await worker.terminate();
      return n;
    },
  };
}

/** Words the search ignores (all in STOP_WORDS): put in front of a question, they make its text new without changing what it asks. */
const FILLERS = ['hey', 'so', 'ok', 'well', 'actually', 'honestly', 'really', 'please', 'just', 'maybe', 'lately', 'still', 'now', 'hi', 'thanks', 'basically', 'perhaps', 'currently', 'quite', 'pretty'];

function reworded(question: string, variant: number): string {
  if (variant === 0) return question;
  const words: string[] = [];
  for (let v = variant; v > 0; v = Math.floor(v / FILLERS.length)) words.push(FILLERS[v % FILLERS.length] ?? 'so');
  return `${words.join(' ')} ${question}`;
}

type SignedCommand = { body: string; headers: Record<string, string> };

function signedCommand(question: string, i: number, sinkUrl: string, timestamp: number): SignedCommand {
  const body = new URLSearchParams({
    token: 'legacy',
    team_id: 'T1',
    team_domain: 'bench',
    channel_id: 'C1',
    channel_name: 'general',
    user_id: `U_BENCH${i % 25}`,
    user_name: 'manager',
    command: '/lead',
    text: `faq ${question}`,
    api_app_id: 'A1',
    response_url: `${sinkUrl}/response/${i}`,
    trigger_id: `t${i}`,
  }).toString();
  const signature = `v0=${crypto.createHmac('sha256', SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return {
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signature,
    },
  };
}

/** Signed commands for request number i: the questions as written, or each one worded anew. */
function commandSource(questions: string[], sinkUrl: string, rewordEach: boolean): (i: number) => SignedCommand {
  const timestamp = Math.floor(Date.now() / 1000);
  const asWritten = questions.map((q, i) => signedCommand(q, i, sinkUrl, timestamp));
  if (!rewordEach) return (i) => asWritten[i % asWritten.length] ?? asWritten[0]!;
  return (i) => signedCommand(reworded(questions[i % questions.length] ?? '', 1 + Math.floor(i / questions.length)), i, sinkUrl, timestamp);
}

async function load(url: string, command: (i: number) => SignedCommand, seconds: number): Promise<AutocannonResult> {
  let next = 0;
  return autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/slack/events',
        setupRequest(req) {
          const { body, headers } = command(next++);
          return { ...req, body, headers: { ...(req.headers ?? {}), ...headers } };
        },
      },
    ],
  });
}

/**
 * An open-loop load: requests scheduled evenly at `rate` per second over at most CONNECTIONS
 * keep-alive connections, each one's latency counted from when it was due (so a request that waits
 * for a free connection counts its wait; no coordinated omission). autocannon's own rate limit
 * sends each second's budget as fast as it can and then idles, a burst every second, which measures
 * the queue again rather than the server at that rate.
 */
async function pacedLoad(url: string, command: (i: number) => SignedCommand, seconds: number, rate: number): Promise<{ p99: number; rate: number; errors: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const target = new URL('/slack/events', url);
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  let errors = 0;
  const start = performance.now();
  const send = (i: number, due: number) =>
    new Promise<void>((resolve) => {
      const { body, headers } = command(i);
      const req = http.request(
        target,
        { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) }, timeout: 10_000 },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode === 200) latencies.push(performance.now() - due);
            else errors++;
            resolve();
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(body);
    });
  const inFlight: Array<Promise<void>> = [];
  let next = 0;
  while (next < total) {
    const now = performance.now() - start;
    // Everything due by now goes out; then sleep until the next one is due (timers are ~1 ms coarse).
    while (next < total && (next * 1000) / rate <= now) {
      inFlight.push(send(next, start + (next * 1000) / rate));
      next++;
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, (next * 1000) / rate - (performance.now() - start))));
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  // No answered request is no latency to speak of: Infinity fails the guard instead of a p99 of 0 passing it.
  return { p99: latencies.length > 0 ? percentile(latencies, 99) : Infinity, rate: latencies.length / elapsed, errors };
}

const quietLogger = () => createLogger('info', { write: () => undefined });

async function startBare(sinkUrl: string): Promise<{ url: string; stop(): Promise<void> }> {
  const app = new App({
    token: 'xoxb-bench',
    receiver: new HTTPReceiver({ signingSecret: SIGNING_SECRET, endpoints: '/slack/events', logLevel: LogLevel.ERROR }),
    clientOptions: { slackApiUrl: `${sinkUrl}/api/` },
    // Bolt caches auth.test only with token verification on; turning it off makes every request call auth.test.
    logLevel: LogLevel.ERROR,
  });
  app.command('/lead', async ({ ack }) => {
    await ack();
  });
  const server = (await app.start(0)) as Server;
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, stop: () => app.stop().then(() => undefined) };
}

async function startFull(sinkUrl: string): Promise<{ url: string; stop(): Promise<void> }> {
  const { db, dbPath } = benchDatabase('faq-http');
  const config: Config = {
    slackBotToken: 'xoxb-bench',
    slackSigningSecret: SIGNING_SECRET,
    slackAppToken: undefined,
    slackApiUrl: `${sinkUrl}/api/`,
    slackTimeoutMs: DEFAULT_SLACK_TIMEOUT_MS,
    port: 0,
    databasePath: dbPath,
    logLevel: 'info',
    adminUserIds: [],
    transport: 'http',
  };
  const app = createApp({ config, db: sqliteDatabase(db), logger: quietLogger(), clock: systemClock, jobs: [] });
  const { port } = await app.start();
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      await app.stop();
      db.close();
    },
  };
}

type Kind = 'bare' | 'full' | 'full-reworded';
const KIND_LABELS: Record<Kind, string> = {
  bare: 'bare Bolt app (ack only)     ',
  full: '/lead faq, eval questions    ',
  'full-reworded': '/lead faq, each worded anew  ',
};

interface Round {
  rate: number;
  cpuMicros: number;
  p99: number;
  /** p99 of the paced load that follows on the same server (undefined when not paced). */
  pacedP99: number | undefined;
  /** The rate the paced load achieved (req/s). */
  pacedRate: number | undefined;
  /** Paced requests that failed or timed out. */
  pacedErrors: number | undefined;
  /** The server process's resident memory after the round (bytes). */
  rssBytes: number;
}

/**
 * Node flags for every server process, bare Bolt's included: those the app is deployed with
 * (`npm start`), or FAQ_BENCH_NODE_FLAGS instead (space-separated; `none` for Node's defaults). The
 * baseline runs under the same runtime settings as the app, so the ratio measures the app's code and
 * not a heap limit one side has and the other has not. FAQ_BENCH_PROFILE=1 adds a CPU profile per
 * full-app round in /tmp/faqprof.
 */
function serverFlags(kind: Kind): string[] {
  const override = process.env.FAQ_BENCH_NODE_FLAGS;
  const flags = override === undefined ? deployedNodeFlags() : override.split(/\s+/).filter((f) => f && f !== 'none');
  if (process.env.FAQ_BENCH_PROFILE && kind !== 'bare') flags.push('--cpu-prof', '--cpu-prof-dir=/tmp/faqprof');
  return flags;
}

/**
 * One measured round against a server of `kind` in a fresh child process: flat out, then on the
 * same warm server at the offered rate `paceFor` gives for the saturated rate just measured (none: not paced).
 */
async function round(
  kind: Kind,
  questions: string[],
  sinkUrl: string,
  paceFor: (saturatedRate: number) => number | undefined,
): Promise<Round & { result: AutocannonResult }> {
  const child = fork(__filename, ['--serve', kind === 'bare' ? 'bare' : 'full', sinkUrl], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], execArgv: serverFlags(kind) });
  try {
    const port = await new Promise<number>((resolve) => child.once('message', (m: { port: number }) => resolve(m.port)));
    const url = `http://127.0.0.1:${port}`;
    const command = commandSource(questions, sinkUrl, kind === 'full-reworded');
    // A short unmeasured load first, so every server is measured warm (JIT, SQLite page cache, first contacts).
    await load(url, command, WARMUP_SECONDS);
    const usage = () =>
      new Promise<{ cpuMicros: number; rssBytes: number }>((resolve) => {
        child.once('message', (m: { cpuMicros: number; rssBytes: number }) => resolve(m));
        child.send('cpu');
      });
    const before = (await usage()).cpuMicros;
    const result = await load(url, command, SECONDS_PER_ROUND);
    const after = await usage();
    const used = after.cpuMicros - before;
    const pacedRate = paceFor(result.requests.average);
    const paced = pacedRate === undefined ? undefined : await pacedLoad(url, command, SECONDS_PER_ROUND, pacedRate);
    return {
      rate: result.requests.average,
      cpuMicros: used / Math.max(1, result.requests.total),
      p99: result.latency.p99,
      pacedP99: paced?.p99,
      pacedRate: paced?.rate,
      pacedErrors: paced?.errors,
      rssBytes: after.rssBytes,
      result,
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

async function httpBench(questions: string[]): Promise<{ passed: boolean }> {
  const sink = await startSink();
  const kinds: Kind[] = ['bare', 'full', 'full-reworded'];
  const rounds: Record<Kind, Round[]> = { bare: [], full: [], 'full-reworded': [] };
  console.log(
    `\n2. /lead faq through the HTTP receiver: ${CONNECTIONS} connections, ${SECONDS_PER_ROUND} s per round after ${WARMUP_SECONDS} s warm-up, ` +
      `${ROUNDS} rounds each, alternated; every server in its own process`,
  );
  for (let r = 0; r < ROUNDS; r++) {
    // Bare Bolt goes first in a round: its saturated rate sets the offered rate of the p99 leg, and it
    // is paced too, so its own p99 at that load is printed beside the app's.
    let pacedRate: number | undefined;
    for (const kind of kinds) {
      const paceFor = (saturated: number) => {
        if (kind === 'bare') pacedRate = Math.max(1, Math.round(saturated * PACED_SHARE_OF_BARE));
        return kind === 'full-reworded' ? undefined : pacedRate;
      };
      const { result, ...measured } = await round(kind, questions, sink.url, paceFor);
      rounds[kind].push(measured);
      console.log(
        `   round ${r + 1} ${KIND_LABELS[kind]}: ${measured.rate.toFixed(0).padStart(5)} req/s, ${measured.cpuMicros.toFixed(0).padStart(4)} µs server CPU per request, ` +
          `latency p50 ${result.latency.p50} ms p99 ${result.latency.p99} ms, errors ${result.errors + result.timeouts}, non-2xx ${result.non2xx}` +
          (measured.pacedP99 === undefined ? '' : `; paced at ${pacedRate} req/s: p99 ${measured.pacedP99.toFixed(1)} ms (${(measured.pacedRate ?? 0).toFixed(0)} req/s served, errors ${measured.pacedErrors ?? 0})`),
      );
    }
  }
  const responses = await sink.stop();
  // Each round measures the kinds back to back; the median of those paired ratios is steadier
  // than a ratio of means on a shared, noisy machine.
  const pairedRatio = (kind: Kind, of: (x: Round) => number, higherIsBetter: boolean) =>
    median(
      rounds[kind].map((x, i) => {
        const bare = rounds.bare[i];
        if (!bare) return 0;
        return higherIsBetter ? of(x) / of(bare) : of(bare) / of(x);
      }),
    );
  console.log(`   answers that went to response_url instead of the acknowledgement (first contacts): ${responses}`);
  for (const kind of ['full', 'full-reworded'] as const) {
    console.log(
      `   ${KIND_LABELS[kind].trim()}: median ${median(rounds[kind].map((x) => x.rate)).toFixed(0)} req/s vs bare ${median(rounds.bare.map((x) => x.rate)).toFixed(0)}; ` +
        `paired ratio ${(pairedRatio(kind, (x) => x.rate, true) * 100).toFixed(1)}% by req/s, ` +
        `${(pairedRatio(kind, (x) => x.cpuMicros, false) * 100).toFixed(1)}% by server CPU per request`,
    );
  }
  const mb = (kind: Kind) => Math.max(...rounds[kind].map((x) => x.rssBytes)) / 2 ** 20;
  console.log(
    `   resident memory after a round (largest): full app ${Math.max(mb('full'), mb('full-reworded')).toFixed(1)} MB with word vectors loaded ` +
      `(target < ${RSS_TARGET_MB} MB), bare Bolt ${mb('bare').toFixed(1)} MB`,
  );
  const ratio = pairedRatio('full', (x) => x.rate, true);
  const pacedP99 = (kind: Kind) => median(rounds[kind].map((x) => x.pacedP99 ?? Infinity));
  const p99 = pacedP99('full');
  const ratioOk = ratio >= RATIO_GUARD;
  // A paced request that failed or timed out has no latency in the p99: it fails the leg on its own.
  const pacedErrors = rounds.full.reduce((n, x) => n + (x.pacedErrors ?? 0), 0);
  const p99Ok = p99 < HTTP_P99_GUARD_MS && pacedErrors === 0;
  console.log(`   guard: /lead faq >= ${RATIO_GUARD * 100}% of bare Bolt's req/s: ${ratioOk ? 'PASS' : 'FAIL'} (${(ratio * 100).toFixed(1)}%)`);
  console.log(
    `   guard: /lead faq p99 < ${HTTP_P99_GUARD_MS} ms at ${CONNECTIONS} connections, offered ${PACED_SHARE_OF_BARE * 100}% of bare Bolt's saturated rate: ` +
      `${p99Ok ? 'PASS' : 'FAIL'} (median p99 ${p99.toFixed(1)} ms, ${pacedErrors} failed; bare Bolt ${pacedP99('bare').toFixed(1)} ms at the same offered rate)`,
  );
  console.log(
    `   saturated p99 (informational: mostly the wait behind the other connections): /lead faq ${median(rounds.full.map((x) => x.p99))} ms, ` +
      `bare Bolt ${median(rounds.bare.map((x) => x.p99))} ms`,
  );
  return { passed: ratioOk && p99Ok };
}

/** Child mode: serve one kind of app and report this process's CPU time on request. */
async function serve(kind: string, sinkUrl: string): Promise<void> {
  const server = kind === 'bare' ? await startBare(sinkUrl) : await startFull(sinkUrl);
  process.on('message', () => {
    const u = process.cpuUsage();
    if (process.env.FAQ_BENCH_MEM) {
      const m = process.memoryUsage();
      const mb = (b: number) => (b / 2 ** 20).toFixed(0);
      process.stderr.write(`   [${kind}] rss ${mb(m.rss)} heapUsed ${mb(m.heapUsed)} heapTotal ${mb(m.heapTotal)} external ${mb(m.external)} arrayBuffers ${mb(m.arrayBuffers)} MB\n`);
    }
    process.send?.({ cpuMicros: u.user + u.system, rssBytes: process.memoryUsage().rss });
  });
  process.on('SIGTERM', () => {
    void server.stop().finally(() => process.exit(0));
  });
  process.send?.({ port: Number(new URL(server.url).port) });
}

async function main(): Promise<boolean> {
  const started = performance.now();
  const questions = evalQuestions();
  console.log(`lead-coach FAQ benchmark (node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg()[0]?.toFixed(2)})`);
  const { p99 } = await latencyBench(questions);
  if (LATENCY_ONLY) return p99 < P99_TARGET_MS;
  const { passed } = await httpBench(questions);
  console.log(
    `\n${passed ? 'PASS' : 'FAIL'}: /lead faq regression guard (>= ${RATIO_GUARD * 100}% of bare Bolt, p99 < ${HTTP_P99_GUARD_MS} ms at ${CONNECTIONS} connections ` +
      `offered ${PACED_SHARE_OF_BARE * 100}% of bare Bolt's rate)`,
  );
  console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return passed;
}

if (SERVE_MODE) {
  void serve(process.argv[3] ?? 'bare', process.argv[4] ?? '');
} else {
  main().then(
    (targetsMet) => process.exit(targetsMet ? 0 : 1),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
