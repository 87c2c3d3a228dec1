import { adminRefusalMessage, checkAdmin } from '../../core/adminPolicy';
import { invalidInputMessage, quoteUserInput } from '../../core/blockKit';
import { parseChannel } from '../../core/slack/channel';
import {
  channelSetMessage,
  minGroupSetMessage,
  SUMMARY_EXAMPLES,
  summarySettingsMessage,
  timeZoneSetMessage,
} from './blocks';
import { dueWeeklySend } from './rules/week';
import { addLocalDays, formatDay, isoWeekday, localDateIn, normaliseTimeZone } from '../../core/dates/localDate';
import { COHORT_SUMMARY_AT } from './job';
import type { Subcommand } from '../../core/routers/subcommand';
import type { SummaryDeps } from './deps';
import { fail, ok, type Parsed } from '../../core/result';
import { MIN_GROUP } from './entities';

/** `/lead summary min-group <n>`: a whole number of managers from 3 (two could unpick each other) to 50. */
export function parseMinGroup(input: string): Parsed<number> {
  const shown = quoteUserInput(input);
  if (!input) return fail(`Name the smallest group, a whole number of managers from ${MIN_GROUP.floor} to ${MIN_GROUP.ceiling}.`);
  if (!/^\d+$/.test(input)) return fail(`${shown} is not a whole number of managers. Give one from ${MIN_GROUP.floor} to ${MIN_GROUP.ceiling}.`);
  const n = Number(input);
  if (n < MIN_GROUP.floor) {
    return fail(
      `A group of ${n} is too small: with fewer than ${MIN_GROUP.floor} managers, one of them could work out a colleague's split from the average. Use ${MIN_GROUP.floor} or more.`,
    );
  }
  if (n > MIN_GROUP.ceiling) return fail(`${shown} is more than ${MIN_GROUP.ceiling}: the summary would never post any figures. Use ${MIN_GROUP.floor} to ${MIN_GROUP.ceiling}.`);
  return ok(n);
}

/** "Mon 23 Nov, 10:00 UTC": when the next cohort post is due. */
export function nextCohortPost(now: Date, timeZone: string): string {
  const today = localDateIn(now, timeZone);
  const dueToday = dueWeeklySend(now, timeZone, COHORT_SUMMARY_AT) !== undefined;
  const daysAhead = isoWeekday(today) === 1 && !dueToday ? 0 : (8 - isoWeekday(today)) % 7 || 7;
  return `${formatDay(addLocalDays(today, daysAhead))}, ${COHORT_SUMMARY_AT} ${timeZone}`;
}

/**
 * `/lead summary` shows where and when the cohort summary goes; admins set the channel with
 * `/lead summary channel #channel` and the zone with `/lead summary timezone <IANA zone>`.
 */
export function summarySubcommand(): Subcommand<SummaryDeps> {
  return {
    name: 'summary',
    summary: 'Where and when the weekly cohort summary is posted (admins: set the channel, time zone and smallest group)',
    example: SUMMARY_EXAMPLES.channel,
    async run({ args, command, manager, respond, client, logger, deps }) {
      const [first = '', ...rest] = args.split(/\s+/).filter(Boolean);
      const action = first.toLowerCase();
      const value = rest.join(' ');
      if (!action) {
        const settings = await deps.repos.summary.settings();
        const nextPost = settings.channelId ? nextCohortPost(deps.clock.now(), settings.timeZone) : undefined;
        await respond({ response_type: 'ephemeral', ...summarySettingsMessage(settings, { sharing: manager.shareInCohort, nextPost }) });
        return;
      }
      if (action !== 'channel' && action !== 'timezone' && action !== 'tz' && action !== 'min-group') {
        const problem = `I don't know \`summary\` ${quoteUserInput(first)}. Use \`/lead summary\` to see the settings, \`channel\` to pick the channel, \`timezone\` to set when Monday 10:00 is or \`min-group\` for the smallest group summarised.`;
        await respond({ response_type: 'ephemeral', ...invalidInputMessage(problem, SUMMARY_EXAMPLES.channel) });
        return;
      }
      // Check the input first: a typo gets its fix without a round trip to Slack.
      let minGroup: number | undefined;
      if (action === 'min-group') {
        const parsed = parseMinGroup(value);
        if (!parsed.ok) {
          await respond({ response_type: 'ephemeral', ...invalidInputMessage(parsed.problem, SUMMARY_EXAMPLES.minGroup) });
          return;
        }
        minGroup = parsed.value;
      }
      const example = action === 'channel' ? SUMMARY_EXAMPLES.channel : SUMMARY_EXAMPLES.timeZone;
      let channelId: string | undefined;
      const zone = action === 'timezone' || action === 'tz' ? normaliseTimeZone(value) : undefined;
      if (action === 'channel') {
        if (!value) {
          await respond({ response_type: 'ephemeral', ...invalidInputMessage('Name the channel, picked from the list Slack shows after you type `#`.', example) });
          return;
        }
        channelId = parseChannel(value);
        if (!channelId) {
          const problem = value.startsWith('<#D') || value.startsWith('<@')
            ? `${quoteUserInput(value)} is not a channel. The cohort summary goes to a channel everyone in the cohort can read.`
            : `I can't tell which channel ${quoteUserInput(value)} is. Type \`#\` and pick the channel from the list Slack shows, so Slack sends me its id.`;
          await respond({ response_type: 'ephemeral', ...invalidInputMessage(problem, example) });
          return;
        }
      } else if (minGroup === undefined && !zone) {
        const problem = value
          ? `${quoteUserInput(value)} is not a time zone I know. Use an IANA name such as \`Europe/Berlin\`, \`America/New_York\` or \`UTC\`.`
          : 'Name the time zone, as an IANA name such as `Europe/Berlin` or `UTC`.';
        await respond({ response_type: 'ephemeral', ...invalidInputMessage(problem, example) });
        return;
      }

      const check = await checkAdmin(deps.config, client, command.user_id, logger);
      if (!check.admin) {
        logger.info({ action, reason: check.reason }, 'summary settings refused: not an admin');
        await respond({ response_type: 'ephemeral', ...adminRefusalMessage(check.reason, 'change the cohort summary settings', 'Ask an admin to run it, or see the current settings with `/lead summary`.') });
        return;
      }
      if (minGroup !== undefined) {
        await deps.repos.summary.setMinGroup(minGroup);
        logger.info({ minGroup, via: check.via }, 'summary minimum group set');
        await respond({ response_type: 'ephemeral', ...minGroupSetMessage(minGroup) });
        return;
      }
      if (channelId) {
        const settings = await deps.repos.summary.setChannel(channelId, command.user_id, deps.clock.now());
        logger.info({ channelId, via: check.via, version: settings.version }, 'summary channel set');
        await respond({ response_type: 'ephemeral', ...channelSetMessage(channelId, settings.timeZone) });
        return;
      }
      if (!zone) return;
      await deps.repos.summary.setTimeZone(zone);
      logger.info({ timeZone: zone, via: check.via }, 'summary time zone set');
      const settings = await deps.repos.summary.settings();
      const nextPost = settings.channelId ? nextCohortPost(deps.clock.now(), zone) : undefined;
      await respond({ response_type: 'ephemeral', ...timeZoneSetMessage(zone, nextPost) });
    },
  };
}
