/** Weekly summaries: the personal DM, the opt-in cohort post with its chart, `/lead summary` and `/lead share`. */
export type { SummaryDeps } from './deps';
export { summaryHomeSection } from './blocks';
