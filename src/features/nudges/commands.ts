import { nudgeSettingsMessage } from './blocks';
import { invalidInputMessage, plainMessage, quoteUserInput } from '../../core/blockKit';
import { isNudgeId, NUDGE_IDS, nudgeById, scheduleText, takesSeveralDays } from './catalog';
import { HOURS_EXAMPLE, parseTimeOfDay, parseWeekdayList, parseWorkingHours } from './rules/parse';
import { closestMatch } from '../../core/closest';
import { clampToWorkingHours } from './rules/schedule';
import { ruleFor } from './service';
import { normaliseTimeZone, weekdayName } from '../../core/dates/localDate';
import { fetchSlackProfile, TIME_ZONE_UNKNOWN_TEXT } from '../enrolment';
import { settingsViewFor } from './service';
import type { Subcommand, SubcommandContext } from '../../core/routers/subcommand';
import type { NudgeDeps } from './deps';

const NUDGES_EXAMPLE = '/lead nudges off time-checkin';

const TIME_EXAMPLE = '/lead nudges time time-checkin 17:30';
const DAY_EXAMPLE = '/lead nudges day no-code-block tue';

async function showSettings(ctx: SubcommandContext<NudgeDeps>, notice?: string): Promise<void> {
  const manager = await ctx.deps.repos.managers.get(ctx.manager.userId) ?? ctx.manager;
  await ctx.respond({ response_type: 'ephemeral', ...nudgeSettingsMessage(await settingsViewFor(ctx.deps, manager, ctx.deps.clock.now()), notice) });
}

async function refuse(ctx: SubcommandContext<NudgeDeps>, problem: string, example: string): Promise<void> {
  await ctx.respond({ response_type: 'ephemeral', ...invalidInputMessage(problem, example) });
}

/** "`tme-checkin` is not a nudge; did you mean `time-checkin`?" with the list when nothing is close. */
function unknownNudge(word: string, allowAll: boolean): string {
  const guess = closestMatch(word, NUDGE_IDS);
  const list = `${NUDGE_IDS.join(', ')}${allowAll ? ', or `all`' : ''}`;
  return guess ? `${quoteUserInput(word)} is not a nudge; did you mean \`${guess}\`? The nudges are ${list}.` : `${quoteUserInput(word)} is not a nudge; pick one of ${list}.`;
}

/** `/lead nudges time <nudge> <time>` and `/lead nudges day <nudge> <days>`: the manager's own schedule for one nudge. */
async function changeSchedule(ctx: SubcommandContext<NudgeDeps>, what: 'time' | 'day', target: string, value: string): Promise<void> {
  const example = what === 'time' ? TIME_EXAMPLE : DAY_EXAMPLE;
  if (!target) return refuse(ctx, `Say which nudge and the new ${what}.`, example);
  if (!isNudgeId(target)) return refuse(ctx, unknownNudge(target, false), example);
  const rule = nudgeById(target).rule;
  if (rule.kind === 'before-one-on-one') {
    return refuse(ctx, 'The 1:1 prep follows your 1:1s (60 minutes before each); change a 1:1 with `/lead 1on1 add` instead.', example);
  }
  if (!value) return refuse(ctx, `Say the new ${what} for ${nudgeById(target).title}.`, example);
  const now = ctx.deps.clock.now();
  let notice: string;
  if (what === 'time') {
    const time = parseTimeOfDay(value);
    if (!time) return refuse(ctx, `${quoteUserInput(value)} is not a time of day: write it like \`17:30\`, \`5:30pm\` or \`9am\`.`, example);
    await ctx.deps.repos.nudgeSettings.setOverride(ctx.manager.userId, target, { time }, now);
    const clamped = clampToWorkingHours(ctx.manager, time);
    notice = `:white_check_mark: ${nudgeById(target).title} now comes at ${time}.` +
      (clamped === time ? '' : ` That is outside your working hours (${ctx.manager.workStart}–${ctx.manager.workEnd}), so it arrives at ${clamped}.`);
  } else {
    const days = parseWeekdayList(value);
    if (!days.ok) return refuse(ctx, days.problem, example);
    if (days.value.length > 1 && !takesSeveralDays(rule)) {
      return refuse(ctx, `${nudgeById(target).title} comes on one day; pick one, e.g. \`tue\`.`, example);
    }
    await ctx.deps.repos.nudgeSettings.setOverride(ctx.manager.userId, target, { weekdays: days.value }, now);
    const off = days.value.filter((d) => !ctx.manager.workingDays.includes(d));
    notice = `:white_check_mark: ${nudgeById(target).title} now comes ${scheduleText(ruleFor(target, await ctx.deps.repos.nudgeSettings.overrides(ctx.manager.userId)))}.` +
      (off.length ? ` ${off.map((d) => weekdayName(d, 'long')).join(' and ')} ${off.length > 1 ? 'are' : 'is'} not one of your working days, so it moves to the next working day.` : '');
  }
  ctx.logger.info({ nudgeId: target, what, value }, 'nudge schedule changed');
  return showSettings(ctx, notice);
}

function isScheduleVerb(verb: string): verb is 'time' | 'day' {
  return verb === 'time' || verb === 'day';
}


/** `/lead nudges` shows the schedule with toggles; `/lead nudges on|off <nudge>|all` changes it by text. */
export function nudgesSubcommand(): Subcommand<NudgeDeps> {
  return {
    name: 'nudges',
    aliases: ['nudge', 'reminders'],
    summary: 'See when each nudge comes next, in your time; change its time or day, or turn it on or off',
    example: '/lead nudges',
    async run(ctx) {
      const words = ctx.args.toLowerCase().split(/\s+/).filter(Boolean);
      if (words.length === 0) return showSettings(ctx);
      const [verb = '', target = ''] = words;
      const ids = NUDGE_IDS.join(', ');
      if (isScheduleVerb(verb)) return changeSchedule(ctx, verb, target, words.slice(2).join(' '));
      if ((verb !== 'on' && verb !== 'off') || words.length !== 2) {
        await ctx.respond({
          response_type: 'ephemeral',
          ...invalidInputMessage(
            `Use \`/lead nudges\` to see your schedule, \`/lead nudges on|off <nudge>\`, \`/lead nudges time <nudge> 17:30\` or \`/lead nudges day <nudge> tue\`, where the nudge is one of ${ids}.`,
            NUDGES_EXAMPLE,
          ),
        });
        return;
      }
      const on = verb === 'on';
      const now = ctx.deps.clock.now();
      if (target === 'all') {
        await ctx.deps.repos.managers.setNudgesEnabled(ctx.manager.userId, on);
        if (on) for (const id of NUDGE_IDS) await ctx.deps.repos.nudgeSettings.setNudge(ctx.manager.userId, id, true, now);
      } else if (isNudgeId(target)) {
        await ctx.deps.repos.nudgeSettings.setNudge(ctx.manager.userId, target, on, now);
        if (on) await ctx.deps.repos.managers.setNudgesEnabled(ctx.manager.userId, true);
      } else {
        await ctx.respond({ response_type: 'ephemeral', ...invalidInputMessage(unknownNudge(target, true), NUDGES_EXAMPLE) });
        return;
      }
      ctx.logger.info({ target, on }, 'nudge setting changed');
      return showSettings(ctx);
    },
  };
}

function daysText(days: number[]): string {
  return days.map((d) => weekdayName(d, 'short')).join(', ');
}

/** `/lead hours mon-fri 09:00-18:00`: the working days and hours nudges keep to. */
export function hoursSubcommand(): Subcommand<NudgeDeps> {
  return {
    name: 'hours',
    aliases: ['working-hours'],
    summary: 'Set your working days and hours; nudges never come outside them',
    example: HOURS_EXAMPLE,
    async run(ctx) {
      const { manager } = ctx;
      if (!ctx.args.trim()) {
        await ctx.respond({
          response_type: 'ephemeral',
          ...plainMessage(
            `Your working days are ${daysText(manager.workingDays)}, ${manager.workStart}–${manager.workEnd} (${manager.timeZone}). Change them with \`${HOURS_EXAMPLE}\`.`,
          ),
        });
        return;
      }
      const parsed = parseWorkingHours(ctx.args);
      if (!parsed.ok) {
        await ctx.respond({ response_type: 'ephemeral', ...invalidInputMessage(parsed.problem, HOURS_EXAMPLE) });
        return;
      }
      await ctx.deps.repos.managers.setWorkingHours(manager.userId, parsed.value);
      ctx.logger.info(parsed.value, 'working hours changed');
      const h = parsed.value;
      await ctx.respond({
        response_type: 'ephemeral',
        ...plainMessage(`:white_check_mark: Working days set to ${daysText(h.workingDays)}, ${h.workStart}–${h.workEnd} (${manager.timeZone}). Nudges keep inside these hours.`),
      });
    },
  };
}

export const TIMEZONE_EXAMPLE = '/lead timezone Europe/Berlin';

/** `/lead timezone <IANA zone>` overrides the zone from the Slack profile; `/lead timezone slack` goes back to it. */
export function timezoneSubcommand(): Subcommand<NudgeDeps> {
  return {
    name: 'timezone',
    aliases: ['tz', 'time-zone'],
    summary: 'Use another time zone than your Slack profile’s for nudges and your log',
    example: TIMEZONE_EXAMPLE,
    async run(ctx) {
      const zone = ctx.args.trim();
      const { manager } = ctx;
      if (!zone && !manager.timeZoneConfirmed) {
        await ctx.respond({ response_type: 'ephemeral', ...plainMessage(TIME_ZONE_UNKNOWN_TEXT) });
        return;
      }
      if (!zone) {
        await ctx.respond({
          response_type: 'ephemeral',
          ...plainMessage(
            `Your time zone is ${manager.timeZone} (${manager.timeZoneSource === 'manual' ? 'set by you; `/lead timezone slack` follows your Slack profile again' : 'from your Slack profile'}). Change it with \`${TIMEZONE_EXAMPLE}\`.`,
          ),
        });
        return;
      }
      if (zone.toLowerCase() === 'slack') {
        await followSlackProfile(ctx);
        return;
      }
      const canonical = normaliseTimeZone(zone);
      if (!canonical) {
        await ctx.respond({
          response_type: 'ephemeral',
          ...invalidInputMessage(
            `${quoteUserInput(zone)} is not an IANA time zone; use a name like Europe/Berlin, America/New_York or Asia/Kolkata, or \`slack\` to follow your Slack profile.`,
            TIMEZONE_EXAMPLE,
          ),
        });
        return;
      }
      await ctx.deps.repos.managers.overrideTimeZone(manager.userId, canonical);
      ctx.logger.info({ timeZone: canonical }, 'time zone overridden');
      await ctx.respond({
        response_type: 'ephemeral',
        ...plainMessage(`:globe_with_meridians: Your time zone is now ${canonical}. Nudges and your log follow it from now on.`),
      });
    },
  };
}

/** `/lead timezone slack`: drop the override and use the zone Slack has for the user now. */
async function followSlackProfile(ctx: SubcommandContext<NudgeDeps>): Promise<void> {
  let timeZone: string | undefined;
  try {
    timeZone = (await fetchSlackProfile(ctx.client, ctx.manager.userId)).timeZone;
  } catch (err) {
    ctx.logger.warn({ err }, 'users.info failed while following the Slack time zone');
  }
  if (!timeZone) {
    await ctx.respond({
      response_type: 'ephemeral',
      ...plainMessage(
        `:warning: Slack did not tell me your profile's time zone just now, so nothing changed: your time zone is still ${ctx.manager.timeZone}. Try again in a minute.`,
      ),
    });
    return;
  }
  await ctx.deps.repos.managers.followSlackTimeZone(ctx.manager.userId, timeZone, ctx.deps.clock.now());
  ctx.logger.info({ timeZone }, 'time zone follows the Slack profile again');
  await ctx.respond({
    response_type: 'ephemeral',
    ...plainMessage(`:globe_with_meridians: Your time zone follows your Slack profile again: ${timeZone}. Nudges and your log follow it from now on.`),
  });
}

export function nudgeTitle(id: string): string {
  return isNudgeId(id) ? nudgeById(id).title : id;
}
