import { CATEGORIES, CATEGORY_IDS, resolveCategory, type CategoryId } from '../../../core/categories';
import { closestMatch } from '../../../core/closest';
import { quoteUserInput } from '../../../core/blockKit';
import { parseDuration } from './duration';
import { fail, ok, type Parsed } from '../../../core/result';
import { looksLikeWhen, parseWhen } from './when';

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

/**
 * Reads `<category> <duration> [when] [note]` (category and duration may also come the other
 * way round). A third word that reads as a day is the `when`; everything after is the note.
 */
export function parseLogArgs(args: string, today: string): Parsed<LogRequest> {
  const first = nextToken(args);
  const second = nextToken(first.rest);
  let categoryWord = first.token;
  let durationWord = second.token;
  if (!resolveCategory(categoryWord) && resolveCategory(durationWord) && parseDuration(categoryWord).ok) {
    [categoryWord, durationWord] = [durationWord, categoryWord];
  }
  const category = resolveCategory(categoryWord);
  if (!category) return fail(unknownCategoryProblem(categoryWord));
  if (!durationWord) return fail(`How long did you spend on ${category}? A duration is missing.`);
  const minutes = parseDuration(durationWord);
  if (!minutes.ok) return minutes;

  let rest = second.rest;
  let localDate = today;
  const third = nextToken(rest);
  if (third.token && looksLikeWhen(third.token)) {
    const when = parseWhen(third.token, today);
    if (!when.ok) return when;
    localDate = when.value;
    rest = third.rest;
  }
  const note = decodeSlackEntities(rest.trim());
  if (note.length > MAX_NOTE_LENGTH) {
    return fail(`Your note is ${note.length} characters long; keep it to ${MAX_NOTE_LENGTH}.`);
  }
  return ok({ category, minutes: minutes.value, localDate, note: note || null });
}
