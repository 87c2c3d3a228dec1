import type { FeatureDeps } from '../../deps';
import type { HomeRefresher } from '../home';

/** What the weekly summaries are given by the composition root. */
export type SummaryDeps = FeatureDeps<
  'clock' | 'coaching' | 'logger' | 'config' | 'transactor',
  'managers' | 'summary' | 'timeEntries' | 'targets' | 'deliveries' | 'nudgeSettings' | 'oneOnOnes'
> & {
  refreshHome: HomeRefresher;
};
