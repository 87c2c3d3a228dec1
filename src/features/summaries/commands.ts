import { adminRefusalMessage, checkAdmin } from '../../core/adminPolicy';
import { invalidInputMessage, quoteUserInput } from '../../core/blockKit';
import { parseChannel } from '../../core/slack/channel';
import {
  channelSetMessage,
  SUMMARY_EXAMPLES,
  summarySettingsMessage,
  timeZoneSetMessage,
} from './blocks';
import { dueWeeklySend } from './rules/week';
import { addLocalDays, formatDay, isoWeekday, localDateIn, normaliseTimeZone } from '../../core/dates/localDate';
import { COHORT_SUMMARY_AT } from './job';
import type { Subcommand } from '../../core/routers/subcommand';
import type { SummaryDeps } from './deps';

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
    summary: 'Where and when the weekly cohort summary is posted (admins: set the channel and time zone)',
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
      if (action !== 'channel' && action !== 'timezone' && action !== 'tz') {
        const problem = `I don't know \`summary\` ${quoteUserInput(first)}. Use \`/lead summary\` to see the settings, \`channel\` to pick the channel or \`timezone\` to set when Monday 10:00 is.`;
        await respond({ response_type: 'ephemeral', ...invalidInputMessage(problem, SUMMARY_EXAMPLES.channel) });
        return;
      }
      const example = action === 'channel' ? SUMMARY_EXAMPLES.channel : SUMMARY_EXAMPLES.timeZone;
      // Check the input first: a typo gets its fix without a round trip to Slack.
      let channelId: string | undefined;
      const zone = action === 'channel' ? undefined : normaliseTimeZone(value);
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
      } else if (!zone) {
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
