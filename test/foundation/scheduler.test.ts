import { fixedClock } from '../../src/core/clock';
import type { Job, JobContext, JobReport } from '../../src/core/jobs/job';
import { createScheduler } from '../../src/core/jobs/scheduler';
import { HealthMonitor } from '../../src/core/http/healthMonitor';
import { createLogger } from '../../src/core/logger';
import { LogCapture } from '../support/harness';
import { buildJob, buildJobs, JOB_NAMES } from '../../src/jobs';

function contextWith(logs: LogCapture, clock = fixedClock('2026-11-16T08:59:00Z')): JobContext {
  // The scheduler only hands the context to jobs and reports runs to `health`; these jobs use the clock and the logger.
  return { logger: createLogger('debug', logs), clock, health: new HealthMonitor() } as unknown as JobContext;
}

function jobThat(run: (now: Date) => Promise<JobReport>): Job {
  return { name: 'test-job', schedule: '* * * * *', description: 'test', run: (now) => run(now) };
}

describe('the in-process scheduler (node-cron, driven by jest fake timers)', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-11-16T08:59:30Z') });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('runs each job every minute with `now` from the injected clock, and not after stop()', async () => {
    const logs = new LogCapture();
    const clock = fixedClock('2026-11-16T09:00:00Z');
    const seen: string[] = [];
    const record = (now: Date): Promise<JobReport> => {
      seen.push(now.toISOString());
      return Promise.resolve({ lines: ['sent 1'] });
    };
    const scheduler = createScheduler([jobThat(record)], contextWith(logs, clock));
    scheduler.start();
    await jest.advanceTimersByTimeAsync(31_000);
    expect(seen).toEqual(['2026-11-16T09:00:00.000Z']);
    clock.set('2026-11-16T09:01:00Z');
    await jest.advanceTimersByTimeAsync(60_000);
    expect(seen).toEqual(['2026-11-16T09:00:00.000Z', '2026-11-16T09:01:00.000Z']);
    await scheduler.stop();
    await jest.advanceTimersByTimeAsync(180_000);
    expect(seen).toHaveLength(2);
    expect(logs.lines.filter((l) => l.msg === 'job run finished')).toHaveLength(2);
  });

  it('skips a tick while the previous run of the same job is still going, and idle() waits for it', async () => {
    const logs = new LogCapture();
    let release: () => void = () => undefined;
    let runs = 0;
    const scheduler = createScheduler(
      [jobThat(() => new Promise((resolve) => ((runs += 1), (release = () => resolve({ lines: [] })))))],
      contextWith(logs),
    );
    scheduler.start();
    await jest.advanceTimersByTimeAsync(31_000 + 60_000);
    expect(runs).toBe(1);
    expect(logs.lines.some((l) => l.msg === 'previous run still going; skipping this tick')).toBe(true);
    await scheduler.stop();
    let idle = false;
    const waiting = scheduler.idle().then(() => (idle = true));
    await jest.advanceTimersByTimeAsync(1);
    expect(idle).toBe(false);
    release();
    await waiting;
    expect(idle).toBe(true);
  });

  it('logs a failed run as JSON and keeps ticking', async () => {
    const logs = new LogCapture();
    let calls = 0;
    const scheduler = createScheduler(
      [jobThat(() => (++calls === 1 ? Promise.reject(new Error('slack down')) : Promise.resolve({ lines: [] })))],
      contextWith(logs),
    );
    scheduler.start();
    await jest.advanceTimersByTimeAsync(31_000 + 60_000);
    await scheduler.stop();
    expect(calls).toBe(2);
    const failed = logs.lines.find((l) => l.msg === 'job run failed');
    expect(JSON.stringify(failed)).toContain('slack down');
  });
});

describe('the job list', () => {
  it('builds each job under the name run-job and the logs use, and nothing for an unknown name', () => {
    expect(JOB_NAMES).toEqual(['weekly-summary', 'nudges', 'calendar-refresh']);
    for (const name of JOB_NAMES) expect(buildJob(name)?.name).toBe(name);
    expect(buildJobs().map((j) => j.name)).toEqual(JOB_NAMES);
    expect(buildJob('nudge')).toBeUndefined();
  });
});
