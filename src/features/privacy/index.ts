/** A manager's data is theirs: `/lead export` and `/lead forget-me`. */
import type { Feature } from '../../core/feature';
import { withDeps } from '../../core/routers/subcommand';
import { registerPrivacyActions } from './actions';
import type { PrivacyDeps } from './deps';
import { exportSubcommand } from './exportCommand';
import { forgetMeSubcommand } from './forgetMeCommand';

export type { PrivacyDeps } from './deps';

export function privacyFeature(deps: PrivacyDeps): Feature {
  return {
    name: 'privacy',
    subcommands: withDeps(deps, [exportSubcommand(), forgetMeSubcommand()]),
    registerActions: (routes) => registerPrivacyActions(routes, deps),
  };
}
