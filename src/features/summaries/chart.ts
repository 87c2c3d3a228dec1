import { CATEGORIES, CATEGORY_IDS, type CategoryId } from '../../core/categories';
import { sharedLabel, type CohortSummary } from './rules/cohort';
import type { CategoryShares } from './rules/shares';
import { formatDay } from '../../core/dates/localDate';

export const CHART_WIDTH = 1200;
export const CHART_HEIGHT = 640;
/** More bars than this would be too thin to read; the text lists every opted-in manager anyway. */
export const MAX_CHART_MANAGERS = 16;

/** Okabe–Ito colours: distinguishable with the common kinds of colour blindness. */
export const CATEGORY_COLOURS: Record<CategoryId, string> = {
  coding: '#0072B2',
  people: '#009E73',
  meetings: '#E69F00',
  strategy: '#CC79A7',
  improvement: '#56B4E9',
  firefighting: '#D55E00',
};

const PLOT = { left: 70, right: CHART_WIDTH - 30, top: 110, bottom: CHART_HEIGHT - 80 };
const FONT = 'DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif';

interface Bar {
  label: string;
  sublabel: string;
  shares: CategoryShares | undefined;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function text(x: number, y: number, content: string, attrs = ''): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" font-family="${FONT}" ${attrs}>${escapeXml(content)}</text>`;
}

function stackedBar(bar: Bar, x: number, width: number): string[] {
  const parts: string[] = [];
  const plotHeight = PLOT.bottom - PLOT.top;
  const centre = x + width / 2;
  if (!bar.shares) {
    parts.push(
      `<rect x="${x.toFixed(1)}" y="${PLOT.top}" width="${width.toFixed(1)}" height="${plotHeight}" fill="none" stroke="#bbbbbb" stroke-dasharray="6 4"/>`,
      text(centre, PLOT.top + plotHeight / 2, 'no data', 'font-size="14" fill="#888888" text-anchor="middle"'),
    );
  } else {
    const total = CATEGORY_IDS.reduce((sum, c) => sum + (bar.shares?.[c] ?? 0), 0) || 1;
    let y = PLOT.bottom;
    for (const c of CATEGORY_IDS) {
      const share = bar.shares[c];
      if (share <= 0) continue;
      const h = (share / total) * plotHeight;
      y -= h;
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y.toFixed(2)}" width="${width.toFixed(1)}" height="${h.toFixed(2)}" fill="${CATEGORY_COLOURS[c]}"/>`,
      );
      if (h >= 18 && width >= 34) {
        parts.push(text(centre, y + h / 2 + 5, `${Math.round(share)}%`, 'font-size="13" fill="#ffffff" text-anchor="middle"'));
      }
    }
  }
  parts.push(text(centre, PLOT.bottom + 22, bar.label, 'font-size="15" fill="#222222" text-anchor="middle" font-weight="bold"'));
  parts.push(text(centre, PLOT.bottom + 42, bar.sublabel, 'font-size="12" fill="#555555" text-anchor="middle"'));
  return parts;
}

/**
 * The cohort's split for the summarised weeks as stacked bars, then one bar per opted-in manager
 * for the last week, labelled with letters only: the message maps letters to mentions, so the
 * image carries no names at all.
 */
export function cohortChartSvg(summary: CohortSummary): string {
  const cohortBars: Bar[] = summary.history.map((h) => ({
    label: formatDay(h.week.start).slice(4),
    sublabel: h.managersLogged === 1 ? '1 manager' : `${h.managersLogged} managers`,
    shares: h.exact,
  }));
  const managerBars: Bar[] = summary.shared.slice(0, MAX_CHART_MANAGERS).map((s, i) => ({
    label: sharedLabel(i),
    sublabel: `${(s.totalMinutes / 60).toFixed(1)} h`,
    shares: s.exact,
  }));

  const gap = managerBars.length ? 50 : 0;
  const slots = cohortBars.length + managerBars.length;
  const slotWidth = (PLOT.right - PLOT.left - gap) / Math.max(slots, 1);
  const barWidth = Math.min(110, slotWidth * 0.7);

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}">`,
    `<rect width="${CHART_WIDTH}" height="${CHART_HEIGHT}" fill="#ffffff"/>`,
    text(PLOT.left, 36, `Cohort time split, ${formatDay(summary.history[0]?.week.start ?? summary.week.start)} – ${formatDay(summary.week.end)}`, 'font-size="22" fill="#222222" font-weight="bold"'),
  ];

  // Legend: one swatch per category.
  const legendStep = (PLOT.right - PLOT.left) / CATEGORIES.length;
  CATEGORIES.forEach((c, i) => {
    const x = PLOT.left + i * legendStep;
    parts.push(`<rect x="${x.toFixed(1)}" y="56" width="16" height="16" fill="${CATEGORY_COLOURS[c.id]}"/>`);
    parts.push(text(x + 22, 69, c.label, 'font-size="14" fill="#333333"'));
  });

  // Gridlines every 25%.
  for (const pct of [0, 25, 50, 75, 100]) {
    const y = PLOT.bottom - ((PLOT.bottom - PLOT.top) * pct) / 100;
    parts.push(`<line x1="${PLOT.left}" y1="${y.toFixed(1)}" x2="${PLOT.right}" y2="${y.toFixed(1)}" stroke="#e5e5e5"/>`);
    parts.push(text(PLOT.left - 10, y + 5, `${pct}%`, 'font-size="12" fill="#666666" text-anchor="end"'));
  }

  const bars = [...cohortBars, ...managerBars];
  bars.forEach((bar, i) => {
    const slotStart = PLOT.left + i * slotWidth + (i >= cohortBars.length ? gap : 0);
    parts.push(...stackedBar(bar, slotStart + (slotWidth - barWidth) / 2, barWidth));
  });
  if (managerBars.length) {
    const x = PLOT.left + cohortBars.length * slotWidth + gap / 2;
    parts.push(`<line x1="${x.toFixed(1)}" y1="${PLOT.top - 10}" x2="${x.toFixed(1)}" y2="${PLOT.bottom + 45}" stroke="#999999" stroke-dasharray="4 4"/>`);
    const more = summary.shared.length - managerBars.length;
    parts.push(
      text(x + 10, PLOT.top - 14, more > 0 ? `Opted-in managers, last week (first ${managerBars.length}; ${more} more in the message)` : 'Opted-in managers, last week', 'font-size="13" fill="#555555"'),
    );
  }
  parts.push(text(PLOT.left, PLOT.top - 14, 'Cohort average', 'font-size="13" fill="#555555"'));
  parts.push('</svg>');
  return parts.join('\n');
}
