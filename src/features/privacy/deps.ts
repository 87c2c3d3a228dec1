import type { FeatureDeps } from '../../deps';
import type { HomeRefresher } from '../home';

/** What export and forget-me are given by the composition root. */
export type PrivacyDeps = FeatureDeps<'clock' | 'coaching' | 'logger' | 'config', 'personalData' | 'timeEntries' | 'targets' | 'managers'> & {
  refreshHome: HomeRefresher;
};
