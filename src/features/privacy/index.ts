/** A manager's data is theirs: `/lead export` and `/lead forget-me`. */

export type { PrivacyDeps } from './deps';
