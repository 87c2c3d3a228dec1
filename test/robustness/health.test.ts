// @engines sqlite postgres
import { fixedClock } from '../../src/core/clock';
import { HealthMonitor } from '../../src/core/http/healthMonitor';
import type { Job, JobContext } from '../../src/core/jobs/job';
import { createScheduler } from '../../src/core/jobs/scheduler';
import { createLogger } from '../../src/core/logger';
import { nudgesJob } from '../../src/features/nudges/job';
import { LogCapture, startTestApp, type TestApp } from '../support/harness';

const MONDAY_NINE = '2026-11-16T08:00:00Z';
const MANAGERS = ['U_M1', 'U_M2', 'U_M3'];

describe('/healthz says degraded while Slack keeps failing, and ok again once it answers', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp({ now: MONDAY_NINE });
    for (const userId of MANAGERS) {
      await t.app.deps.repos.managers.enrol({ userId, timeZone: 'Europe/Berlin', enrolledAt: new Date('2026-11-01T00:00:00Z') });
      await t.app.deps.repos.managers.refreshSlackTimeZone(userId, 'Europe/Berlin', new Date('2030-01-01T00:00:00Z'));
      await t.app.deps.repos.managers.startCoaching(userId, new Date('2026-11-01T00:00:00Z'));
    }
  });
  afterEach(async () => {
    await t.stop();
  });

  async function health(): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(`${t.url}/healthz`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  async function tick(at: string): Promise<void> {
    t.clock.set(at);
    await nudgesJob({ backoffMs: 10 }).run(new Date(at), { ...t.app.deps, client: t.app.bolt.client });
  }

  it('reports the failing Slack calls with HTTP 200 and status degraded, then ok after a success', async () => {
    expect((await health()).body).toMatchObject({ status: 'ok' });
    t.double.always('chat.postMessage', { status: 502, body: { ok: false, error: 'bad_gateway' } });
    await tick(MONDAY_NINE);
    const degraded = await health();
    expect(degraded.status).toBe(200);
    expect(degraded.body).toMatchObject({ status: 'degraded', database: 'ok' });
    expect(degraded.body.problems).toEqual([expect.stringMatching(/^the last 12 Slack calls failed \(latest: http_502\)$/)]);

    t.double.reset();
    await tick('2026-11-16T08:01:00Z');
    expect(t.double.succeeded('chat.postMessage')).toHaveLength(MANAGERS.length);
    expect((await health()).body).toMatchObject({ status: 'ok' });
    expect((await health()).body.problems).toBeUndefined();
  });
});

describe('a job run past its deadline is logged and reported until a run finishes in time', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-11-16T08:59:30Z') });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('logs the overrun at error level, and /healthz problems name the job', async () => {
    const logs = new LogCapture();
    const health = new HealthMonitor();
    const ctx = { logger: createLogger('debug', logs), clock: fixedClock('2026-11-16T09:00:00Z'), health } as unknown as JobContext;
    let finish: () => void = () => undefined;
    let runs = 0;
    const job: Job = {
      name: 'slow-job',
      schedule: '* * * * *',
      description: 'hangs on its first run',
      deadlineMs: 20_000,
      run: () => {
        runs++;
        return runs === 1 ? new Promise((resolve) => (finish = () => resolve({ lines: [] }))) : Promise.resolve({ lines: [] });
      },
    };
    const scheduler = createScheduler([job], ctx);
    scheduler.start();
    await jest.advanceTimersByTimeAsync(31_000 + 21_000);
    expect(logs.lines.filter((l) => l.msg === 'job run is past its deadline' && l.level === 'error')).toHaveLength(1);
    expect(health.problems()).toEqual([expect.stringMatching(/^the slow-job run has been going for 2\d s, past its 20 s deadline$/)]);

    finish();
    await jest.advanceTimersByTimeAsync(1);
    expect(health.problems()).toEqual([expect.stringMatching(/^the last slow-job run took 2\d s, over its 20 s deadline$/)]);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(runs).toBe(2);
    expect(health.problems()).toEqual([]);
    await scheduler.stop();
  });
});
