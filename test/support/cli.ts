import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { PROJECT_ROOT } from '../../src/core/paths';

export const CLI = path.join(PROJECT_ROOT, 'bin', 'lead-coach.js');

/** The CLI runs compiled code; `npm test` builds first, and this builds when a lone jest run has not. */
export function ensureBuilt(): void {
  if (fs.existsSync(path.join(PROJECT_ROOT, 'dist', 'src', 'cli', 'main.js'))) return;
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: PROJECT_ROOT,
    stdio: 'inherit',
  });
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Environment for a child process: nothing from the developer's shell that could change its behaviour. */
export function cleanEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env };
}

export interface RunOptions {
  cwd?: string;
  /** Script to run instead of bin/lead-coach.js (e.g. a launcher that runs the TypeScript sources). */
  entry?: string;
  /** Called once the child is running, with a way to SIGKILL it. */
  onSpawn?: (kill: () => void) => void;
}

export function runCli(args: string[], env: Record<string, string>, options: RunOptions = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [options.entry ?? CLI, ...args], { cwd: options.cwd ?? PROJECT_ROOT, env: cleanEnv(env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    options.onSpawn?.(() => child.kill('SIGKILL'));
  });
}

export function spawnCli(args: string[], env: Record<string, string>, cwd = PROJECT_ROOT): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [CLI, ...args], { cwd, env: cleanEnv(env) });
}
