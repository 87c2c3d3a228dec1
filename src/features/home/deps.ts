import type { FeatureDeps } from '../../deps';
import type { HomeSection } from './sections';

/** What the App Home is given by the composition root: its own reads, and every feature's section in display order. */
export type HomeDeps = FeatureDeps<'clock' | 'coaching' | 'logger' | 'transactor', 'managers' | 'timeEntries' | 'targets'> & {
  sections: readonly HomeSection[];
};
