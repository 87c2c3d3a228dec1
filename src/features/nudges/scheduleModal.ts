import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { z } from '../../core/zod';

import { weekdayName } from '../../core/dates/localDate';
import { context, modal } from '../../core/blockKit';
import { requestScope } from '../../core/slack/requestContext';
import { NUDGES, type NudgeId, type NudgeOverride } from './catalog';
import { ruleFor } from './service';
import type { NudgeDeps } from './deps';
import type { ViewRoutes } from '../../core/routers/views';

/** The App Home's "Change times and days" modal: a time picker and a day select per nudge (1:1 prep apart). */
export const SCHEDULE_MODAL = { callbackId: 'nudge_schedule_modal', timeActionId: 'time', dayActionId: 'days' } as const;

const EDITABLE = NUDGES.filter((n) => n.rule.kind !== 'before-one-on-one');
const timeBlockId = (id: NudgeId): string => `nudge_time_${id}`;
const dayBlockId = (id: NudgeId): string => `nudge_day_${id}`;

function dayOption(d: number): PlainTextOption {
  return { text: { type: 'plain_text', text: weekdayName(d, 'long') }, value: String(d) };
}
const DAY_OPTIONS = [1, 2, 3, 4, 5, 6, 7].map(dayOption);

export function scheduleModal(overrides: ReadonlyMap<NudgeId, NudgeOverride>): ModalView {
  const blocks: KnownBlock[] = [context('Times are in your time zone and keep inside your working hours. The 1:1 prep follows your 1:1s.')];
  for (const n of EDITABLE) {
    const rule = ruleFor(n.id, overrides);
    if (rule.kind === 'before-one-on-one') continue;
    blocks.push({
      type: 'input',
      block_id: timeBlockId(n.id),
      label: { type: 'plain_text', text: `${n.title}: time` },
      element: { type: 'timepicker', action_id: SCHEDULE_MODAL.timeActionId, initial_time: rule.time },
    });
    const days = rule.kind === 'days' ? rule.weekdays : [rule.weekday];
    blocks.push({
      type: 'input',
      block_id: dayBlockId(n.id),
      label: { type: 'plain_text', text: `${n.title}: ${rule.kind === 'days' ? 'days' : rule.kind === 'weekly' ? 'day' : 'weekday (first of the month / week)'}` },
      element:
        rule.kind === 'days'
          ? { type: 'multi_static_select', action_id: SCHEDULE_MODAL.dayActionId, options: DAY_OPTIONS, initial_options: days.map(dayOption) }
          : { type: 'static_select', action_id: SCHEDULE_MODAL.dayActionId, options: DAY_OPTIONS, initial_option: dayOption(days[0] ?? 1) },
    });
  }
  return modal({ callbackId: SCHEDULE_MODAL.callbackId, title: 'Nudge times and days', submit: 'Save', close: 'Cancel', blocks });
}

export async function openScheduleModal(client: WebClient, triggerId: string, deps: Pick<NudgeDeps, 'repos'>, userId: string): Promise<void> {
  await client.views.open({ trigger_id: triggerId, view: scheduleModal(await deps.repos.nudgeSettings.overrides(userId)) });
}

const stateValue = z.object({
  selected_time: z.string().nullish(),
  selected_option: z.object({ value: z.string() }).nullish(),
  selected_options: z.array(z.object({ value: z.string() })).nullish(),
});
const stateValues = z.record(z.string(), z.record(z.string(), stateValue));

export function registerScheduleModal(routes: ViewRoutes, deps: NudgeDeps): void {
  routes.view(SCHEDULE_MODAL.callbackId, async ({ ack, body, view, client, context: ctx }) => {
    const scope = requestScope(ctx);
    const userId = body.user.id;
    const values = stateValues.safeParse(view.state.values);
    const errors: Record<string, string> = {};
    const changes: Array<[NudgeId, NudgeOverride]> = [];
    const current = await deps.repos.nudgeSettings.overrides(userId);
    for (const n of EDITABLE) {
      const time = values.success ? values.data[timeBlockId(n.id)]?.[SCHEDULE_MODAL.timeActionId]?.selected_time : undefined;
      const day = values.success ? values.data[dayBlockId(n.id)]?.[SCHEDULE_MODAL.dayActionId] : undefined;
      const picked = (day?.selected_options ?? (day?.selected_option ? [day.selected_option] : [])).map((o) => Number(o.value)).filter((d) => d >= 1 && d <= 7);
      if (!time || !/^\d{2}:\d{2}$/.test(time)) errors[timeBlockId(n.id)] = 'Pick a time.';
      if (picked.length === 0) errors[dayBlockId(n.id)] = 'Pick at least one day.';
      const weekdays = [...new Set(picked)].sort((a, b) => a - b);
      const rule = ruleFor(n.id, current);
      const before = rule.kind === 'days' ? rule.weekdays : rule.kind === 'before-one-on-one' ? [] : [rule.weekday];
      const unchanged = rule.kind !== 'before-one-on-one' && rule.time === time && before.join(',') === weekdays.join(',');
      if (time && weekdays.length && !unchanged) changes.push([n.id, { time, weekdays: rule.kind === 'days' ? weekdays : weekdays.slice(0, 1) }]);
    }
    if (!scope.manager || Object.keys(errors).length) {
      await ack({ response_action: 'errors', errors: Object.keys(errors).length ? errors : { [timeBlockId(EDITABLE[0]?.id ?? 'no-code-block')]: 'Start coaching first: type /lead.' } });
      return;
    }
    await ack();
    const now = deps.clock.now();
    await deps.transactor.transaction(async () => {
      for (const [id, change] of changes) await deps.repos.nudgeSettings.setOverride(userId, id, change, now);
    });
    scope.logger.info({ nudges: changes.length }, 'nudge schedule changed from the App Home');
    await deps.refreshHome(client, userId);
  });
}
