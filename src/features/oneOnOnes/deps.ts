import type { SharedDeps } from '../../core/feature';
import type { OneOnOneRepository } from './repository';

/** What the 1:1 registry is given by the composition root. */
export interface OneOnOneDeps extends Pick<SharedDeps, 'clock' | 'logger'> {
  repos: {
    oneOnOnes: OneOnOneRepository;
  };
}
