import { plainMessage } from '../../core/blockKit';
import { exportFailedMessage, exportSentMessage } from '../timelog';
import { toCsv } from './csv';
import { SlackApiError } from '../../core/slack/errors';
import { sendFileToDm } from '../../core/slack/upload';
import { todayFor } from '../timelog';
import type { Subcommand } from '../../core/routers/subcommand';
import type { PrivacyDeps } from './deps';

const CSV_HEADER = ['date', 'category', 'minutes', 'hours', 'note', 'source', 'time_zone', 'logged_at_utc'];

/** `/lead export`: the manager's own entries as a CSV file in their DM with the app. */
export function exportSubcommand(): Subcommand<PrivacyDeps> {
  return {
    name: 'export',
    summary: 'Get all your time entries as a CSV file in a direct message',
    example: '/lead export',
    async run({ manager, respond, client, logger, deps }) {
      const entries = await deps.repos.timeEntries.list(manager.userId);
      if (entries.length === 0) {
        await respond({ response_type: 'ephemeral', ...plainMessage('Nothing to export yet: log time with `/lead log coding 90m`.') });
        return;
      }
      const rows = entries.map((e) => [
        e.localDate,
        e.category,
        e.minutes,
        (e.minutes / 60).toFixed(2),
        e.note ?? '',
        e.source,
        e.timeZone,
        e.createdAt,
      ]);
      const today = todayFor(deps, manager);
      // The calendar: what it is and the manager's rules, never the secret address itself.
      const link = await deps.repos.calendars.link(manager.userId);
      const rules = await deps.repos.calendars.rules(manager.userId);
      const calendarNote = link || rules.length
        ? ` ${link ? `Linked calendar: ${link.urlHint} (its full address is a secret and is not exported; \`/lead calendar off\` deletes it).` : ''}` +
          `${rules.length ? ` Your calendar rules: ${rules.map((r) => `"${r.phrase}" → ${r.category}`).join(', ')}.` : ''}`
        : '';
      try {
        const { fileId } = await sendFileToDm(client, manager.userId, {
          filename: `lead-coach-time-log-${today}.csv`,
          title: `Your lead-coach time log (${today})`,
          content: toCsv(CSV_HEADER, rows),
          contentType: 'text/csv; charset=utf-8',
          initialComment: `Your ${entries.length} time ${entries.length === 1 ? 'entry' : 'entries'}, as of ${today}. Only you can see this.${calendarNote}`,
        });
        logger.info({ fileId, entries: entries.length }, 'export sent');
      } catch (err) {
        if (!(err instanceof SlackApiError)) throw err;
        logger.warn({ slackError: err.code }, 'export failed');
        await respond({ response_type: 'ephemeral', ...exportFailedMessage(err.code) });
        return;
      }
      await respond({ response_type: 'ephemeral', ...exportSentMessage(entries.length) });
    },
  };
}
