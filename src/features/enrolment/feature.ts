/**
 * The enrolment feature as the app registers it: its subcommands, buttons, views and events. Only the
 * composition root (src/features.ts) imports this; other features and jobs use index.ts, which loads no listener.
 */
import type { Feature } from '../../core/feature';
import type { CommandRouterDeps } from '../../core/routers/commands';
import { withDeps } from '../../core/routers/subcommand';
import { registerEnrolmentActions } from './actions';
import { enrolmentSubcommands } from './commands';
import { claimCoachingOffer, sendCoachingOffer } from './consent';
import type { EnrolmentDeps } from './deps';
import { ensureRequestManager, needsSlackProfile } from './service';

export function enrolmentFeature(
  deps: EnrolmentDeps,
): Feature & Pick<CommandRouterDeps, 'isCurrent' | 'resolveManager' | 'claimFollowUp' | 'sendFollowUp'> {
  return {
    name: 'enrolment',
    subcommands: withDeps(deps, enrolmentSubcommands()),
    registerActions: (routes) => registerEnrolmentActions(routes, deps),
    claimFollowUp: (manager, subcommand) => claimCoachingOffer(deps, manager, subcommand),
    sendFollowUp: sendCoachingOffer,
    isCurrent: (manager, now) => !needsSlackProfile(manager, now),
    resolveManager: async (client, scope, userId) => (await ensureRequestManager(deps, client, scope, userId)).manager,
  };
}
