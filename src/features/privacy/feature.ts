/**
 * The privacy feature as the app registers it: its subcommands, buttons, views and events. Only the
 * composition root (src/features.ts) imports this; other features and jobs use index.ts, which loads no listener.
 */
import type { Feature } from '../../core/feature';
import { withDeps } from '../../core/routers/subcommand';
import { registerPrivacyActions } from './actions';
import type { PrivacyDeps } from './deps';
import { exportSubcommand } from './exportCommand';
import { forgetMeSubcommand } from './forgetMeCommand';

export function privacyFeature(deps: PrivacyDeps): Feature {
  return {
    name: 'privacy',
    subcommands: withDeps(deps, [exportSubcommand(), forgetMeSubcommand()]),
    registerActions: (routes) => registerPrivacyActions(routes, deps),
  };
}
