import fs from 'node:fs';
import path from 'node:path';

import { CATEGORIES } from '../../src/core/categories';
import { PROJECT_ROOT } from '../../src/core/paths';
import { CATEGORY_COLOURS, CHART_FONT_FAMILY, CHART_WIDTH, chartHeight, cohortChartSvg, MAX_CHART_MANAGERS } from '../../src/features/summaries/chart';
import { CHART_FONTS, pngSize, renderPng, renderRgba, type ChartFonts } from '../../src/features/summaries/renderChart';
import { cohortSummary } from '../../src/features/summaries/rules/cohort';
import { weeksEndingWith } from '../../src/features/summaries/rules/week';
import { DEFAULT_RANGES, defaults, minutes, SUMMARISED_WEEK } from './fixtures';

const weeks = weeksEndingWith(SUMMARISED_WEEK, 4);

/** `sharedCount` opted-in managers and six private ones; nobody logged in the week of 2 Nov. */
function summaryWith(sharedCount: number) {
  const managers = Array.from({ length: sharedCount + 6 }, (_, i) => ({
    userId: `UMGR${String(i).padStart(4, '0')}`,
    weeks: [minutes({ coding: 60 + i }), minutes({}), minutes({ people: 120 }), minutes({ people: 200 + i, coding: 40, firefighting: 30 })],
    targets: defaults(),
    sharesInCohort: i < sharedCount,
  }));
  return cohortSummary({ weeks, managers, improvementAnswers: [], minGroup: 5, defaultTargets: DEFAULT_RANGES });
}

interface TextBox {
  content: string;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/**
 * Every text element's box, with a generous width for DejaVu Sans (0.62 em per character on
 * average, 0.7 for bold) and anchors honoured, so overlapping labels are caught without a layout engine.
 */
function textBoxes(svg: string): TextBox[] {
  const boxes: TextBox[] = [];
  for (const m of svg.matchAll(/<text x="([\d.]+)" y="([\d.]+)"[^>]*?font-size="(\d+)"([^>]*)>([^<]*)<\/text>/g)) {
    const [, x, y, size, rest = '', content = ''] = m;
    const fontSize = Number(size);
    const width = content.length * fontSize * (/font-weight="bold"/.test(rest) ? 0.7 : 0.62);
    const left = /text-anchor="end"/.test(rest) ? Number(x) - width : /text-anchor="middle"/.test(rest) ? Number(x) - width / 2 : Number(x);
    boxes.push({ content, left, right: left + width, top: Number(y) - fontSize * 0.8, bottom: Number(y) + fontSize * 0.2 });
  }
  return boxes;
}

function darkPixels(image: { width: number; pixels: Buffer }, box: { left: number; top: number; right: number; bottom: number }): number {
  let dark = 0;
  for (let y = box.top; y < box.bottom; y++) {
    for (let x = box.left; x < box.right; x++) {
      const i = (y * image.width + x) * 4;
      const [r = 255, g = 255, b = 255] = [image.pixels[i], image.pixels[i + 1], image.pixels[i + 2]];
      if (r + g + b < 200) dark++;
    }
  }
  return dark;
}

describe('cohort chart', () => {
  it('renders a portrait PNG sized for a phone, as tall as its rows need', () => {
    const summary = summaryWith(3);
    const png = renderPng(cohortChartSvg(summary));
    expect(pngSize(png)).toEqual({ width: CHART_WIDTH, height: chartHeight(summary) });
    expect(CHART_WIDTH).toBe(800);
    expect(chartHeight(summary)).toBeGreaterThan(900);
  });

  it('shades each category’s target range behind its bars, in the category’s colour', () => {
    const svg = cohortChartSvg(summaryWith(2));
    for (const c of CATEGORIES) {
      const { min, max } = DEFAULT_RANGES[c.id];
      expect(svg).toContain(`${c.label} · target ${min}–${max}%`);
      // The bar area runs from x=130 to x=690 for 0–100 %.
      const x = (130 + min * 5.6).toFixed(1);
      const width = Math.max(2, (max - min) * 5.6).toFixed(1);
      expect(svg).toMatch(new RegExp(`<rect x="${x}" y="\\d+" width="${width}" height="\\d+" fill="${CATEGORY_COLOURS[c.id]}" fill-opacity="0.16"`));
    }
  });

  it('draws only weeks with at least the minimum private group, and opted-in managers by letter, never by id', () => {
    const svg = cohortChartSvg(summaryWith(3));
    expect(svg).toContain('>A</text>');
    expect(svg).toContain('>C</text>');
    expect(svg).not.toContain('>D</text>');
    expect(svg).not.toMatch(/UMGR/);
    expect(svg).toContain('nobody private logged'); // the week of 2 Nov
    expect(svg).not.toContain('1 manager');
  });

  it(`caps the manager rows at ${MAX_CHART_MANAGERS} and says how many more are in the message`, () => {
    const svg = cohortChartSvg(summaryWith(MAX_CHART_MANAGERS + 4));
    expect(svg).toContain(`>${String.fromCharCode(64 + MAX_CHART_MANAGERS)}</text>`);
    expect(svg).not.toContain(`>${String.fromCharCode(65 + MAX_CHART_MANAGERS)}</text>`);
    expect(svg).toContain('4 more there');
  });

  it.each([0, 2, MAX_CHART_MANAGERS])('keeps every label inside the image and clear of every other (%i opted in)', (shared) => {
    const summary = summaryWith(shared);
    const boxes = textBoxes(cohortChartSvg(summary));
    expect(boxes.length).toBeGreaterThan(30);
    for (const [i, a] of boxes.entries()) {
      expect(a.left).toBeGreaterThanOrEqual(0);
      expect(a.right).toBeLessThanOrEqual(CHART_WIDTH);
      expect(a.bottom).toBeLessThanOrEqual(chartHeight(summary));
      for (const b of boxes.slice(i + 1)) {
        const overlap = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
        if (overlap) throw new Error(`"${a.content}" overlaps "${b.content}"`);
      }
    }
  });

  it('rejects bytes that are not a PNG', () => {
    expect(pngSize(Buffer.from('GIF89a not a png at all, really'))).toBeUndefined();
  });
});

describe('the chart’s text is drawn with the fonts the Docker image installs', () => {
  const label = { left: 10, top: 10, right: 390, bottom: 60 };
  const labelOnly = `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="70"><rect width="400" height="70" fill="#ffffff"/><text x="12" y="48" font-family="${CHART_FONT_FAMILY}, sans-serif" font-size="36" fill="#222222">Coding 29%</text></svg>`;

  it('draws the glyphs of a label with the chart’s font configuration', () => {
    expect(darkPixels(renderRgba(labelOnly, CHART_FONTS), label)).toBeGreaterThan(300);
  });

  it('draws nothing for the same label without fonts, so the check above can fail', () => {
    const none: ChartFonts = { fontFiles: [] };
    expect(darkPixels(renderRgba(labelOnly, none), label)).toBe(0);
  });
});

describe('the Docker image carries the chart’s font', () => {
  it('copies the font folder the renderer reads into the runtime stage', () => {
    const dockerfile = fs.readFileSync(path.join(PROJECT_ROOT, 'Dockerfile'), 'utf8');
    const runtime = dockerfile.split(/^FROM /m)[2] ?? '';
    for (const dir of new Set(CHART_FONTS.fontFiles.map((f) => path.dirname(f)))) expect(runtime).toMatch(new RegExp(`^COPY --from=build ${dir} ${dir}$`, 'm'));
    expect(dockerfile.split(/^FROM /m)[1]).toMatch(/apt-get install[^\n]*fonts-dejavu-core/);
  });
});
