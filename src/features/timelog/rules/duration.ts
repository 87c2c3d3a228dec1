import { fail, ok, type Parsed } from '../../../core/result';
import { quoteUserInput } from '../../../core/blockKit';

export const MINUTES_PER_DAY = 24 * 60;
/**
 * The most one entry may hold; longer stretches are almost always a typo (16 h rather than 1.6 h).
 * migrations/003_time_log.sql enforces the same bound (`minutes <= 960`).
 */
export const MAX_ENTRY_MINUTES = 16 * 60;

const DURATION_EXAMPLES = '`90m`, `1h30m`, `1.5h` or `2 hours`';

const NUMBER = String.raw`(?:\d+(?:[.,]\d+)?|[.,]\d+)`;
const HOUR_UNIT = String.raw`(?:hours?|hrs?|h)(?![a-z])`;
const MINUTE_UNIT = String.raw`(?:minutes?|mins?|m)(?![a-z])`;

/**
 * The one duration grammar, matched at the start of the text (case-insensitive), longest form first:
 * `half an hour` | (`<n> h` | `an hour`) then optionally `and a half`, `[and] <n> min` or bare minutes glued
 * on (`2h15`) | `<n> min`. Units are h/hr/hrs/hour/hours and m/min/mins/minute/minutes; spaces are optional
 * between a number and its unit. The duration must end at a space or the end of the text.
 */
const DURATION = new RegExp(
  '^(?:' +
    String.raw`(?<halfHour>half\s+(?:an\s+)?hour)` +
    '|' +
    String.raw`(?:(?<hours>${NUMBER})\s*${HOUR_UNIT}|(?<oneHour>an?\s+hour)(?![a-z]))` +
    String.raw`(?:(?<andAHalf>\s+and\s+a\s+half)|\s*(?:and\s+)?(?<minutesAfterHours>${NUMBER})\s*${MINUTE_UNIT}|(?<bareMinutes>\d{1,2})(?![\d.,]))?` +
    '|' +
    String.raw`(?<minutes>${NUMBER})\s*${MINUTE_UNIT}` +
    String.raw`)(?=\s|$)`,
  'i',
);
const BARE_NUMBER = new RegExp(String.raw`^${NUMBER}(?=\s|$)`);

export interface DurationRead {
  minutes: number;
  /** The text after the duration, not trimmed. */
  rest: string;
  /** The duration as written (`1h 30m`). */
  written: string;
  /** True when it ends in an hours unit (`2h`), so a bare number after it could be meant as minutes. */
  endsInHours: boolean;
}

function amount(text: string | undefined): number {
  return Number((text ?? '0').replace(',', '.'));
}

function firstWord(text: string): string {
  return /^\S*/.exec(text)?.[0] ?? '';
}

/** "After `2h`, `15` could be minutes or the start of your note ..." */
export function bareNumberAfterHoursProblem(duration: string, number: string): string {
  const compact = duration.replace(/\s+/g, '');
  return (
    `After ${quoteUserInput(duration)}, I can't tell whether ${quoteUserInput(number)} is minutes or the start of your note: ` +
    `write \`${compact}${number}m\` for minutes, or put the note in quotes, like \`"${number} PRs reviewed"\`.`
  );
}

/**
 * Reads the duration at the start of `text` (greedily: `1 hour 15 minutes` is one duration) into whole
 * minutes. Refuses a bare number, a negative or zero duration, more than 16 h, and a fraction of a
 * minute (`1.33h` is 79.8 minutes): entries are whole minutes and the parser never rounds silently.
 */
export function readDuration(text: string): Parsed<DurationRead> {
  const start = text.replace(/^\s+/, '');
  const word = firstWord(start);
  if (!word) return fail('A duration is missing.');
  if (start.startsWith('-') && DURATION.test(start.slice(1))) {
    return fail(`The duration ${quoteUserInput(word)} is negative; log the time you spent, e.g. \`45m\`.`);
  }
  const match = DURATION.exec(start);
  if (!match) {
    if (BARE_NUMBER.test(start)) {
      return fail(`The duration ${quoteUserInput(word)} has no unit: write \`${word}m\` for minutes or \`${word}h\` for hours.`);
    }
    return fail(`I can't read ${quoteUserInput(word)} as a duration. Write it like ${DURATION_EXAMPLES}.`);
  }
  const g = match.groups ?? {};
  let exact: number;
  if (g.halfHour !== undefined) exact = 30;
  else if (g.minutes !== undefined) exact = amount(g.minutes);
  else {
    const hours = g.oneHour !== undefined ? 1 : amount(g.hours);
    exact = hours * 60 + (g.andAHalf !== undefined ? 30 : amount(g.minutesAfterHours ?? g.bareMinutes));
  }
  const written = match[0];
  const shown = quoteUserInput(written);
  const minutes = Math.round(exact);
  if (exact === 0) return fail(`The duration ${shown} is zero; log at least one minute, e.g. \`15m\`.`);
  if (exact > MAX_ENTRY_MINUTES) {
    return fail(`${shown} is more than 16 hours, the most one entry can hold. Split it over the days it belongs to, e.g. \`8h\` each.`);
  }
  if (Math.abs(exact - minutes) > 1e-9) {
    const whole = Math.max(1, minutes);
    const compact = formatMinutesCompact(whole);
    const orMinutes = compact === `${whole}m` ? '' : ` (or \`${whole}m\`)`;
    return fail(`${shown} is ${Number(exact.toFixed(2))} minutes; entries are whole minutes, so write \`${compact}\`${orMinutes}.`);
  }
  const endsInHours = (g.hours ?? g.oneHour) !== undefined && (g.andAHalf ?? g.minutesAfterHours ?? g.bareMinutes) === undefined;
  return ok({ minutes, rest: start.slice(written.length), written, endsInHours });
}

/** A whole text that must be one duration (a form field): `1h 30m`, `45 minutes`, `half an hour`... */
export function parseDuration(input: string): Parsed<number> {
  const read = readDuration(input);
  if (!read.ok) return read;
  const rest = read.value.rest.trim();
  if (!rest) return ok(read.value.minutes);
  if (read.value.endsInHours && BARE_NUMBER.test(rest) && !/\s/.test(rest)) {
    return fail(`After ${quoteUserInput(read.value.written)}, write the minutes with their unit, like \`${read.value.written.replace(/\s+/g, '')}${rest}m\`.`);
  }
  return fail(`I can't read ${quoteUserInput(input)} as a duration. Write it like ${DURATION_EXAMPLES}.`);
}

/** `1h 30m`, `45m`, `2h`, `0m`: how durations are shown. */
export function formatMinutes(total: number): string {
  const h = Math.floor(total / 60);
  const m = total % 60;
  if (h === 0) return `${m}m`;
  return m === 0 ? `${h}h` : `${h}h ${m}m`;
}

/** The same duration written so that parseDuration reads it back (`1h30m`): for prefilled fields. */
export function formatMinutesCompact(total: number): string {
  return formatMinutes(total).replace(' ', '');
}
