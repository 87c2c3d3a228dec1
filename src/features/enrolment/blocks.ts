import type { Button, KnownBlock } from '@slack/types';

import { context, message, section, type Message } from '../../core/blockKit';
import { formatLocal, weekdayName } from '../../core/dates/localDate';
import { nudgeById, type NudgeId } from '../nudges';
import { NUDGE_ACTIONS, type SettingsView } from '../nudges';

export const ENROLMENT_ACTIONS = {
  /** The id the nudge settings and the welcome Home already use for Start coaching. */
  startCoaching: NUDGE_ACTIONS.startCoaching,
  stopCoaching: 'enrolment_stop_coaching',
  declineInvitation: 'enrolment_decline_invitation',
} as const;

/** Where a Start coaching / No thanks button was pressed: decides how the answer is shown. */
export type ButtonSource = 'home' | 'offer' | 'invite' | 'settings';

export function buttonValue(from: ButtonSource): string {
  // `home` keeps the shape the nudge settings buttons use ({"home":true}).
  return JSON.stringify(from === 'home' ? { home: true } : { from });
}

function button(actionId: string, text: string, value: string, style?: 'primary' | 'danger'): Button {
  return { type: 'button', action_id: actionId, text: { type: 'plain_text', text }, value, ...(style ? { style } : {}) };
}

const WHAT_IT_SENDS =
  'short DMs in your working hours: a Monday no-code block, a Wednesday 20% system-improvement check, ' +
  '1:1 prep before each 1:1 you register, and a daily time check-in.';

/** Added once to the first `/lead` answer a new user gets: what coaching is, and the button that starts it. */
export function coachingOfferMessage(): Message {
  const text = `:wave: New to lead-coach? Coaching sends you ${WHAT_IT_SENDS} Nothing is sent until you start it.`;
  return message(text, [
    {
      type: 'section',
      text: { type: 'mrkdwn', text },
      accessory: button(ENROLMENT_ACTIONS.startCoaching, 'Start coaching', buttonValue('offer'), 'primary'),
    },
    context('Or type `/lead start` any time; `/lead stop` turns it off again.'),
  ]);
}

/** The DM `/lead enroll #channel` sends each member once: an invitation, never a nudge. */
export function invitationMessage(channelId: string): Message {
  const text =
    `:wave: You're invited to lead-coach from <#${channelId}>. It coaches new engineering managers with ${WHAT_IT_SENDS} ` +
    'Nothing is sent unless you press *Start coaching*.';
  return message('You are invited to lead-coach: press Start coaching to get its nudges, or No thanks.', [
    section(text),
    {
      type: 'actions',
      block_id: 'coaching_invitation',
      elements: [
        button(ENROLMENT_ACTIONS.startCoaching, 'Start coaching', buttonValue('invite'), 'primary'),
        button(ENROLMENT_ACTIONS.declineInvitation, 'No thanks', buttonValue('invite')),
      ],
    },
    context('Say no thanks and you will not be asked again. `/lead help` shows what else lead-coach does, with no nudges.'),
  ]);
}

export function invitationDeclinedMessage(): Message {
  return message('No thanks recorded: you will not be invited again.', [
    section(':ok_hand: No thanks recorded: you will get no nudges and no more invitations. Changed your mind? Type `/lead start`.'),
  ]);
}

function whenText(v: SettingsView, id: NudgeId, next: Date | undefined): string {
  if (next) return `next ${formatLocal(next, v.timeZone)}`;
  if (id === 'one-on-one-prep') return 'once you register a 1:1: `/lead 1on1 add @alex tuesday 14:00 weekly`';
  return 'nothing due in the next weeks';
}

function daysText(days: number[]): string {
  return [...days].sort((a, b) => a - b).map((d) => weekdayName(d, 'short')).join(', ') || 'none';
}

/** The one DM sent when coaching starts: each nudge with its next local time, and how to change or stop it. */
const ZONE_FIRST =
  "Slack didn't give me your time zone, so nothing will arrive until you set it: `/lead timezone Europe/Berlin` (your own zone, as a city name).";

export function welcomeMessage(v: SettingsView): Message {
  const lines = v.rows.map((row) => {
    const nudge = nudgeById(row.id);
    return row.on ? `• *${nudge.title}* · ${row.schedule} · ${whenText(v, row.id, row.next)}` : `• *${nudge.title}* · off (you turned it off)`;
  });
  if (!v.timeZoneConfirmed) {
    // Times in a zone that is only a stand-in would be wrong; nothing is sent until the manager sets theirs.
    return message(`Welcome to lead-coach: ${ZONE_FIRST}`, [
      section(`:wave: *Welcome to lead-coach.* ${ZONE_FIRST}`),
      section(
        `Then you will get, only on your working days (${daysText(v.workingDays)}) between ${v.workStart} and ${v.workEnd} ` +
          `in your time: ${v.rows.filter((r) => r.on).map((r) => `*${nudgeById(r.id).title}* (${r.schedule})`).join(', ')}, and a weekly summary on Mondays.`,
      ),
      context('`/lead nudges` turns single nudges on or off · `/lead hours` sets your hours · `/lead stop` turns all nudges off.'),
    ]);
  }
  const blocks: KnownBlock[] = [
    section(
      `:wave: *Welcome to lead-coach.* Here is what I will send you, in your time zone (*${v.timeZone}*), only on ` +
        `your working days (${daysText(v.workingDays)}) between ${v.workStart} and ${v.workEnd}:`,
    ),
    section([...lines, '• *Weekly summary* · Mondays at 09:00 · where your last week went, against your targets'].join('\n')),
    context(
      'Change it: `/lead nudges` turns single nudges on or off · `/lead pause 3d` pauses · `/lead hours` and `/lead timezone` ' +
        'set your hours and zone · `/lead stop` turns all nudges off.',
    ),
  ];
  return message(`Welcome to lead-coach: your nudges, in your time (${v.timeZone}). Change them with /lead nudges, pause with /lead pause, stop with /lead stop.`, blocks);
}

export type StartOutcome =
  | { kind: 'started'; welcome: 'sent' | 'sent-before' | 'failed'; error?: string }
  | { kind: 'already' };

/** The answer to `/lead start` or a Start coaching button. */
export function startAnswerMessage(outcome: StartOutcome): Message {
  if (outcome.kind === 'already') {
    return message('Coaching is already on.', [
      section(':bell: Coaching is already on: nothing changed. `/lead nudges` shows what comes next; `/lead stop` turns it off.'),
    ]);
  }
  const text =
    outcome.welcome === 'sent'
      ? ':white_check_mark: Coaching started. I sent you a DM listing each nudge and when it arrives, in your time.'
      : outcome.welcome === 'sent-before'
        ? ':white_check_mark: Coaching is back on, with the schedule from your welcome DM. `/lead nudges` shows what comes next.'
        : `:white_check_mark: Coaching started, but I could not DM you (\`${outcome.error ?? 'unknown error'}\`), so nudges may not reach you. \`/lead nudges\` shows the schedule.`;
  return message(text.replace(/^:[a-z_]+: /, ''), [section(text)]);
}

/** The answer to `/lead stop` or Stop coaching. */
export function stopAnswerMessage(stopped: boolean): Message {
  const text = stopped
    ? ':no_bell: Coaching stopped: no more nudges. Your time log and settings stay; `/lead start` turns coaching on again.'
    : ':zzz: Coaching is not on, so there was nothing to stop. `/lead start` turns it on.';
  return message(text.replace(/^:[a-z_]+: /, ''), [section(text)]);
}

export interface EnrolCounts {
  invited: number;
  alreadyCoaching: number;
  invitedBefore: number;
  botsOrDeactivated: number;
  lookupFailed: number;
  sendFailed: number;
}

/** The admin's answer to `/lead enroll #channel`. */
export function enrolAnswerMessage(channelId: string, c: EnrolCounts): Message {
  const skipped = c.invitedBefore + c.botsOrDeactivated;
  const parts = [
    `:envelope: Invited *${c.invited}* member${c.invited === 1 ? '' : 's'} of <#${channelId}>: one DM each with *Start coaching* and *No thanks*. Nobody gets nudges until they start.`,
    `${c.alreadyCoaching} already coaching.`,
    `${skipped} skipped (${c.botsOrDeactivated} bots or deactivated accounts, ${c.invitedBefore} invited before).`,
    c.lookupFailed ? `${c.lookupFailed} could not be looked up; run the command again to retry them.` : '',
    c.sendFailed ? `${c.sendFailed} invitation${c.sendFailed === 1 ? '' : 's'} could not be delivered (see the logs).` : '',
  ];
  const text = parts.filter(Boolean).join(' ');
  return message(text.replace(/^:[a-z_]+: /, ''), [section(text)]);
}

/** Home: the coaching line with Stop coaching (when on) or Start coaching (when not). */
export function coachingHomeBlocks(coaching: boolean): KnownBlock[] {
  if (coaching) {
    return [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: '*Coaching:* on. Nudges come in your working hours; stop them all with *Stop coaching* or `/lead stop`.' },
        accessory: {
          ...button(ENROLMENT_ACTIONS.stopCoaching, 'Stop coaching', buttonValue('home')),
          confirm: {
            title: { type: 'plain_text', text: 'Stop coaching?' },
            text: { type: 'mrkdwn', text: 'No more nudges until you start again. Your time log stays.' },
            confirm: { type: 'plain_text', text: 'Stop' },
            deny: { type: 'plain_text', text: 'Keep coaching' },
          },
        },
      },
    ];
  }
  return [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: `*Coaching:* off. Start it to get ${WHAT_IT_SENDS}` },
      accessory: button(ENROLMENT_ACTIONS.startCoaching, 'Start coaching', buttonValue('home'), 'primary'),
    },
  ];
}
