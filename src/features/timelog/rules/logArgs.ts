import { CATEGORIES, CATEGORY_IDS, resolveCategory, type CategoryId } from '../../../core/categories';
import { closestMatch } from '../../../core/closest';
import { quoteUserInput } from '../../../core/blockKit';
import { bareNumberAfterHoursProblem, readDuration } from './duration';
import { fail, ok, type Parsed } from '../../../core/result';
import { readWhen } from './when';

export const MAX_NOTE_LENGTH = 500;

export interface LogRequest {
  category: CategoryId;
  minutes: number;
  localDate: string;
  note: string | null;
}

/** Slack sends `&`, `<` and `>` in command text as entities; notes are stored as the manager typed them. */
export function decodeSlackEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** "Unknown category `x`. Did you mean `coding`? The categories are ..." */
export function unknownCategoryProblem(word: string): string {
  const candidates = CATEGORIES.flatMap((c) => [c.id, ...c.aliases]);
  const near = closestMatch(word.toLowerCase(), candidates);
  const suggestion = near ? resolveCategory(near) : undefined;
  const shown = quoteUserInput(word);
  const hint = suggestion ? ` Did you mean \`${suggestion}\`?` : '';
  return `Unknown category ${shown}.${hint} The categories are: ${CATEGORY_IDS.join(', ')}.`;
}

function nextToken(text: string): { token: string; rest: string } {
  const m = /^\s*(\S+)\s*([\s\S]*)$/.exec(text);
  return m ? { token: m[1] ?? '', rest: m[2] ?? '' } : { token: '', rest: '' };
}

/** `"friday retro prep"` or `“friday retro prep”`: the words inside, always a note; otherwise undefined. */
function quotedNote(text: string): string | undefined {
  return /^["“”„]([\s\S]*)["“”]$/.exec(text)?.[1]?.trim();
}

/**
 * Reads `<category> <duration> [when] [note]` (category and duration may also come the other way round).
 * The duration is read greedily (`1 hour 15 minutes` is one duration). Then, the first day phrase right
 * after it is the day (`monday standup notes` is Monday with the note "standup notes"); a phrase that is a
 * day but cannot be logged (`tomorrow`, `31 feb`) is refused, never kept as a note. Everything after is the
 * note; a note in quotes is always a note, even when it starts like a day.
 */
export function parseLogArgs(args: string, today: string): Parsed<LogRequest> {
  const first = nextToken(args);
  let category = resolveCategory(first.token);
  let afterCategory = first.rest;
  if (!category) {
    const leadingDuration = readDuration(args);
    const then = leadingDuration.ok ? nextToken(leadingDuration.value.rest) : undefined;
    category = then ? resolveCategory(then.token) : undefined;
    if (!category || !leadingDuration.ok || !then) return fail(unknownCategoryProblem(first.token));
    afterCategory = `${leadingDuration.value.written} ${then.rest}`;
  }
  if (!afterCategory.trim()) return fail(`How long did you spend on ${category}? A duration is missing.`);
  const duration = readDuration(afterCategory);
  if (!duration.ok) return duration;
  let rest = duration.value.rest;
  const another = readDuration(rest);
  if (another.ok) {
    const both = `${duration.value.written}${rest.slice(0, rest.length - another.value.rest.length)}`;
    return fail(`${quoteUserInput(both)} holds two durations; write one, like \`1h30m\`.`);
  }

  const when = readWhen(rest, today);
  if (!when.ok) return when;
  let localDate = today;
  if (when.value.found) {
    localDate = when.value.localDate;
    rest = when.value.rest;
  } else {
    const bareNumber = /^\s*(\d+)(?=\s|$)/.exec(rest)?.[1];
    if (bareNumber !== undefined && duration.value.endsInHours) {
      return fail(bareNumberAfterHoursProblem(duration.value.written, bareNumber));
    }
  }
  const typed = decodeSlackEntities(rest.trim());
  const note = quotedNote(typed) ?? typed;
  if (note.length > MAX_NOTE_LENGTH) {
    return fail(`Your note is ${note.length} characters long; keep it to ${MAX_NOTE_LENGTH}.`);
  }
  return ok({ category, minutes: duration.value.minutes, localDate, note: note || null });
}
