import type { FeatureDeps } from '../../deps';
import type { HomeRefresher } from '../home';

/** What the time log is given by the composition root. */
export type TimeLogDeps = FeatureDeps<'clock' | 'coaching' | 'logger' | 'transactor', 'timeEntries' | 'targets' | 'managers'> & {
  refreshHome: HomeRefresher;
};
