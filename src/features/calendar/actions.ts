import type { BlockAction, ButtonAction, RespondFn, UsersSelectAction } from '@slack/bolt';

import { plainMessage } from '../../core/blockKit';
import { CATEGORY_IDS } from '../../core/categories';
import { addLocalDays, formatDay, isValidLocalDate, localDateIn } from '../../core/dates/localDate';
import type { ActionRoutes } from '../../core/routers/actions';
import { SlackApiError } from '../../core/slack/errors';
import { requestScope } from '../../core/slack/requestContext';
import { sendFileToDm } from '../../core/slack/upload';
import { openTimeLogModal } from '../timelog';
import type { TimeEntry } from '../timelog';
import { alreadyLoggedMessage, CALENDAR_ACTIONS, loggedFromCalendarMessage } from './blocks';
import type { CalendarDeps } from './deps';
import { NO_CODE_BLOCK, noCodeBlockIcs } from './hooks';

/** The note calendar-derived entries carry, so the log, the export and the history show where they came from. */
export const FROM_CALENDAR_NOTE = 'from your calendar';
/** Calendar days that may be logged: the time log's own two weeks back. */
const MAX_DAYS_BACK = 14;
const MINUTES_PER_DAY = 24 * 60;

async function tell(respond: RespondFn, text: string): Promise<void> {
  await respond({ response_type: 'ephemeral', replace_original: false, ...plainMessage(text) });
}

function loggableDay(value: string | undefined, today: string): string | undefined {
  if (!value || !isValidLocalDate(value)) return undefined;
  return value <= today && value >= addLocalDays(today, -MAX_DAYS_BACK) ? value : undefined;
}

export function registerCalendarActions(app: ActionRoutes, deps: CalendarDeps): void {
  // "Log it": the day's calendar minutes become entries, once per day whatever is pressed later.
  app.action<BlockAction<ButtonAction>>(CALENDAR_ACTIONS.logDay, async ({ ack, action, respond, context }) => {
    await ack();
    const { logger, manager } = requestScope(context);
    if (!manager) return tell(respond, 'lead-coach has nothing stored about you any more, so nothing was logged.');
    const now = deps.clock.now();
    const day = loggableDay(action.value, localDateIn(now, manager.timeZone));
    if (!day) return tell(respond, 'That offer is for a day that can no longer be logged from here; nothing was changed. `/lead log` opens the form.');
    const calendarDay = await deps.repos.calendars.day(manager.userId, day);
    const total = calendarDay ? CATEGORY_IDS.reduce((s, c) => s + calendarDay.minutes[c], 0) : 0;
    if (!calendarDay || total === 0) return tell(respond, `Your calendar has no timed events on ${formatDay(day)} any more, so nothing was logged.`);
    const result = await deps.transactor.transaction(async () => {
      if (!(await deps.repos.calendars.claimLoggedDay(manager.userId, day, now))) {
        // Logged from the calendar before: still so unless those entries were undone or deleted since.
        const entries = await deps.repos.timeEntries.between(manager.userId, day, day);
        if (entries.some((e) => e.note === FROM_CALENDAR_NOTE)) return { kind: 'already' as const };
      }
      // What is logged already counts: only the part of each category the log does not have yet is added.
      const logged = await deps.repos.timeEntries.totals(manager.userId, day, day);
      const dayLogged = CATEGORY_IDS.reduce((s, c) => s + logged[c], 0);
      const added: TimeEntry[] = [];
      const addedMinutes = { ...calendarDay.minutes };
      for (const c of CATEGORY_IDS) addedMinutes[c] = Math.max(0, calendarDay.minutes[c] - logged[c]);
      if (dayLogged + CATEGORY_IDS.reduce((s, c) => s + addedMinutes[c], 0) > MINUTES_PER_DAY) return { kind: 'full' as const };
      for (const category of CATEGORY_IDS) {
        const minutes = Math.min(addedMinutes[category], 960);
        if (minutes <= 0) continue;
        const { entry } = await deps.repos.timeEntries.add({
          userId: manager.userId,
          category,
          minutes,
          localDate: day,
          timeZone: manager.timeZone,
          note: FROM_CALENDAR_NOTE,
          source: 'checkin',
          createdAt: now,
          requestKey: `calendar:${manager.userId}:${day}:${category}`,
        });
        added.push(entry);
      }
      if (added.length > 0) {
        await deps.repos.timeLogActions.record({ userId: manager.userId, kind: 'form', localDate: day, before: [], after: added, createdAt: now });
      }
      return { kind: 'logged' as const, minutes: addedMinutes, entries: added.length };
    });
    if (result.kind === 'already') {
      logger.info({ localDate: day }, 'calendar day already logged');
      await respond({ response_type: 'ephemeral', replace_original: false, ...alreadyLoggedMessage(day) });
      return;
    }
    if (result.kind === 'full') return tell(respond, `That would log more than 24 hours on ${formatDay(day)}, so nothing was logged. \`/lead log ${day}\` opens the form.`);
    logger.info({ localDate: day, entries: result.entries }, 'calendar day logged');
    await respond({ response_type: 'ephemeral', replace_original: false, ...loggedFromCalendarMessage(day, result.minutes) });
  });

  // "Edit first": the time-log form with the calendar's minutes in the fields.
  app.action<BlockAction<ButtonAction>>(CALENDAR_ACTIONS.editDay, async ({ ack, body, action, respond, client, context }) => {
    await ack();
    const { manager } = requestScope(context);
    if (!manager) return tell(respond, 'lead-coach has nothing stored about you any more, so nothing was logged.');
    const day = loggableDay(action.value, localDateIn(deps.clock.now(), manager.timeZone));
    if (!day) return tell(respond, 'That offer is for a day that can no longer be logged from here. `/lead log` opens the form.');
    const calendarDay = await deps.repos.calendars.day(manager.userId, day);
    await openTimeLogModal(client, body.trigger_id, manager, day, deps, calendarDay?.minutes);
  });

  // A 1:1 found in the calendar: choosing the person adds it to the registry.
  app.action<BlockAction<UsersSelectAction>>(CALENDAR_ACTIONS.oneOnOneWho, async ({ ack, action, respond, context }) => {
    await ack();
    const { logger, manager } = requestScope(context);
    if (!manager) return tell(respond, 'lead-coach has nothing stored about you any more, so nothing was added.');
    const seriesUid = /^calendar_1on1_(.+)$/.exec(action.block_id)?.[1] ?? '';
    const found = (await deps.repos.calendars.found(manager.userId)).find((f) => f.seriesUid === seriesUid);
    const report = action.selected_user;
    if (!found) return tell(respond, 'That 1:1 is no longer in your calendar (or it was unlinked), so nothing was added.');
    if (report === manager.userId) return tell(respond, 'A 1:1 needs someone other than you: pick the other person.');
    if (found.state === 'accepted' || found.state === 'dismissed') return tell(respond, 'You answered this offer already; `/lead 1on1 list` shows your 1:1s.');
    const now = deps.clock.now();
    const saved = await deps.transactor.transaction(async () => {
      if (!(await deps.repos.calendars.acceptFound(manager.userId, seriesUid, report))) return undefined;
      return deps.repos.oneOnOnes.save({
        managerId: manager.userId,
        reportUserId: report,
        weekday: found.weekday,
        time: found.time,
        cadence: found.cadence,
        anchorDate: found.firstDate,
        createdAt: now.toISOString(),
      });
    });
    if (!saved) return tell(respond, 'You answered this offer already; `/lead 1on1 list` shows your 1:1s.');
    logger.info({ oneOnOneId: saved.oneOnOne.id, updated: saved.updated }, '1:1 added from the calendar');
    await respond({
      response_type: 'ephemeral',
      replace_original: true,
      ...plainMessage(
        `:white_check_mark: ${saved.updated ? 'Moved' : 'Added'} your ${found.cadence} 1:1 with <@${report}> to your calendar's time: ` +
          `${formatDay(found.firstDate)} at ${found.time}. The prep nudge comes 60 minutes before; if the series moves in your calendar, the 1:1 moves with it.`,
      ),
    });
  });

  app.action<BlockAction<ButtonAction>>(CALENDAR_ACTIONS.oneOnOneDismiss, async ({ ack, action, respond, context }) => {
    await ack();
    const { manager } = requestScope(context);
    if (!manager) return;
    await deps.repos.calendars.setFoundState(manager.userId, action.value ?? '', ['found', 'offered'], 'dismissed');
    await respond({ response_type: 'ephemeral', replace_original: true, ...plainMessage('Noted: that event is not offered as a 1:1 again.') });
  });

  // The Monday no-code nudge's offer: a recurring block as an .ics file in the manager's DM.
  app.action<BlockAction<ButtonAction>>(CALENDAR_ACTIONS.noCodeIcs, async ({ ack, action, respond, client, context }) => {
    await ack();
    const { logger, manager } = requestScope(context);
    if (!manager) return tell(respond, 'lead-coach has nothing stored about you any more.');
    const monday = action.value && isValidLocalDate(action.value) ? action.value : localDateIn(deps.clock.now(), manager.timeZone);
    const ics = noCodeBlockIcs(manager.timeZone, monday, deps.clock.now(), `no-code-block-${manager.userId}-${monday}@lead-coach`);
    try {
      const { fileId } = await sendFileToDm(client, manager.userId, {
        filename: 'no-code-block.ics',
        title: NO_CODE_BLOCK.title,
        content: ics,
        contentType: 'text/calendar; charset=utf-8',
        initialComment: `Open this file to add a no-code block to your calendar: Tuesdays and Thursdays ${NO_CODE_BLOCK.start}–${NO_CODE_BLOCK.end} (${manager.timeZone}), every week. Move it to the hours that suit you once it is in.`,
      });
      logger.info({ fileId }, 'no-code block .ics sent');
    } catch (err) {
      if (!(err instanceof SlackApiError)) throw err;
      logger.warn({ slackError: err.code }, 'no-code block .ics not sent');
      return tell(respond, `Slack did not take the calendar file (${err.code}); nothing was sent. Try the button again in a minute.`);
    }
  });
}
