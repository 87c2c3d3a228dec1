import { CATEGORIES, type CategoryId } from '../../core/categories';
import { sharedLabel, type CohortSummary } from './rules/cohort';
import type { CategoryShares } from './rules/shares';
import { formatDay } from '../../core/dates/localDate';

/**
 * Portrait and large-type so it reads on a phone: Slack shows an image about 360–400 points wide
 * there, so 800 px halves and the 22–30 px text lands at 11–15 points.
 */
export const CHART_WIDTH = 800;
/** More manager rows than this would make every panel too tall; the message lists everyone who opted in. */
export const MAX_CHART_MANAGERS = 4;

/** Okabe–Ito colours: distinguishable with the common kinds of colour blindness. */
export const CATEGORY_COLOURS: Record<CategoryId, string> = {
  coding: '#0072B2',
  people: '#009E73',
  meetings: '#E69F00',
  strategy: '#CC79A7',
  improvement: '#56B4E9',
  firefighting: '#D55E00',
};

export const CHART_FONT_FAMILY = 'DejaVu Sans';
const FONT = `${CHART_FONT_FAMILY}, sans-serif`;

const LAYOUT = {
  headerHeight: 150,
  panelTitle: 40,
  row: 32,
  panelGap: 18,
  footerHeight: 70,
  labelX: 24,
  barLeft: 130,
  barRight: 690,
} as const;

interface Row {
  label: string;
  /** Undefined when the group behind the row is too small to show. */
  shares: CategoryShares | undefined;
  missing: string;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function text(x: number, y: number, content: string, attrs: string): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" font-family="${FONT}" ${attrs}>${escapeXml(content)}</text>`;
}

function rowsOf(summary: CohortSummary): { rows: Row[]; weekRows: number; more: number } {
  const weekRows: Row[] = summary.history.map((h) => ({
    label: formatDay(h.week.start).slice(4),
    shares: h.exact,
    missing: h.privateManagers === 0 ? 'nobody private logged' : `fewer than ${summary.minGroup} private: not shown`,
  }));
  const shown = summary.shared.slice(0, MAX_CHART_MANAGERS);
  const managerRows: Row[] = shown.map((s, i) => ({ label: sharedLabel(i), shares: s.exact, missing: '' }));
  return { rows: [...weekRows, ...managerRows], weekRows: weekRows.length, more: summary.shared.length - shown.length };
}

export function chartHeight(summary: CohortSummary): number {
  const { rows } = rowsOf(summary);
  return LAYOUT.headerHeight + CATEGORIES.length * (LAYOUT.panelTitle + rows.length * LAYOUT.row + LAYOUT.panelGap) + LAYOUT.footerHeight;
}

/**
 * One panel per category, with its default target range shaded behind horizontal bars: one bar per
 * summarised week for the managers who keep their split private (left out when they are fewer than
 * the minimum group), then one per opted-in manager for the last week, labelled by letter only: the
 * message maps letters to mentions, so the image carries no names at all.
 */
export function cohortChartSvg(summary: CohortSummary): string {
  const { rows, weekRows, more } = rowsOf(summary);
  const height = chartHeight(summary);
  const scale = (LAYOUT.barRight - LAYOUT.barLeft) / 100;
  const first = summary.history[0]?.week.start ?? summary.week.start;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${height}" viewBox="0 0 ${CHART_WIDTH} ${height}">`,
    `<rect width="${CHART_WIDTH}" height="${height}" fill="#ffffff"/>`,
    text(LAYOUT.labelX, 46, 'Cohort time split', 'font-size="30" font-weight="bold" fill="#222222"'),
    text(LAYOUT.labelX, 82, `${formatDay(first)} – ${formatDay(summary.week.end)}, share of logged time`, 'font-size="22" fill="#333333"'),
    `<rect x="${LAYOUT.labelX}" y="100" width="34" height="22" fill="#888888" fill-opacity="0.2" stroke="#888888" stroke-dasharray="4 3"/>`,
    text(LAYOUT.labelX + 44, 118, 'shaded: the suggested target range', 'font-size="20" fill="#444444"'),
  ];

  let top = LAYOUT.headerHeight;
  for (const c of CATEGORIES) {
    const colour = CATEGORY_COLOURS[c.id];
    const target = summary.targets[c.id];
    parts.push(text(LAYOUT.labelX, top + 28, `${c.label} · target ${target.min}–${target.max}%`, 'font-size="24" font-weight="bold" fill="#222222"'));
    const rowsTop = top + LAYOUT.panelTitle;
    const rowsHeight = rows.length * LAYOUT.row;
    parts.push(
      `<rect x="${(LAYOUT.barLeft + target.min * scale).toFixed(1)}" y="${rowsTop}" width="${Math.max(2, (target.max - target.min) * scale).toFixed(1)}" height="${rowsHeight}" fill="${colour}" fill-opacity="0.16" stroke="${colour}" stroke-opacity="0.7" stroke-dasharray="4 3"/>`,
      `<line x1="${LAYOUT.barLeft}" y1="${rowsTop}" x2="${LAYOUT.barLeft}" y2="${rowsTop + rowsHeight}" stroke="#999999"/>`,
    );
    rows.forEach((row, i) => {
      const y = rowsTop + i * LAYOUT.row;
      if (i === weekRows && i > 0) {
        parts.push(`<line x1="${LAYOUT.labelX}" y1="${y}" x2="${LAYOUT.barRight}" y2="${y}" stroke="#bbbbbb" stroke-dasharray="2 3"/>`);
      }
      parts.push(text(LAYOUT.labelX, y + 23, row.label, `font-size="22" fill="#222222"${i >= weekRows ? ' font-weight="bold"' : ''}`));
      if (!row.shares) {
        parts.push(text(LAYOUT.barLeft + 10, y + 22, row.missing, 'font-size="18" fill="#777777"'));
        return;
      }
      const share = row.shares[c.id];
      const width = share * scale;
      parts.push(`<rect x="${LAYOUT.barLeft}" y="${y + 6}" width="${width.toFixed(1)}" height="${LAYOUT.row - 10}" fill="${colour}"/>`);
      parts.push(text(LAYOUT.barLeft + width + 8, y + 23, `${Math.round(share)}%`, 'font-size="22" fill="#222222"'));
    });
    top = rowsTop + rowsHeight + LAYOUT.panelGap;
  }

  const legend = summary.shared.length
    ? `Letters: managers who opted in, named in the message${more > 0 ? ` (first ${MAX_CHART_MANAGERS}; ${more} more there)` : ''}.`
    : 'Nobody opted in to share their own split this week.';
  parts.push(
    text(LAYOUT.labelX, top + 24, `Dates: the private managers' average for that week (${summary.minGroup} or more).`, 'font-size="18" fill="#555555"'),
    text(LAYOUT.labelX, top + 50, legend, 'font-size="18" fill="#555555"'),
    '</svg>',
  );
  return parts.join('\n');
}
