/** `/lead faq` and questions in a DM: guidance from the source documents, with the source named. */

export type { FaqDeps } from './deps';

export { type FaqSearch } from './entities';
export { type FaqRepository } from './repository';
