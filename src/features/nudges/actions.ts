import type { BlockAction, ButtonAction, RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';

import { categoryLabel, formatMinutes, NUDGE_ACTION_PATTERNS, NUDGE_ACTIONS, nudgeSettingsMessage, QUICK_CHECKIN_MINUTES, sectionIds, type StoredOccurrence } from './blocks';
import { plainMessage } from '../../core/blockKit';
import type { Manager } from '../enrolment';
import { isCategoryId } from '../../core/categories';
import { isNudgeId, nudgeById } from './catalog';
import { snoozeUntil } from './rules/schedule';
import { daysBetween, formatLocal, mondayOf } from '../../core/dates/localDate';
import type { NudgeContext } from './job';
import type { Logger } from '../../core/logger';
import { requestScope, type RequestScope } from '../../core/slack/requestContext';
import { profileFor, renderNudges, settingsViewFor, todayOf, type RenderExtras } from './service';
import { openScheduleModal } from './scheduleModal';
import { logEntry, openTimeLogModal } from '../timelog';
import type { ActionRoutes } from '../../core/routers/actions';
import type { NudgeDeps } from './deps';

/** Check-in buttons file time at most this many days back (the time log's own limit). */
const CHECKIN_MAX_DAYS_BACK = 14;
const MINUTES_PER_DAY = 24 * 60;

type ButtonArgs = {
  body: BlockAction<ButtonAction>;
  action: ButtonAction;
  respond: RespondFn;
  client: WebClient;
  scope: RequestScope;
};

interface NudgeTarget {
  /** The key the button carried: the delivery key, or `<delivery key>|<nudge id>` in a merged DM. */
  key: string;
  deliveryKey: string;
  manager: Manager;
  occurrence: StoredOccurrence;
  /** Every nudge of the DM (one, unless several were due at the same minute). */
  occurrences: StoredOccurrence[];
  snoozed: boolean;
}

function parseValue(value: string | undefined): Record<string, unknown> {
  if (!value) return {};
  try {
    const parsed = JSON.parse(value) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

async function tell(respond: RespondFn, text: string): Promise<void> {
  await respond({ response_type: 'ephemeral', replace_original: false, ...plainMessage(text) });
}

/**
 * Finds the nudge a button belongs to, checking it was sent to the person pressing it.
 * Answers the user (and returns undefined) when it cannot be used.
 */
async function loadTarget(deps: NudgeDeps, scope: RequestScope, key: string, respond: RespondFn): Promise<NudgeTarget | undefined> {
  const { userId, logger, manager } = scope;
  const [deliveryKey = '', section] = key.split('|');
  const delivery = deliveryKey ? await deps.repos.deliveries.get(deliveryKey) : undefined;
  if (delivery && delivery.userId !== userId) {
    logger.warn({ key }, 'button pressed by someone the nudge was not sent to');
    await tell(respond, 'This reminder was sent to someone else, so nothing was changed.');
    return undefined;
  }
  if (!delivery || !manager) {
    logger.info({ key, known: Boolean(delivery) }, 'button for an unknown nudge');
    await tell(respond, 'This reminder is no longer stored (your data may have been deleted), so nothing was changed. Type `/lead nudges` to see your schedule.');
    return undefined;
  }
  const context = delivery.context ? (JSON.parse(delivery.context) as NudgeContext) : undefined;
  if (!context?.occurrence || !isNudgeId(context.occurrence.nudgeId)) {
    await tell(respond, 'This reminder cannot be updated any more; nothing was changed.');
    return undefined;
  }
  const occurrences = context.occurrences?.length ? context.occurrences : [context.occurrence];
  const sections = sectionIds(occurrences);
  const occurrence = section ? occurrences.find((_, i) => sections[i] === section) : context.occurrence;
  if (!occurrence) {
    await tell(respond, 'This reminder cannot be updated any more; nothing was changed.');
    return undefined;
  }
  // Any press on a nudge counts as using it: it stops backing off.
  await deps.repos.nudgeSettings.recordInteraction(manager.userId, occurrence.nudgeId);
  return { key, deliveryKey, manager, occurrence, occurrences, snoozed: Boolean(context.snoozedFrom) };
}

/** Re-renders the DM; in a merged DM only the pressed nudge's section changes. */
async function replaceNudge(deps: NudgeDeps, respond: RespondFn, t: NudgeTarget, extras: RenderExtras): Promise<void> {
  const msg = await renderNudges(deps, t.deliveryKey, t.occurrences, (o) =>
    o.key === t.occurrence.key ? { snoozed: t.snoozed, ...extras } : { snoozed: t.snoozed },
  );
  await respond({ replace_original: true, text: msg.text, blocks: msg.blocks });
}

/** Refreshes wherever the settings were shown: the App Home, or the ephemeral `/lead nudges` answer. */
async function refreshSettings(deps: NudgeDeps, client: WebClient, respond: RespondFn, userId: string, fromHome: boolean): Promise<void> {
  if (fromHome) {
    await deps.refreshHome(client, userId);
    return;
  }
  const manager = await deps.repos.managers.get(userId);
  if (!manager) return;
  await respond({ response_type: 'ephemeral', replace_original: true, ...nudgeSettingsMessage(await settingsViewFor(deps, manager, deps.clock.now())) });
}

function isHomeAction(body: BlockAction<ButtonAction>, value: Record<string, unknown>): boolean {
  return value.home === true || body.container?.type === 'view';
}

/** Done / Snooze / Skip / Turn off on every nudge, and the nudge-specific buttons. */
export function registerNudgeActions(app: ActionRoutes, deps: NudgeDeps): void {
  const onButton = (actionId: string | RegExp, handler: (args: ButtonArgs & { logger: Logger }) => Promise<void>): void => {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, respond, client, context }) => {
      await ack();
      const scope = requestScope(context);
      await handler({ body, action, respond, client, scope, logger: scope.logger });
    });
  };

  const simple = (actionId: string, response: 'done' | 'skipped', status: string): void =>
    onButton(actionId, async ({ action, respond, logger, scope }) => {
      const t = await loadTarget(deps, scope, action.value ?? '', respond);
      if (!t) return;
      await deps.transactor.transaction(async () => {
        await deps.repos.nudgeSettings.recordResponse(t.deliveryKey, t.manager.userId, response, deps.clock.now());
        if (response === 'done') await deps.repos.nudgeSettings.markDoneForWeek(t.manager.userId, t.occurrence.nudgeId, mondayOf(t.occurrence.localDate));
      });
      logger.info({ key: t.key, response }, 'nudge answered');
      await replaceNudge(deps, respond, t, { closed: true, status });
    });
  simple(NUDGE_ACTIONS.done, 'done', ':white_check_mark: Done. Nice work.');
  simple(NUDGE_ACTIONS.skip, 'skipped', ':fast_forward: Skipped this time.');

  const snooze = (actionId: string, how: 'hour' | 'tomorrow'): void =>
    onButton(actionId, async ({ action, respond, logger, scope }) => {
      const t = await loadTarget(deps, scope, action.value ?? '', respond);
      if (!t) return;
      const now = deps.clock.now();
      const until = snoozeUntil(profileFor(t.manager, []), now, how);
      const deliveryKey = `snooze:${t.occurrence.key}@${until.toISOString().slice(0, 16)}`;
      await deps.transactor.transaction(async () => {
        await deps.repos.nudgeSettings.addSnooze({
          deliveryKey,
          originKey: t.deliveryKey,
          userId: t.manager.userId,
          nudgeId: t.occurrence.nudgeId,
          dueAt: until,
          occurrence: JSON.stringify(t.occurrence),
          createdAt: now,
        });
        await deps.repos.nudgeSettings.recordResponse(t.deliveryKey, t.manager.userId, 'snoozed', now);
      });
      logger.info({ key: t.key, until: until.toISOString() }, 'nudge snoozed');
      await replaceNudge(deps, respond, t, { closed: true, status: `:alarm_clock: Snoozed until ${formatLocal(until, t.manager.timeZone)}.` });
    });
  snooze(NUDGE_ACTIONS.snoozeHour, 'hour');
  snooze(NUDGE_ACTIONS.snoozeTomorrow, 'tomorrow');

  onButton(NUDGE_ACTIONS.turnOff, async ({ action, respond, logger, scope }) => {
    const t = await loadTarget(deps, scope, action.value ?? '', respond);
    if (!t) return;
    const now = deps.clock.now();
    await deps.transactor.transaction(async () => {
      await deps.repos.nudgeSettings.setNudge(t.manager.userId, t.occurrence.nudgeId, false, now);
      await deps.repos.nudgeSettings.recordResponse(t.deliveryKey, t.manager.userId, 'turned-off', now);
    });
    logger.info({ nudgeId: t.occurrence.nudgeId }, 'nudge turned off from its message');
    const title = nudgeById(t.occurrence.nudgeId).title;
    await replaceNudge(deps, respond, t, {
      closed: true,
      status: `:no_bell: "${title}" is turned off; you won't get it again. Turn it back on with \`/lead nudges\` or on the App Home.`,
    });
  });

  // The question a nudge asks after three ignored in a row: keep / less often / stop.
  onButton(NUDGE_ACTIONS.keep, async ({ action, respond, logger, scope }) => {
    const t = await loadTarget(deps, scope, action.value ?? '', respond);
    if (!t) return;
    await deps.repos.nudgeSettings.setLessOften(t.manager.userId, t.occurrence.nudgeId, false);
    logger.info({ nudgeId: t.occurrence.nudgeId }, 'nudge kept at its usual frequency');
    await replaceNudge(deps, respond, t, { status: ':repeat: Kept: it comes as often as before.' });
  });
  onButton(NUDGE_ACTIONS.lessOften, async ({ action, respond, logger, scope }) => {
    const t = await loadTarget(deps, scope, action.value ?? '', respond);
    if (!t) return;
    await deps.repos.nudgeSettings.setLessOften(t.manager.userId, t.occurrence.nudgeId, true);
    logger.info({ nudgeId: t.occurrence.nudgeId }, 'nudge set to less often');
    await replaceNudge(deps, respond, t, { status: ':turtle: It comes less often from now on. `/lead nudges` shows when.' });
  });
  onButton(NUDGE_ACTIONS.stop, async ({ action, respond, logger, scope }) => {
    const t = await loadTarget(deps, scope, action.value ?? '', respond);
    if (!t) return;
    await deps.transactor.transaction(async () => {
      await deps.repos.nudgeSettings.setNudge(t.manager.userId, t.occurrence.nudgeId, false, deps.clock.now());
      await deps.repos.nudgeSettings.setLessOften(t.manager.userId, t.occurrence.nudgeId, false);
    });
    logger.info({ nudgeId: t.occurrence.nudgeId }, 'nudge stopped from the cadence question');
    await replaceNudge(deps, respond, t, {
      closed: true,
      status: `:no_bell: "${nudgeById(t.occurrence.nudgeId).title}" is stopped. Turn it back on with \`/lead nudges\`.`,
    });
  });

  onButton(NUDGE_ACTION_PATTERNS.improvement, async ({ action, respond, logger, scope }) => {
    const value = parseValue(action.value);
    const t = await loadTarget(deps, scope, str(value.k), respond);
    if (!t) return;
    const atTarget = value.at === 1;
    const weekStart = mondayOf(t.occurrence.localDate);
    await deps.repos.nudgeSettings.recordImprovementAnswer(t.manager.userId, weekStart, atTarget, deps.clock.now());
    logger.info({ weekStart, atTarget }, 'system-improvement answer recorded');
    await replaceNudge(deps, respond, t, { status: ':bar_chart: Thanks, it will show in your weekly summary.' });
  });

  onButton(NUDGE_ACTION_PATTERNS.checkinQuick, async ({ action, respond, logger, scope }) => {
    const value = parseValue(action.value);
    const t = await loadTarget(deps, scope, str(value.k), respond);
    if (!t) return;
    const category = str(value.c);
    if (!isCategoryId(category)) {
      await tell(respond, 'That button names no known category; nothing was logged.');
      return;
    }
    const now = deps.clock.now();
    const day = t.occurrence.localDate;
    const back = daysBetween(day, todayOf(t.manager, now));
    if (back > CHECKIN_MAX_DAYS_BACK) {
      await tell(respond, `This check-in is for ${day}, more than ${CHECKIN_MAX_DAYS_BACK} days ago, so nothing was logged. Use \`/lead log\` for recent days.`);
      return;
    }
    const logged = Object.values(await deps.repos.timeEntries.totals(t.manager.userId, day, day)).reduce((a, b) => a + b, 0);
    if (logged + QUICK_CHECKIN_MINUTES > MINUTES_PER_DAY) {
      await tell(respond, `${day} already has ${formatMinutes(logged)} logged; another ${QUICK_CHECKIN_MINUTES}m would pass 24 hours, so nothing was logged.`);
      return;
    }
    // Through the time log's journal, so `/lead undo` reverts a check-in like any other entry.
    const result = await logEntry(
      deps,
      {
        userId: t.manager.userId,
        category,
        minutes: QUICK_CHECKIN_MINUTES,
        localDate: day,
        timeZone: t.manager.timeZone,
        source: 'checkin',
        createdAt: now,
        requestKey: `nudge-checkin:${t.key}:${category}:${action.action_ts}`,
      },
      MINUTES_PER_DAY,
    );
    if (!result.stored) {
      await tell(respond, `${day} already has ${formatMinutes(result.dayMinutes)} logged; another ${QUICK_CHECKIN_MINUTES}m would pass 24 hours, so nothing was logged.`);
      return;
    }
    logger.info({ category, day, duplicate: result.duplicate }, 'check-in logged');
    const total = Object.values(await deps.repos.timeEntries.totals(t.manager.userId, day, day)).reduce((a, b) => a + b, 0);
    await replaceNudge(deps, respond, t, {
      status: `:white_check_mark: Logged ${QUICK_CHECKIN_MINUTES}m ${categoryLabel(category)}; ${formatMinutes(total)} logged for this day.`,
    });
  });

  onButton(NUDGE_ACTIONS.checkinDay, async ({ body, action, respond, client, logger, scope }) => {
    const value = parseValue(action.value);
    const t = await loadTarget(deps, scope, str(value.k), respond);
    if (!t) return;
    await openTimeLogModal(client, body.trigger_id, t.manager, t.occurrence.localDate, deps);
    logger.info({ day: t.occurrence.localDate }, 'time-log modal opened from check-in');
  });

  onButton(NUDGE_ACTIONS.agendaDone, async ({ action, respond, logger, scope }) => {
    const value = parseValue(action.value);
    const t = await loadTarget(deps, scope, str(value.k), respond);
    if (!t) return;
    const itemId = Number(value.i);
    const item = Number.isInteger(itemId) ? await deps.repos.oneOnOnes.item(itemId) : undefined;
    if (!item || item.managerId !== t.manager.userId) {
      await tell(respond, 'That agenda item no longer exists; nothing was changed.');
      return;
    }
    const changed = await deps.repos.oneOnOnes.markItemDone(t.manager.userId, itemId, deps.clock.now());
    logger.info({ itemId, changed }, 'agenda item ticked off');
    await replaceNudge(deps, respond, t, { status: `:ballot_box_with_check: Ticked off one agenda item.` });
  });

  onButton(NUDGE_ACTIONS.toggle, async ({ body, action, respond, client, logger, scope }) => {
    const value = parseValue(action.value);
    const nudgeId = str(value.n);
    const userId = body.user.id;
    if (!isNudgeId(nudgeId) || !scope.manager) {
      await tell(respond, 'That setting could not be changed; type `/lead nudges` to see your schedule.');
      return;
    }
    const on = value.on === true;
    await deps.transactor.transaction(async () => {
      await deps.repos.nudgeSettings.setNudge(userId, nudgeId, on, deps.clock.now());
      if (on) await deps.repos.managers.setNudgesEnabled(userId, true);
    });
    logger.info({ nudgeId, on }, 'nudge toggled');
    await refreshSettings(deps, client, respond, userId, isHomeAction(body, value));
  });

  onButton(NUDGE_ACTIONS.editSchedule, async ({ body, respond, client, logger, scope }) => {
    if (!scope.manager) {
      await tell(respond, 'You are not enrolled; type `/lead` to start.');
      return;
    }
    await openScheduleModal(client, body.trigger_id, deps, scope.manager.userId);
    logger.info('nudge schedule modal opened');
  });

  onButton(NUDGE_ACTIONS.resume, async ({ body, action, respond, client, logger, scope }) => {
    const userId = body.user.id;
    if (!scope.manager) {
      await tell(respond, 'You are not enrolled; type `/lead` to start.');
      return;
    }
    await deps.repos.managers.setPausedUntil(userId, null);
    logger.info('nudges resumed');
    await refreshSettings(deps, client, respond, userId, isHomeAction(body, parseValue(action.value)));
  });
}
