import { nativeCohortChart, NATIVE_CHART_LIMITS, type DataVisualizationBlock } from '../../src/features/summaries/blocks';
import { cohortSummary } from '../../src/features/summaries/rules/cohort';
import { weeksEndingWith } from '../../src/features/summaries/rules/week';
import { validateMessage } from '../support/blockKit';
import { DEFAULT_RANGES, defaults, minutes, SUMMARISED_WEEK } from './fixtures';

const weeks = weeksEndingWith(SUMMARISED_WEEK, 4);

function chartFor(total: number, sharers: number): DataVisualizationBlock {
  const summary = cohortSummary({
    weeks,
    managers: Array.from({ length: total }, (_, i) => ({
      userId: `UMGR${String(i).padStart(4, '0')}`,
      weeks: weeks.map(() => minutes({ coding: 60 + i, people: 240 })),
      targets: defaults(),
      sharesInCohort: i < sharers,
    })),
    improvementAnswers: [],
    minGroup: 5,
    defaultTargets: DEFAULT_RANGES,
  });
  const chart = nativeCohortChart(summary);
  if (!chart) throw new Error('expected a chart');
  return chart.block;
}

function problems(block: unknown): string[] {
  return validateMessage({ text: 'chart', blocks: [block] });
}

describe("Slack's native bar chart block", () => {
  it('carries one series per category and stays within 20 columns however many opted in', () => {
    const block = chartFor(40, 30);
    expect(block.chart.series.map((s) => s.name)).toEqual(['Coding', 'People', 'Meetings', 'Strategy', 'Improvement', 'Firefighting']);
    expect(block.chart.axis_config.categories).toHaveLength(NATIVE_CHART_LIMITS.categories);
    expect(block.chart.axis_config.categories.slice(0, 5)).toEqual(['Week of 26 Oct', 'Week of 2 Nov', 'Week of 9 Nov', 'Week of 16 Nov', 'Manager A']);
    expect(problems(block)).toEqual([]);
  });

  it('is refused by the double, as by Slack, past its limits', () => {
    const block = chartFor(8, 2);
    const seventh = { name: 'Other', data: block.chart.axis_config.categories.map((label) => ({ label, value: 1 })) };
    expect(problems({ ...block, chart: { ...block.chart, series: [...block.chart.series, seventh] } }).join()).toContain('7 series, more than 6');
    const many = Array.from({ length: 21 }, (_, i) => `C${i}`);
    const wide = { ...block.chart, axis_config: { categories: many }, series: [{ name: 'Coding', data: many.map((label) => ({ label, value: 1 })) }] };
    expect(problems({ ...block, chart: wide }).join()).toContain('21 categories, more than 20');
    expect(problems({ ...block, title: 'x'.repeat(51) }).join()).toContain('more than 50');
    const mismatched = { ...block.chart, series: [{ name: 'Coding', data: [{ label: 'Somewhere else', value: 1 }] }] };
    expect(problems({ ...block, chart: mismatched }).join()).toContain('one point per category');
    expect(validateMessage({ text: 'x', blocks: [block, block, block] }).join()).toContain('3 data_visualization blocks');
  });
});
