/** Who is coached: the manager record, first contact, consent (start/stop, welcome, invitations), Slack time zones. */
export type { EnrolmentDeps } from './deps';
export { type Manager } from './entities';
export type { ManagerRepository } from './repository';
export { ensureRequestManager, fetchSlackProfile, TIME_ZONE_UNKNOWN_TEXT } from './service';
export { coachingHomeBlocks } from './blocks';
