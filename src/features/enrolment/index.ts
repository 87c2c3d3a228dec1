/** Who is coached: the manager record, first contact, Slack time zones, and `/lead enroll #channel`. */
import type { Feature } from '../../core/feature';
import type { CommandRouterDeps } from '../../core/routers/commands';
import { withDeps } from '../../core/routers/subcommand';
import { enrollSubcommand } from './commands';
import type { EnrolmentDeps } from './deps';
import { ensureRequestManager, needsSlackProfile } from './service';

export type { EnrolmentDeps } from './deps';

export function enrolmentFeature(deps: EnrolmentDeps): Feature & Pick<CommandRouterDeps, 'isCurrent' | 'resolveManager'> {
  return {
    name: 'enrolment',
    subcommands: withDeps(deps, [enrollSubcommand()]),
    isCurrent: (manager, now) => !needsSlackProfile(manager, now),
    resolveManager: async (client, scope, userId, teamId) => (await ensureRequestManager(deps, client, scope, userId, teamId)).manager,
  };
}
export { type Manager } from './entities';
export type { ManagerRepository } from './repository';
export { ensureRequestManager, fetchSlackProfile, TIME_ZONE_UNKNOWN_TEXT } from './service';
