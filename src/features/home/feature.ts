/**
 * The App Home feature as the app registers it: its subcommands, buttons, views and events. Only the
 * composition root (src/features.ts) imports this; other features and jobs use index.ts, which loads no listener.
 */
import type { Feature } from '../../core/feature';
import type { HomeDeps } from './deps';
import { publishHome, registerAppHomeEvents } from './events';
import type { HomeRefresher } from './sections';

export function homeFeature(deps: HomeDeps): Feature & { refresh: HomeRefresher } {
  return {
    name: 'home',
    registerEvents: (routes) => registerAppHomeEvents(routes, deps),
    refresh: (client, userId) => publishHome(client, deps, userId),
  };
}
