/**
 * The 1:1 feature as the app registers it: its subcommands, buttons, views and events. Only the
 * composition root (src/features.ts) imports this; other features and jobs use index.ts, which loads no listener.
 */
import type { Feature } from '../../core/feature';
import { withDeps } from '../../core/routers/subcommand';
import { oneOnOneSubcommand } from './commands';
import type { OneOnOneDeps } from './deps';

export function oneOnOnesFeature(deps: OneOnOneDeps): Feature {
  return { name: 'oneOnOnes', subcommands: withDeps(deps, [oneOnOneSubcommand()]) };
}
