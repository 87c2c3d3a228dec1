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
  /** On each of `weekdays` that is a working day. */
  | { kind: 'days'; weekdays: readonly number[]; time: string }
  /** Once a month, in the first week-slot on `weekday` (or the first working day after it). */
  | { kind: 'monthly'; weekday: number; time: string }
  /** Once, in the first week-slot on `weekday` after enrolment. */
  | { kind: 'first-week'; weekday: number; time: string }
  /** Before each registered 1:1. */
  | { kind: 'before-one-on-one'; minutesBefore: number };

export interface NudgeDefinition {
  id: NudgeId;
  title: string;
  rule: NudgeRule;
  contentKey: `nudge.${NudgeId}`;
}

/**
 * The defaults keep a manager at three DMs a week at most (1:1 preps apart): Monday 09:00 (no-code
 * block, plus the README in the first week and the impact portfolio in the first week of a month,
 * merged into one DM), Tuesday 16:30 (check-in) and Thursday 16:30 (check-in and the 20% question,
 * merged). A check-in is skipped on a day that is already logged.
 */
export const NUDGES: readonly NudgeDefinition[] = [
  {
    id: 'no-code-block',
    title: 'No-code block',
    rule: { kind: 'weekly', weekday: 1, time: '09:00' },
    contentKey: 'nudge.no-code-block',
  },
  {
    id: 'system-improvement',
    title: '20% system improvement',
    rule: { kind: 'weekly', weekday: 4, time: '16:30' },
    contentKey: 'nudge.system-improvement',
  },
  {
    id: 'one-on-one-prep',
    title: '1:1 prep',
    rule: { kind: 'before-one-on-one', minutesBefore: 60 },
    contentKey: 'nudge.one-on-one-prep',
  },
  {
    id: 'time-checkin',
    title: 'Time check-in',
    rule: { kind: 'days', weekdays: [2, 4], time: '16:30' },
    contentKey: 'nudge.time-checkin',
  },
  {
    id: 'manager-readme',
    title: 'Manager README',
    rule: { kind: 'first-week', weekday: 1, time: '09:00' },
    contentKey: 'nudge.manager-readme',
  },
  {
    id: 'impact-portfolio',
    title: 'Impact portfolio',
    rule: { kind: 'monthly', weekday: 1, time: '09:00' },
    contentKey: 'nudge.impact-portfolio',
  },
];

/** A manager's own time and days for one nudge (unset fields keep the default). */
export interface NudgeOverride {
  time?: string;
  weekdays?: readonly number[];
}

/** The rule with the manager's own time and days applied. 1:1 preps follow the meetings and take no override. */
export function effectiveRule(rule: NudgeRule, override: NudgeOverride | undefined): NudgeRule {
  if (!override || rule.kind === 'before-one-on-one') return rule;
  const time = override.time ?? rule.time;
  const days = override.weekdays;
  if (rule.kind === 'days') return { ...rule, time, ...(days?.length ? { weekdays: days } : {}) };
  return { ...rule, time, ...(days?.[0] ? { weekday: days[0] } : {}) };
}

/** Whether the rule takes several days (the check-in) or exactly one. */
export function takesSeveralDays(rule: NudgeRule): boolean {
  return rule.kind === 'days';
}

const PLURAL_DAYS = ['Mondays', 'Tuesdays', 'Wednesdays', 'Thursdays', 'Fridays', 'Saturdays', 'Sundays'];
const SINGULAR_DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

function dayList(days: readonly number[]): string {
  const names = [...days].sort((a, b) => a - b).map((d) => PLURAL_DAYS[d - 1] ?? '?');
  return names.length <= 1 ? (names[0] ?? 'no day') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] ?? ''}`;
}

/** When a nudge comes, in words, for `/lead nudges` and each nudge's context line. */
export function scheduleText(rule: NudgeRule): string {
  switch (rule.kind) {
    case 'weekly':
      return `${dayList([rule.weekday])} at ${rule.time}`;
    case 'days':
      return `${dayList(rule.weekdays)} at ${rule.time}, unless that day is already logged`;
    case 'monthly':
      return `the first ${SINGULAR_DAYS[rule.weekday - 1] ?? 'Monday'} of each month at ${rule.time}`;
    case 'first-week':
      return `once, on the first ${SINGULAR_DAYS[rule.weekday - 1] ?? 'Monday'} after you enrol, at ${rule.time}`;
    case 'before-one-on-one':
      return `${rule.minutesBefore} minutes before each 1:1 (at the start of your working hours if that is earlier)`;
  }
}

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
