import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { DEFAULT_SLACK_TIMEOUT_MS, type Config } from '../src/core/config';
import { openDatabase, type Db } from '../src/core/db/connection';
import { runMigrations } from '../src/core/db/migrations';
import { PROJECT_ROOT } from '../src/core/paths';
import { z } from '../src/core/zod';
import type { ManagerRepository } from '../src/features/enrolment';

/**
 * The Node flags the bot is deployed with: those of `npm start` (package.json), which the Docker
 * image's CMD repeats (test/foundation/dockerfile.test.ts). Benches that measure the running bot
 * start it with them, so they measure what runs in production.
 */
export function deployedNodeFlags(): string[] {
  const pkg = z.object({ scripts: z.object({ start: z.string() }) }).parse(JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')));
  const words = pkg.scripts.start.split(/\s+/);
  return words.slice(1, words.indexOf('bin/lead-coach.js')).filter((w) => w.startsWith('--'));
}

/** Folders made by benchDatabase in this process, removed when it exits (a server forked per round included). */
const benchDirs = new Set<string>();
process.once('exit', () => {
  for (const dir of benchDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A migrated SQLite file in a fresh temp folder, removed when the process exits. */
export function benchDatabase(name: string): { db: Db; dbPath: string; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `lead-coach-bench-${name}-`));
  benchDirs.add(dir);
  const dbPath = path.join(dir, 'bench.db');
  const db = openDatabase(dbPath);
  runMigrations(db);
  return { db, dbPath, dir };
}

/** The settings a bench runs the app with: HTTP mode, Web API calls to `slackApiUrl` (a double). */
export function benchConfig(slackApiUrl: string, databasePath: string, logLevel: Config['logLevel']): Config {
  return {
    slackBotToken: 'xoxb-bench',
    slackSigningSecret: 'bench',
    slackAppToken: undefined,
    slackApiUrl,
    slackTimeoutMs: DEFAULT_SLACK_TIMEOUT_MS,
    port: 0,
    databasePath,
    logLevel,
    adminUserIds: [],
    transport: 'http',
  };
}

/** A manager who started coaching (only they get nudges and the weekly DM). */
export async function enrolCoached(
  managers: ManagerRepository,
  m: { userId: string; timeZone: string; enrolledAt: Date },
): Promise<void> {
  await managers.enrol(m);
  await managers.startCoaching(m.userId, m.enrolledAt);
}

/** The middle value (the mean of the two middle ones for an even count); 0 for none. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** A small deterministic PRNG (mulberry32), so every run (and every engine) generates the same data. */
export function seededRandom(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
