/** Weekly summaries: the personal DM, the opt-in cohort post with its chart, `/lead summary` and `/lead share`. */
import type { Feature } from '../../core/feature';
import { withDeps } from '../../core/routers/subcommand';
import { registerSummaryActions } from './actions';
import { summarySubcommand } from './commands';
import type { SummaryDeps } from './deps';
export { weeklySummaryJob } from './job';
import { shareSubcommand } from './shareCommand';

export type { SummaryDeps } from './deps';
export { summaryHomeSection } from './blocks';

export function summariesFeature(deps: SummaryDeps): Feature {
  return {
    name: 'summaries',
    subcommands: withDeps(deps, [summarySubcommand(), shareSubcommand()]),
    registerActions: (routes) => registerSummaryActions(routes, deps),
  };
}
