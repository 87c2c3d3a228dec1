import type { SharedDeps } from '../../core/feature';
import type { NudgeSettingsRepository } from '../nudges';
import type { ManagerRepository } from './repository';

/** What enrolment is given by the composition root. */
export interface EnrolmentDeps extends Pick<SharedDeps, 'clock' | 'logger' | 'config' | 'transactor'> {
  repos: {
    managers: ManagerRepository;
    nudgeSettings: NudgeSettingsRepository;
  };
}
