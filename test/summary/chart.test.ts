import { CATEGORY_COLOURS, CHART_HEIGHT, CHART_WIDTH, cohortChartSvg, MAX_CHART_MANAGERS } from '../../src/features/summaries/chart';
import { pngSize, renderPng } from '../../src/features/summaries/renderChart';
import { cohortSummary } from '../../src/features/summaries/rules/cohort';
import { weeksEndingWith } from '../../src/features/summaries/rules/week';
import { defaults, minutes, SUMMARISED_WEEK } from './fixtures';

const weeks = weeksEndingWith(SUMMARISED_WEEK, 4);

function summaryWith(sharedCount: number) {
  const managers = Array.from({ length: sharedCount + 2 }, (_, i) => ({
    userId: `UMGR${String(i).padStart(4, '0')}`,
    weeks: [minutes({ coding: 60 + i }), minutes({}), minutes({ people: 120 }), minutes({ people: 200 + i, coding: 40, firefighting: 30 })],
    targets: defaults(),
    sharesInCohort: i < sharedCount,
  }));
  return cohortSummary({ weeks, managers, managersEnrolled: managers.length, improvementAnswers: [] });
}

describe('cohort chart', () => {
  it('renders a valid PNG of the expected size', () => {
    const png = renderPng(cohortChartSvg(summaryWith(3)));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(pngSize(png)).toEqual({ width: CHART_WIDTH, height: CHART_HEIGHT });
    expect(png.length).toBeGreaterThan(2000);
  });

  it('draws the four cohort weeks and one bar per opted-in manager, labelled by letter and never by id', () => {
    const svg = cohortChartSvg(summaryWith(3));
    expect(svg).toContain('>A</text>');
    expect(svg).toContain('>C</text>');
    expect(svg).not.toContain('>D</text>');
    expect(svg).not.toMatch(/UMGR/);
    expect(svg).toContain('no data'); // the week of 2 Nov
    for (const colour of Object.values(CATEGORY_COLOURS)) expect(svg).toContain(colour);
  });

  it(`caps the manager bars at ${MAX_CHART_MANAGERS} and says how many more are in the message`, () => {
    const svg = cohortChartSvg(summaryWith(MAX_CHART_MANAGERS + 4));
    expect(svg).toContain(`>${String.fromCharCode(64 + MAX_CHART_MANAGERS)}</text>`);
    expect(svg).not.toContain(`>${String.fromCharCode(65 + MAX_CHART_MANAGERS)}</text>`);
    expect(svg).toContain('4 more in the message');
    expect(pngSize(renderPng(svg))).toEqual({ width: CHART_WIDTH, height: CHART_HEIGHT });
  });

  it('rejects bytes that are not a PNG', () => {
    expect(pngSize(Buffer.from('GIF89a not a png at all, really'))).toBeUndefined();
  });
});
