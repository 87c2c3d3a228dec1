/** The 1:1 registry and agendas: `/lead 1on1 add|list|remove|note`. */

export type { OneOnOneDeps } from './deps';

export { type AgendaItem, type OneOnOne } from './entities';
export type { OneOnOneRepository } from './repository';
