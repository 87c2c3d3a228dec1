import { fail, ok, type Parsed } from '../../../core/result';
import { quoteUserInput } from '../../../core/blockKit';

/** The most one entry may hold; longer stretches are almost always a typo (16 h rather than 1.6 h). */
export const MAX_ENTRY_MINUTES = 16 * 60;
export const MINUTES_PER_DAY = 24 * 60;

const HOURS = ['h', 'hr', 'hrs', 'hour', 'hours'];
const MINUTES = ['m', 'min', 'mins', 'minute', 'minutes'];
const PART = /(\d+(?:[.,]\d+)?)([a-z]+)/g;

/**
 * Reads a duration such as `90m`, `1.5h`, `1h30m`, `1h 30m` or `2h` into whole minutes
 * (rounded to the nearest minute). Rejects a bare number, zero, negative values and more than 16 h.
 */
export function parseDuration(input: string): Parsed<number> {
  const text = input.trim().toLowerCase().replace(/\s+/g, '');
  const shown = quoteUserInput(input);
  if (!text) return fail('A duration is missing.');
  if (text.startsWith('-')) return fail(`The duration ${shown} is negative; log the time you spent, e.g. \`45m\`.`);
  if (/^\d+(?:[.,]\d+)?$/.test(text)) {
    return fail(`The duration ${shown} has no unit: write \`${text}m\` for minutes or \`${text}h\` for hours.`);
  }
  let rest = text;
  let minutes = 0;
  let seenHours = false;
  let seenMinutes = false;
  for (const match of text.matchAll(PART)) {
    const amount = Number((match[1] ?? '').replace(',', '.'));
    const unit = match[2] ?? '';
    if (HOURS.includes(unit) && !seenHours && !seenMinutes) {
      seenHours = true;
      minutes += amount * 60;
    } else if (MINUTES.includes(unit) && !seenMinutes) {
      seenMinutes = true;
      minutes += amount;
    } else {
      return fail(`I can't read ${shown} as a duration.`);
    }
    rest = rest.replace(match[0], '');
  }
  if (rest !== '' || (!seenHours && !seenMinutes) || !Number.isFinite(minutes)) {
    return fail(`I can't read ${shown} as a duration.`);
  }
  const rounded = Math.round(minutes);
  if (rounded <= 0) return fail(`The duration ${shown} is zero; log at least one minute.`);
  if (rounded > MAX_ENTRY_MINUTES) {
    return fail(`${shown} is more than 16 hours, the most one entry can hold. Split it over the days it belongs to.`);
  }
  return ok(rounded);
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
