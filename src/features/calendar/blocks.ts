import type { KnownBlock, ModalView } from '@slack/types';

import { context, escapeUserText, header, message, plainMessage, section, truncate, type Message, modal } from '../../core/blockKit';
import { CATEGORY_IDS, type CategoryMinutes } from '../../core/categories';
import { formatDay, weekdayName } from '../../core/dates/localDate';
import { formatMinutes } from '../timelog';
import type { CalendarLink, CalendarRule, FoundOneOnOne } from './entities';
import { BUILT_IN_RULES } from './rules';

export const CALENDAR_MODAL = { callbackId: 'calendar_link_modal', blockId: 'calendar_url', actionId: 'url' } as const;
export const CALENDAR_ACTIONS = {
  logDay: 'calendar_log_day',
  editDay: 'calendar_edit_day',
  oneOnOneWho: 'calendar_one_on_one_who',
  oneOnOneDismiss: 'calendar_one_on_one_dismiss',
  noCodeIcs: 'calendar_no_code_ics',
} as const;

export const CALENDAR_EXAMPLES = {
  link: '/lead calendar',
  off: '/lead calendar off',
  rules: '/lead calendar rules',
  rule: '/lead calendar rule "arch review" strategy',
  unrule: '/lead calendar rule remove "arch review"',
};

export const CALENDAR_OFF_TEXT =
  'Calendar linking is off on this lead-coach: it needs a key to keep calendar addresses encrypted. An admin turns it on by setting `LEAD_COACH_SECRET_KEY` (see the README).';

const HOW_TO_COPY = [
  '*Google Calendar:* Settings → your calendar under _Settings for my calendars_ → _Integrate calendar_ → copy *Secret address in iCal format*.',
  '*Outlook / Microsoft 365:* Settings → Calendar → _Shared calendars_ → _Publish a calendar_ → choose your calendar and _Can view all details_ → Publish → copy the *ICS* link.',
  '*Apple iCloud:* the calendar\'s share button → _Public Calendar_ → copy the `webcal://` link.',
].join('\n');

/** The modal `/lead calendar` opens: where to find the secret address, and a field for it. */
export function linkModal(link: CalendarLink | undefined): ModalView {
  const blocks: KnownBlock[] = [
    section(
      'lead-coach can read your calendar to prefill your time log, find your 1:1s and check your no-code blocks. ' +
        'It reads the *secret iCal address* of your calendar: nothing to install, no sign-in, and it can never change your calendar.',
    ),
    section(HOW_TO_COPY),
    {
      type: 'input',
      block_id: CALENDAR_MODAL.blockId,
      label: { type: 'plain_text', text: 'Secret iCal address' },
      element: {
        type: 'plain_text_input',
        action_id: CALENDAR_MODAL.actionId,
        placeholder: { type: 'plain_text', text: 'https://calendar.google.com/calendar/ical/…/private-…/basic.ics' },
        max_length: 2000,
      },
    },
    context(
      ':lock: The address is a secret (whoever has it can read your calendar): lead-coach keeps it encrypted, never shows it back, ' +
        `and deletes it with \`${CALENDAR_EXAMPLES.off}\` or \`/lead forget-me\`. It keeps minutes per category and day, not your events.`,
    ),
  ];
  if (link) blocks.unshift(section(`:link: Linked now: \`${escapeUserText(link.urlHint)}\`. A new address replaces it.`));
  return modal({ callbackId: CALENDAR_MODAL.callbackId, title: 'Link your calendar', submit: 'Check and link', close: 'Cancel', blocks });
}

function resultView(title: string, blocks: KnownBlock[]): ModalView {
  return modal({ callbackId: `${CALENDAR_MODAL.callbackId}_result`, title, close: 'Done', blocks });
}

export function checkingView(): ModalView {
  return resultView('Link your calendar', [section(':hourglass_flowing_sand: Reading your calendar… (at most 10 seconds)')]);
}

export function linkedText(hint: string, eventsThisWeek: number): string {
  const events = eventsThisWeek === 1 ? '1 event' : `${eventsThisWeek} events`;
  return (
    `:white_check_mark: Linked your calendar (\`${escapeUserText(hint)}\`): it has ${events} this week. ` +
    'The 16:30 check-in will offer what it says about your day, your 1:1s will be offered for prep nudges, and the Monday ' +
    `no-code nudge looks at it first. How events are sorted: \`${CALENDAR_EXAMPLES.rules}\`.`
  );
}

export function linkedView(hint: string, eventsThisWeek: number): ModalView {
  return resultView('Calendar linked', [section(linkedText(hint, eventsThisWeek))]);
}

export function notLinkedText(problem: string): string {
  return `:warning: ${problem} Nothing was stored.`;
}

export function notLinkedView(problem: string): ModalView {
  return resultView('Not linked', [section(notLinkedText(problem)), context(`Try again with \`${CALENDAR_EXAMPLES.link}\`.`)]);
}

/** `/lead calendar rules`: the manager's rules, then the built-in ones, in the order they are tried. */
export function rulesMessage(own: readonly CalendarRule[], link: CalendarLink | undefined): Message {
  const status = link
    ? `:link: Your calendar is linked (\`${escapeUserText(link.urlHint)}\`)${link.failures > 0 ? `; the last ${link.failures} reads failed` : ''}.`
    : `:calendar: No calendar linked yet: \`${CALENDAR_EXAMPLES.link}\`.`;
  const mine = own.length
    ? own.map((r) => `• "${escapeUserText(r.phrase)}" → *${r.category}*`).join('\n')
    : `_None yet._ Add one: \`${CALENDAR_EXAMPLES.rule}\``;
  const builtIn = BUILT_IN_RULES.map((r) => `• ${r.describe} → *${r.category}*`).join('\n');
  const text = `How calendar events become time. ${own.length} rule(s) of yours, then the built-in ones.`;
  return message(text, [
    header('How your calendar is sorted'),
    section(status),
    section(`*Your rules* (tried first; a phrase matches whole words in the title, any case)\n${mine}`),
    section(`*Built-in rules* (the first that matches wins)\n${builtIn}\n• anything else → *meetings*`),
    context(
      `Declined and cancelled events count as nothing; all-day events as no time. Overlapping events count once. ` +
        `Add: \`${CALENDAR_EXAMPLES.rule}\` · remove: \`${CALENDAR_EXAMPLES.unrule}\``,
    ),
  ]);
}

/** "people 3h, meetings 2h 30m": the non-zero categories, largest first. */
export function minutesLine(minutes: CategoryMinutes): string {
  return CATEGORY_IDS.filter((c) => minutes[c] > 0)
    .sort((a, b) => minutes[b] - minutes[a])
    .map((c) => `${c} ${formatMinutes(minutes[c])}`)
    .join(', ');
}

/** Under the Monday no-code nudge, when the linked calendar has no focus block this week: a recurring block as an .ics. */
export function noCodeOfferBlocks(monday: string): KnownBlock[] {
  return [
    {
      type: 'actions',
      block_id: 'calendar_no_code_ics',
      elements: [{ type: 'button', action_id: CALENDAR_ACTIONS.noCodeIcs, text: { type: 'plain_text', text: 'Add a recurring block to my calendar' }, value: monday }],
    },
    context(':calendar: Your calendar has no focus or no-code block this week. The button sends you an .ics file: Tuesdays and Thursdays 09:00–11:00, every week; open it to add it.'),
  ];
}

/** The check-in's calendar offer: what the calendar says about the day, with Log it and Edit first. */
export function checkInOfferBlocks(localDate: string, minutes: CategoryMinutes): KnownBlock[] {
  return [
    section(`:calendar: Your calendar says: ${minutesLine(minutes)} — log it?`),
    {
      type: 'actions',
      block_id: `calendar_offer_${localDate}`,
      elements: [
        { type: 'button', action_id: CALENDAR_ACTIONS.logDay, text: { type: 'plain_text', text: 'Log it' }, style: 'primary', value: localDate },
        { type: 'button', action_id: CALENDAR_ACTIONS.editDay, text: { type: 'plain_text', text: 'Edit first' }, value: localDate },
      ],
    },
  ];
}

export function loggedFromCalendarMessage(localDate: string, minutes: CategoryMinutes): Message {
  return plainMessage(
    `:white_check_mark: Logged ${formatDay(localDate)} from your calendar: ${minutesLine(minutes)}. ` +
      'The entries are marked "from your calendar"; `/lead undo` takes them back.',
  );
}

export function alreadyLoggedMessage(localDate: string): Message {
  return plainMessage(
    `${formatDay(localDate)} was already logged from your calendar, so nothing was added twice. Change it with \`/lead log ${localDate}\`.`,
  );
}

/** The DM offering a 1:1 found in the calendar for the registry (one choice of the person adds it). */
export function oneOnOneOfferMessage(found: FoundOneOnOne, zone: string): Message {
  const when = `${weekdayName(found.weekday, 'long')}s at ${found.time} (${zone}), ${found.cadence}, next on ${formatDay(found.firstDate)}`;
  const text = `Your calendar has a 1:1: "${truncate(found.title, 80)}", ${when}. Add it to your 1:1s for a prep nudge an hour before?`;
  return message(text, [
    section(`:busts_in_silhouette: Your calendar has a 1:1: *${escapeUserText(truncate(found.title, 80))}*, ${when}.\nPick the person to add it to your 1:1s; the prep nudge then comes 60 minutes before it.`),
    {
      type: 'actions',
      block_id: `calendar_1on1_${found.seriesUid}`,
      elements: [
        { type: 'users_select', action_id: CALENDAR_ACTIONS.oneOnOneWho, placeholder: { type: 'plain_text', text: 'Who is it with?' } },
        { type: 'button', action_id: CALENDAR_ACTIONS.oneOnOneDismiss, text: { type: 'plain_text', text: 'Not a 1:1' }, value: found.seriesUid },
      ],
    },
  ]);
}

export function failingFeedMessage(problem: string, since: string): Message {
  return plainMessage(
    `:warning: lead-coach has not been able to read your calendar since ${since}: ${problem} ` +
      `It keeps trying, less often, and will not tell you again. Link it anew with \`${CALENDAR_EXAMPLES.link}\` or unlink it with \`${CALENDAR_EXAMPLES.off}\`.`,
  );
}

