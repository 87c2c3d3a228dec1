/** `/lead faq` and questions in a DM: guidance from the source documents, with the source named. */
import type { Feature } from '../../core/feature';
import { withDeps } from '../../core/routers/subcommand';
import { registerFaqActions } from './actions';
import { faqSubcommands } from './commands';
import type { FaqDeps } from './deps';
import { registerFaqDirectMessages } from './events';

export type { FaqDeps } from './deps';

export function faqFeature(deps: FaqDeps): Feature {
  return {
    name: 'faq',
    subcommands: withDeps(deps, faqSubcommands()),
    registerActions: (routes) => registerFaqActions(routes, deps),
    registerListeners: (app) => registerFaqDirectMessages(app, deps),
  };
}
export { type FaqSearch } from './entities';
export { type FaqRepository } from './repository';
