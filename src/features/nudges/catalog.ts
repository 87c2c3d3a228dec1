/**
 * The default nudges. Texts live in content/coaching.yaml under `nudge.<id>` (each with its source);
 * this file only says when each one is due. Times are the manager's local wall-clock time.
 */
export const NUDGE_IDS = [
  'no-code-block',
  'system-improvement',
  'one-on-one-prep',
  'time-checkin',
  'manager-readme',
  'impact-portfolio',
] as const;
export type NudgeId = (typeof NUDGE_IDS)[number];

export type NudgeRule =
  /** Once a week on `weekday` (or the first working day after it in the same week). */
  | { kind: 'weekly'; weekday: number; time: string }
  /** Every working day. */
  | { kind: 'daily'; time: string }
  /** The first working day of each month. */
  | { kind: 'monthly'; time: string }
  /** Once, on the first working day after enrolment. */
  | { kind: 'first-week'; time: string }
  /** Before each registered 1:1. */
  | { kind: 'before-one-on-one'; minutesBefore: number };

export interface NudgeDefinition {
  id: NudgeId;
  title: string;
  /** The schedule in words, for `/lead nudges`. */
  schedule: string;
  rule: NudgeRule;
  contentKey: `nudge.${NudgeId}`;
}

export const NUDGES: readonly NudgeDefinition[] = [
  {
    id: 'no-code-block',
    title: 'No-code block',
    schedule: 'Mondays at 09:00',
    rule: { kind: 'weekly', weekday: 1, time: '09:00' },
    contentKey: 'nudge.no-code-block',
  },
  {
    id: 'system-improvement',
    title: '20% system improvement',
    schedule: 'Wednesdays at 10:00',
    rule: { kind: 'weekly', weekday: 3, time: '10:00' },
    contentKey: 'nudge.system-improvement',
  },
  {
    id: 'one-on-one-prep',
    title: '1:1 prep',
    schedule: '60 minutes before each 1:1 (at the start of your working hours if that is earlier)',
    rule: { kind: 'before-one-on-one', minutesBefore: 60 },
    contentKey: 'nudge.one-on-one-prep',
  },
  {
    id: 'time-checkin',
    title: 'Daily time check-in',
    schedule: 'each working day at 16:30',
    rule: { kind: 'daily', time: '16:30' },
    contentKey: 'nudge.time-checkin',
  },
  {
    id: 'manager-readme',
    title: 'Manager README',
    schedule: 'once, on your first working day after enrolling, at 11:00',
    rule: { kind: 'first-week', time: '11:00' },
    contentKey: 'nudge.manager-readme',
  },
  {
    id: 'impact-portfolio',
    title: 'Impact portfolio',
    schedule: 'the first working day of each month at 11:00',
    rule: { kind: 'monthly', time: '11:00' },
    contentKey: 'nudge.impact-portfolio',
  },
];

/** The 1:1 prep's checklist, shown under its text. */
export const PREP_CHECKLIST_KEY = 'nudge.one-on-one-prep.checklist';

/** Every content/coaching.yaml entry the nudges use, checked at start. */
export const NUDGE_CONTENT = {
  texts: NUDGES.map((n) => n.contentKey),
  lists: [PREP_CHECKLIST_KEY],
} as const;

export function isNudgeId(value: string): value is NudgeId {
  return (NUDGE_IDS as readonly string[]).includes(value);
}

export function nudgeById(id: NudgeId): NudgeDefinition {
  const n = NUDGES.find((x) => x.id === id);
  if (!n) throw new Error(`Unknown nudge ${id}`);
  return n;
}
