import type { KnownBlock } from '@slack/types';

import { formatSource } from '../../core/content/coaching';
import { categoryById } from '../../core/categories';
import { formatMinutes } from './rules/duration';
import { formatDay, formatWeek } from '../../core/dates/localDate';
import { textBar, type Split, type SplitRow } from './rules/split';
import type { CoachingLine, WeekSummary } from './service';
import { context, header, message, section, type Message } from '../../core/blockKit';

const STANDING_MARK = { above: '▲ above', below: '▼ below', within: '✓ on target' } as const;

function rowLine(row: SplitRow): string {
  const label = categoryById(row.category).label.padEnd(13);
  const hours = formatMinutes(row.minutes).padStart(7);
  const percent = `${row.percent}%`.padStart(4);
  const target = `${row.target.min}–${row.target.max}%`.padEnd(7);
  return `${label}${textBar(row.percent)} ${hours} ${percent}  target ${target} ${STANDING_MARK[row.standing]}`;
}

/** The split as a fixed-width table: one line per category with a text bar, hours, share and target. */
export function splitTable(split: Split): string {
  return ['```', ...split.rows.map(rowLine), '```'].join('\n');
}

/** Plain-text version for notification fallbacks. */
export function splitFallback(split: Split): string {
  return split.rows.map((r) => `${r.category} ${r.percent}% (target ${r.target.min}–${r.target.max}%)`).join(', ');
}

export function coachingBlocks(line: CoachingLine): KnownBlock[] {
  return [section(`:bulb: ${line.text}`), context(formatSource(line.source))];
}

/** The ephemeral answer to `/lead week` and `/lead week last`. */
export function weekSummaryMessage(summary: WeekSummary, which: 'this' | 'last'): Message {
  const title = `${which === 'this' ? 'This week' : 'Last week'} · ${formatWeek(summary.week)}`;
  const { split } = summary;
  if (split.totalMinutes === 0) {
    const text = `${title}: nothing logged. ${summary.coaching.text}`;
    return message(text, [
      header(title),
      ...coachingBlocks(summary.coaching),
      context('Log time with `/lead log coding 90m`, or `/lead log` for a form covering a whole day.'),
    ]);
  }
  const total = `*Total:* ${formatMinutes(split.totalMinutes)} logged`;
  const text = `${title}: ${formatMinutes(split.totalMinutes)} logged. ${splitFallback(split)}. ${summary.coaching.text}`;
  return message(text, [
    header(title),
    section(splitTable(split)),
    section(total),
    ...coachingBlocks(summary.coaching),
    context('Shares are of the time you logged. Change a target with `/lead targets coding 0-25`.'),
  ]);
}

const TREND_MARK = { above: ' ▲', below: ' ▼', within: '' } as const;

/**
 * Share per category across several weeks, oldest first: the App Home trend. One short line per
 * week, largest share first, so it reads on a phone (no fixed-width columns to run together).
 */
export function trendLines(weeks: readonly WeekSummary[]): string {
  return weeks
    .map((w) => {
      const label = `*Week of ${formatDay(w.week.start).slice(4)}*`;
      if (w.split.totalMinutes === 0) return `${label} · nothing logged`;
      const shares = [...w.split.rows]
        .filter((r) => r.minutes > 0)
        .sort((a, b) => b.percent - a.percent)
        .map((r) => `${r.category} ${r.percent}%${TREND_MARK[r.standing]}`);
      return [label, formatMinutes(w.split.totalMinutes), ...shares].join(' · ');
    })
    .join('\n');
}
