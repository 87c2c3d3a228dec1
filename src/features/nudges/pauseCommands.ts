import { invalidInputMessage, plainMessage } from '../../core/blockKit';
import { parsePause } from './rules/parse';
import { addLocalDays, formatDay, isoWeekday } from '../../core/dates/localDate';
import { todayOf } from './service';
import type { Subcommand } from '../../core/routers/subcommand';
import type { NudgeDeps } from './deps';

/** The first of the manager's working days after `date` (the day after, when they have none). */
function nextWorkingDay(date: string, workingDays: number[]): string {
  for (let i = 1; i <= 7; i++) {
    const day = addLocalDays(date, i);
    if (workingDays.includes(isoWeekday(day))) return day;
  }
  return addLocalDays(date, 1);
}

/** `/lead pause 3d` or `/lead pause until YYYY-MM-DD`: no nudges through that local date. */
export function pauseSubcommand(): Subcommand<NudgeDeps> {
  return {
    name: 'pause',
    mutating: true,
    summary: 'Pause every nudge for some days (counting today) or until a date',
    example: '/lead pause 3d',
    async run({ args, manager, respond, logger, deps }) {
      const today = todayOf(manager, deps.clock.now());
      const parsed = parsePause(args, today);
      if (!parsed.ok) {
        await respond({ response_type: 'ephemeral', ...invalidInputMessage(parsed.problem, '/lead pause 3d') });
        return;
      }
      await deps.repos.managers.setPausedUntil(manager.userId, parsed.value);
      logger.info({ pausedUntil: parsed.value }, 'nudges paused');
      await respond({
        response_type: 'ephemeral',
        ...plainMessage(
          `:double_vertical_bar: Nudges paused through ${formatDay(parsed.value)} (${parsed.value}). They start again on ${formatDay(nextWorkingDay(parsed.value, manager.workingDays))}; \`/lead resume\` ends the pause now.`,
        ),
      });
    },
  };
}

/** `/lead resume`: ends a pause. */
export function resumeSubcommand(): Subcommand<NudgeDeps> {
  return {
    name: 'resume',
    mutating: true,
    summary: 'End a pause: nudges come again from now on',
    example: '/lead resume',
    async run({ args, manager, respond, logger, deps }) {
      if (args.trim()) {
        await respond({ response_type: 'ephemeral', ...invalidInputMessage('`/lead resume` takes nothing after it.', '/lead resume') });
        return;
      }
      const today = todayOf(manager, deps.clock.now());
      const wasPaused = manager.pausedUntil !== null && manager.pausedUntil >= today;
      await deps.repos.managers.setPausedUntil(manager.userId, null);
      logger.info({ wasPaused }, 'nudges resumed');
      const off = manager.nudgesEnabled ? '' : ' Your nudges are switched off, though: `/lead nudges on all` turns them back on.';
      await respond({
        response_type: 'ephemeral',
        ...plainMessage(wasPaused ? `:arrow_forward: Pause ended: nudges come again from now on.${off}` : `Nudges were not paused; nothing changed.${off}`),
      });
    },
  };
}
