import type { FeatureDeps } from '../../deps';

/** What the 1:1 registry is given by the composition root. */
export type OneOnOneDeps = FeatureDeps<'clock' | 'logger', 'oneOnOnes'>;
