import { CATEGORIES, CATEGORY_IDS, emptyMinutes, resolveCategory, type CategoryId } from '../../core/categories';
import { addLocalDays, localMoment, zonedInstant } from '../../core/dates/localDate';
import { fail, ok, type Parsed } from '../../core/result';
import type { CalendarDay, CalendarRule, FoundOneOnOne } from './entities';
import { MAX_RULE_PHRASE_LENGTH } from './entities';
import type { FeedEvent } from './ics';

/**
 * How a calendar event becomes time in one of the six categories. The manager's own rules (a phrase in
 * the title → a category) come first, then these built-in ones, top to bottom; the first that matches
 * wins, and an event no rule matches is a meeting. `/lead calendar rules` shows this list as it is.
 */
export interface BuiltInRule {
  /** How the rule reads in `/lead calendar rules`. */
  describe: string;
  category: CategoryId;
  /** A focus / no-code / deep-work block: counted for the Monday no-code check as well. */
  noCodeBlock?: boolean;
  matches(event: Pick<FeedEvent, 'title' | 'attendees'>): boolean;
}

function words(...phrases: string[]): (e: Pick<FeedEvent, 'title'>) => boolean {
  // Compiled on first use: Unicode-aware patterns are slow to build, and a start that classifies nothing needs none.
  let patterns: RegExp[] | undefined;
  return (e) => (patterns ??= phrases.map((p) => phrasePattern(p))).some((p) => p.test(e.title));
}

/** A phrase matched as whole words, any case, any spacing. */
export function phrasePattern(phrase: string): RegExp {
  const body = phrase
    .trim()
    .split(/\s+/)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[\\s_-]+');
  return new RegExp(`(^|[^\\p{L}\\p{N}])${body}(?=$|[^\\p{L}\\p{N}])`, 'iu');
}

/** "1:1", "1-1", "1on1", "one on one", "one-on-one". */
const ONE_ON_ONE_TITLE = /(^|[^\p{L}\p{N}])(1\s*[:\-/]\s*1|1\s*on\s*1|one[\s-]*on[\s-]*one)(?=$|[^\p{L}\p{N}])/iu;
/** "Alex / Sam", "Alex Smith <> Sam", "alex/sam": two names and nothing else. */
const NAME_PAIR_TITLE = /^\s*[\p{L}][\p{L}.'-]*(\s[\p{L}][\p{L}.'-]*)?\s*(\/|<>|\|)\s*[\p{L}][\p{L}.'-]*(\s[\p{L}][\p{L}.'-]*)?\s*$/u;

export const BUILT_IN_RULES: readonly BuiltInRule[] = [
  { describe: '"interview", "phone screen", "hiring", "debrief"', category: 'people', matches: words('interview', 'interviews', 'phone screen', 'hiring', 'debrief') },
  { describe: '"1:1", "1-1", "1on1", "one on one"', category: 'people', matches: (e) => ONE_ON_ONE_TITLE.test(e.title) },
  { describe: 'a title that is two names, like "Alex / Sam"', category: 'people', matches: (e) => NAME_PAIR_TITLE.test(e.title) },
  { describe: '"incident", "outage", "postmortem", "on-call", "sev1"', category: 'firefighting', matches: words('incident', 'outage', 'postmortem', 'post-mortem', 'on-call', 'oncall', 'sev1', 'sev2', 'war room') },
  { describe: '"focus", "no code", "no-code", "deep work" (your no-code blocks)', category: 'strategy', noCodeBlock: true, matches: words('focus', 'no code', 'no-code', 'nocode', 'deep work', 'maker time') },
  { describe: '"planning", "roadmap", "strategy", "OKR", "quarterly"', category: 'strategy', matches: words('planning', 'roadmap', 'strategy', 'okr', 'okrs', 'quarterly', 'offsite') },
  { describe: '"standup", "stand-up", "sync", "retro", "refinement", "all hands"', category: 'meetings', matches: words('standup', 'stand-up', 'stand up', 'daily', 'sync', 'retro', 'retrospective', 'refinement', 'grooming', 'all hands', 'all-hands', 'town hall') },
  { describe: 'an event with exactly two people invited (you and one other)', category: 'people', matches: (e) => e.attendees === 2 },
];

/** Where an event lands, and which rule put it there (the manager's own, or built-in). */
export interface Classification {
  category: CategoryId;
  noCodeBlock: boolean;
  oneOnOne: boolean;
}

export interface Classifier {
  classify(event: Pick<FeedEvent, 'title' | 'attendees'>): Classification;
}

/** The classifier for one manager: their rules first (as whole-word phrases), then the built-in ones. */
export function classifierFor(own: ReadonlyArray<Pick<CalendarRule, 'phrase' | 'category'>>): Classifier {
  const mine = own.map((r) => ({ pattern: phrasePattern(r.phrase), category: r.category }));
  const noCode = BUILT_IN_RULES.find((r) => r.noCodeBlock);
  return {
    classify(event) {
      const oneOnOne = ONE_ON_ONE_TITLE.test(event.title) || NAME_PAIR_TITLE.test(event.title);
      const noCodeBlock = noCode ? noCode.matches(event) : false;
      const custom = mine.find((r) => r.pattern.test(event.title));
      if (custom) return { category: custom.category, noCodeBlock, oneOnOne: oneOnOne && custom.category === 'people' };
      const rule = BUILT_IN_RULES.find((r) => r.matches(event));
      const category = rule?.category ?? 'meetings';
      return { category, noCodeBlock, oneOnOne: category === 'people' && (oneOnOne || event.attendees === 2) && !/interview|screen|hiring|debrief/i.test(event.title) };
    },
  };
}

/** Parses `/lead calendar rule "arch review" strategy`: the phrase (quoted, or every word but the last) and a category. */
/** A rule's phrase as stored: surrounding quotes off, spaces collapsed, lower case. */
export function normaliseRulePhrase(text: string): string {
  return text.trim().replace(/^["“”'‘’]|["“”'‘’]$/g, '').trim().replace(/\s+/g, ' ').toLowerCase();
}

export function parseRule(args: string): Parsed<{ phrase: string; category: CategoryId }> {
  const text = args.trim();
  if (!text) return fail('Say which words in a title go to which category.');
  if (text.length > 200) return fail(`That rule is ${text.length} characters long; a phrase has at most ${MAX_RULE_PHRASE_LENGTH}.`);
  const quoted = /^["“”'‘’]([^"“”'‘’]*)["“”'‘’]\s+(\S+)$/.exec(text);
  const plain = /^(.+?)\s+(\S+)$/.exec(text);
  const match = quoted ?? plain;
  if (!match) return fail('Put the words in quotes, then the category.');
  const phrase = normaliseRulePhrase(match[1] ?? '');
  const word = match[2] ?? '';
  if (!phrase) return fail('The quoted words are empty.');
  if (phrase.length > MAX_RULE_PHRASE_LENGTH) return fail(`That phrase is ${phrase.length} characters long; keep it under ${MAX_RULE_PHRASE_LENGTH + 1}.`);
  if (!/^[\p{L}\p{N}][\p{L}\p{N} :/&+#.'-]*$/u.test(phrase)) {
    return fail('A phrase may use letters, digits, spaces and : / & + # . \' - only (no formatting, links or mentions).');
  }
  const category = resolveCategory(word);
  if (!category) {
    return fail(`"${word.replace(/[^\p{L}\p{N}:-]/gu, '').slice(0, 20)}" is not a category: use one of ${CATEGORIES.map((c) => c.id).join(', ')}.`);
  }
  return ok({ phrase, category });
}

/**
 * What the calendar says about each local day of [fromDate, toDate]: minutes per category of timed
 * events (double-booked time counted once, for the event that started first), no-code minutes, and
 * the number of events that count. All-day events count as events, not as minutes.
 */
export function summariseDays(events: readonly FeedEvent[], classifier: Classifier, zone: string, fromDate: string, toDate: string): CalendarDay[] {
  const dates: string[] = [];
  for (let date = fromDate; date <= toDate; date = addLocalDays(date, 1)) dates.push(date);
  // Day boundaries once (dates.length + 1 instants), then each event goes to the days it overlaps.
  const bounds = [...dates, addLocalDays(toDate, 1)].map((d) => zonedInstant(d, '00:00', zone).getTime());
  const perDay: Array<Array<{ e: FeedEvent; c: Classification }>> = dates.map(() => []);
  for (const e of events) {
    const start = e.start.getTime();
    const end = Math.max(e.end.getTime(), start + 1);
    // First day whose end is after the event's start.
    let lo = 0;
    let hi = dates.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((bounds[mid + 1] ?? Infinity) <= start) lo = mid + 1;
      else hi = mid;
    }
    const c = classifier.classify(e);
    for (let d = lo; d < dates.length && (bounds[d] ?? Infinity) < end; d++) perDay[d]?.push({ e, c });
  }
  return dates.map((date, d) => {
    const dayStart = bounds[d] ?? 0;
    const dayEnd = bounds[d + 1] ?? 0;
    const minutes = emptyMinutes();
    let noCode = 0;
    let count = 0;
    const spans: Array<{ start: number; end: number; category: CategoryId; noCode: boolean }> = [];
    for (const { e, c } of perDay[d] ?? []) {
      if (e.allDay) {
        count++;
        continue;
      }
      if (e.start.getTime() >= dayStart) count++;
      const s = Math.max(e.start.getTime(), dayStart);
      const en = Math.min(e.end.getTime(), dayEnd);
      if (en > s) spans.push({ start: s, end: en, category: c.category, noCode: c.noCodeBlock });
    }
    // Sweep: each stretch of time goes to the earliest-started event covering it.
    spans.sort((a, b) => a.start - b.start || b.end - a.end);
    let covered = dayStart;
    for (const span of spans) {
      const from = Math.max(span.start, covered);
      if (span.end <= from) continue;
      const m = (span.end - from) / 60_000;
      minutes[span.category] += m;
      if (span.noCode) noCode += m;
      covered = span.end;
    }
    for (const key of CATEGORY_IDS) minutes[key] = Math.round(minutes[key]);
    return { localDate: date, minutes, noCodeMinutes: Math.round(noCode), events: count };
  });
}

/**
 * Recurring weekly or fortnightly 1:1s (by the rules), each series once: at the weekday and time most of
 * its coming occurrences have (one moved occurrence does not move the series), from its next such one.
 */
export function findOneOnOnes(events: readonly FeedEvent[], classifier: Classifier, zone: string, now: Date): FoundOneOnOne[] {
  const series = new Map<string, { event: FeedEvent; slots: Map<string, { count: number; weekday: number; time: string; date: string }> }>();
  for (const e of events) {
    if (e.allDay || (e.recurrence !== 'weekly' && e.recurrence !== 'biweekly')) continue;
    if (e.start.getTime() < now.getTime()) continue;
    let entry = series.get(e.seriesUid);
    if (!entry) {
      if (!classifier.classify(e).oneOnOne) continue;
      entry = { event: e, slots: new Map() };
      series.set(e.seriesUid, entry);
    }
    const local = localMoment(e.start, zone);
    const time = `${String(Math.floor(local.minutes / 60)).padStart(2, '0')}:${String(local.minutes % 60).padStart(2, '0')}`;
    const slotKey = `${local.weekday} ${time}`;
    const slot = entry.slots.get(slotKey) ?? { count: 0, weekday: local.weekday, time, date: local.date };
    slot.count++;
    entry.slots.set(slotKey, slot);
  }
  const found: FoundOneOnOne[] = [];
  for (const [seriesUid, { event, slots }] of series) {
    const best = [...slots.values()].sort((a, b) => b.count - a.count || a.date.localeCompare(b.date))[0];
    if (!best || event.recurrence === 'none' || event.recurrence === 'other') continue;
    found.push({ seriesUid, title: event.title.slice(0, 120), weekday: best.weekday, time: best.time, cadence: event.recurrence, firstDate: best.date });
  }
  return found;
}
