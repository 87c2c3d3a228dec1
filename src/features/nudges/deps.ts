import type { FeatureDeps } from '../../deps';
import type { HomeRefresher } from '../home';

/** What the nudges are given by the composition root. */
export type NudgeDeps = FeatureDeps<
  'clock' | 'coaching' | 'logger' | 'config' | 'transactor',
  'managers' | 'nudgeSettings' | 'oneOnOnes' | 'timeEntries' | 'targets' | 'deliveries'
> & {
  refreshHome: HomeRefresher;
};
