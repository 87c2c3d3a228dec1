/** The App Home: this week's split, the trend, settings, and every feature's section. */

export type { HomeDeps } from './deps';
export type { HomeRefresher, HomeSection } from './sections';
