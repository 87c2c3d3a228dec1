/**
 * The summaries feature as the app registers it: its subcommands, buttons, views and events. Only the
 * composition root (src/features.ts) imports this; other features and jobs use index.ts, which loads no listener.
 */
import type { Feature } from '../../core/feature';
import { withDeps } from '../../core/routers/subcommand';
import { registerSummaryActions } from './actions';
import { summarySubcommand } from './commands';
import type { SummaryDeps } from './deps';
import { shareSubcommand } from './shareCommand';

export function summariesFeature(deps: SummaryDeps): Feature {
  return {
    name: 'summaries',
    subcommands: withDeps(deps, [summarySubcommand(), shareSubcommand()]),
    registerActions: (routes) => registerSummaryActions(routes, deps),
  };
}
