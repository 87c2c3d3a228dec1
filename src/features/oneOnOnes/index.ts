/** The 1:1 registry and agendas: `/lead 1on1 add|list|remove|note`. */
import type { Feature } from '../../core/feature';
import { withDeps } from '../../core/routers/subcommand';
import { oneOnOneSubcommand } from './commands';
import type { OneOnOneDeps } from './deps';

export type { OneOnOneDeps } from './deps';

export function oneOnOnesFeature(deps: OneOnOneDeps): Feature {
  return { name: 'oneOnOnes', subcommands: withDeps(deps, [oneOnOneSubcommand()]) };
}
export { type AgendaItem, type OneOnOne } from './entities';
export type { OneOnOneRepository } from './repository';
