import { message, plainMessage, section, type Message } from '../../core/blockKit';

/** The ids keep their first names: confirmation buttons already posted still work. */
export const PRIVACY_ACTIONS = {
  forgetMeConfirm: 'time_log_forget_me_confirm',
  forgetMeCancel: 'time_log_forget_me_cancel',
} as const;

const SETTINGS_TEXT = 'your settings (time zone, working days and hours, preferences)';

export function forgetMeConfirmMessage(counts: Record<string, number>): Message {
  const stored = [describeCounts(counts), SETTINGS_TEXT].filter(Boolean).join(', and ');
  const text = `This deletes everything lead-coach stores about you: ${stored}. It cannot be undone. Delete it all?`;
  return message(text, [
    section(`:wastebasket: ${text}`),
    {
      type: 'actions',
      block_id: 'time_log_forget_me',
      elements: [
        {
          type: 'button',
          action_id: PRIVACY_ACTIONS.forgetMeConfirm,
          style: 'danger',
          text: { type: 'plain_text', text: 'Delete everything' },
          value: 'confirm',
        },
        { type: 'button', action_id: PRIVACY_ACTIONS.forgetMeCancel, text: { type: 'plain_text', text: 'Cancel' }, value: 'cancel' },
      ],
    },
  ]);
}

const TABLE_NAMES: Record<string, [string, string]> = {
  time_entries: ['time entry', 'time entries'],
  time_log_actions: ['change to your time log (kept for undo)', 'changes to your time log (kept for undo)'],
  manager_targets: ['own target', 'own targets'],
  improvement_answers: ['system-improvement answer', 'system-improvement answers'],
  deliveries: ['record of a message sent to you', 'records of messages sent to you'],
  nudge_opt_outs: ['nudge opt-out', 'nudge opt-outs'],
  nudge_cursors: ['nudge schedule', 'nudge schedules'],
  nudge_snoozes: ['nudge snooze', 'nudge snoozes'],
  nudge_responses: ['answer to a nudge', 'answers to nudges'],
  one_on_ones: ['1:1 you run', '1:1s you run'],
  agenda_items: ['1:1 agenda item', '1:1 agenda items'],
  personal_summaries: ['weekly summary', 'weekly summaries'],
  faq_questions: ['question you asked', 'questions you asked'],
  faq_votes: ['vote on an answer', 'votes on answers'],
  faq_learning: ['answer you chose or voted on (used to rank answers)', 'answers you chose or voted on (used to rank answers)'],
  coaching_invitations: ['coaching invitation', 'coaching invitations'],
  nudge_schedules: ['nudge time or day you chose', 'nudge times and days you chose'],
  nudge_cadence: ['record of how often a nudge comes', 'records of how often nudges come'],
  summary_settings: ['mention of you as the admin who chose the summary channel', 'mentions of you as the admin who chose the summary channel'],
  calendar_links: ['linked calendar (its encrypted address)', 'linked calendars (their encrypted addresses)'],
  calendar_days: ['day of calendar minutes', 'days of calendar minutes'],
  calendar_rules: ['calendar rule of yours', 'calendar rules of yours'],
  calendar_logged_days: ['day logged from your calendar', 'days logged from your calendar'],
  calendar_one_on_ones: ['1:1 found in your calendar', '1:1s found in your calendar'],
};

/** "12 time entries, 2 own targets" from rows per table; unknown tables by their name. */
export function describeCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([table, n]) => {
      const names = TABLE_NAMES[table] ?? [`${table.replace(/_/g, ' ')} row`, `${table.replace(/_/g, ' ')} rows`];
      return `${n} ${n === 1 ? names[0] : names[1]}`;
    })
    .join(', ');
}

export function forgottenMessage(byTable: Record<string, number>, managerRecord: boolean): Message {
  const parts = describeCounts(byTable);
  const settings = managerRecord ? SETTINGS_TEXT : '';
  const all = [parts, settings].filter(Boolean).join(', and ');
  const text = all
    ? `Done. Deleted ${all}. lead-coach keeps nothing about you now; using \`/lead\` again starts afresh.`
    : 'There was nothing stored about you, so nothing was deleted.';
  return plainMessage(text);
}
