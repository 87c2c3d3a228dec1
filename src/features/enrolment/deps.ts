import type { SharedDeps } from '../../core/feature';
import type { DeliveryRepository } from '../../core/delivery/repository';
import type { HomeRefresher } from '../home';
import type { NudgeSettingsRepository } from '../nudges';
import type { OneOnOneRepository } from '../oneOnOnes';
import type { InvitationRepository, ManagerRepository } from './repository';

/** What enrolment is given by the composition root: the welcome DM lists the nudges, so it reads their settings. */
export interface EnrolmentDeps extends Pick<SharedDeps, 'clock' | 'coaching' | 'logger' | 'config' | 'transactor'> {
  repos: {
    managers: ManagerRepository;
    invitations: InvitationRepository;
    nudgeSettings: NudgeSettingsRepository;
    oneOnOnes: OneOnOneRepository;
    deliveries: DeliveryRepository;
  };
  refreshHome: HomeRefresher;
}
