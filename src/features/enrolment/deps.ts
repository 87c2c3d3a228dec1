import type { FeatureDeps } from '../../deps';

/** What enrolment is given by the composition root. */
export type EnrolmentDeps = FeatureDeps<'clock' | 'logger' | 'config' | 'transactor', 'managers' | 'nudgeSettings'>;
