/**
 * The FAQ feature as the app registers it: its subcommands, buttons, views and events. Only the
 * composition root (src/features.ts) imports this; other features and jobs use index.ts, which loads no listener.
 */
import type { Feature } from '../../core/feature';
import { withDeps } from '../../core/routers/subcommand';
import { registerFaqActions } from './actions';
import { faqSubcommands } from './commands';
import type { FaqDeps } from './deps';
import { registerFaqDirectMessages } from './events';

export function faqFeature(deps: FaqDeps): Feature {
  return {
    name: 'faq',
    subcommands: withDeps(deps, faqSubcommands()),
    registerActions: (routes) => registerFaqActions(routes, deps),
    registerEvents: (routes) => registerFaqDirectMessages(routes, deps),
  };
}
