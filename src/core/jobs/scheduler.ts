import cron, { type ScheduledTask } from 'node-cron';

import { JOB_DEADLINE_MS, type Job, type JobContext } from './job';

export interface Scheduler {
  start(): void;
  stop(): Promise<void>;
  /** Resolves when no job run is in flight (used by graceful stop). */
  idle(): Promise<void>;
}

/**
 * Runs each job on its cron schedule, in UTC, with `now` from the injected clock.
 * A run that is still going when the next tick comes is not overlapped. A run past its deadline
 * is logged at error level and reported by /healthz until a run finishes in time.
 */
export function createScheduler(jobs: readonly Job[], ctx: JobContext): Scheduler {
  const tasks: ScheduledTask[] = [];
  const running = new Set<Promise<void>>();
  const busy = new Set<string>();

  const tick = (job: Job): void => {
    if (busy.has(job.name)) {
      ctx.logger.warn({ job: job.name }, 'previous run still going; skipping this tick');
      return;
    }
    busy.add(job.name);
    const logger = ctx.logger.child({ job: job.name });
    const now = ctx.clock.now();
    const deadlineMs = job.deadlineMs ?? JOB_DEADLINE_MS;
    ctx.health.jobStarted(job.name, deadlineMs);
    const overrun = setTimeout(() => logger.error({ now: now.toISOString(), deadlineMs }, 'job run is past its deadline'), deadlineMs);
    overrun.unref();
    const run = job
      .run(now, { ...ctx, logger })
      .then((report) => {
        if (report.lines.length) logger.info({ now: now.toISOString(), done: report.lines.length }, 'job run finished');
      })
      .catch((err: unknown) => logger.error({ err, now: now.toISOString() }, 'job run failed'))
      .finally(() => {
        clearTimeout(overrun);
        ctx.health.jobFinished(job.name);
        busy.delete(job.name);
        running.delete(run);
      });
    running.add(run);
  };

  return {
    start() {
      for (const job of jobs) {
        tasks.push(
          cron.schedule(job.schedule, () => tick(job), { timezone: 'UTC', name: job.name, logger: cronLogger(ctx.logger, job.name) }),
        );
      }
    },
    async stop() {
      await Promise.all(tasks.map(async (t) => {
        await t.stop();
      }));
      tasks.length = 0;
    },
    async idle() {
      await Promise.allSettled([...running]);
    },
  };
}

/** node-cron's own warnings (missed executions, overlaps) as JSON lines, through the job's logger. */
function cronLogger(logger: JobContext['logger'], job: string) {
  const log = logger.child({ component: 'node-cron', job });
  const write = (level: 'debug' | 'info' | 'warn' | 'error') => (message: string | Error, err?: Error) => {
    if (message instanceof Error) log[level]({ err: message }, message.message);
    else if (err) log[level]({ err }, message);
    else log[level](message);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
