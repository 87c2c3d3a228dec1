/** The App Home: this week's split, the trend, settings, and every feature's section. */
import type { Feature } from '../../core/feature';
import type { HomeDeps } from './deps';
import { publishHome, registerAppHomeEvents } from './events';
import type { HomeRefresher } from './sections';

export type { HomeDeps } from './deps';
export type { HomeRefresher, HomeSection } from './sections';

export function homeFeature(deps: HomeDeps): Feature & { refresh: HomeRefresher } {
  return {
    name: 'home',
    registerListeners: (app) => registerAppHomeEvents(app, deps),
    refresh: (client, userId) => publishHome(client, deps, userId),
  };
}
