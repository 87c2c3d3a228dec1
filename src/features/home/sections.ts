import type { KnownBlock } from '@slack/types';

import type { Manager } from '../enrolment/entities';
import type { AppDeps } from '../../deps';
import { summaryHomeSection } from '../summaries/blocks';
import { nudgeHomeSection } from '../nudges/service';

/** A section another feature adds to the App Home (nudge settings, sharing...). Return [] to show nothing. */
export type HomeSection = (deps: AppDeps, manager: Manager) => Promise<KnownBlock[]>;

/**
 * Every feature's App Home section, shown in this order below the time split and settings.
 * Add yours with one import and one line. Keep each section small: the whole Home is capped
 * at 100 blocks, and a section that would not fit is left out whole.
 */
export const HOME_SECTIONS: readonly HomeSection[] = [
  summaryHomeSection,
  nudgeHomeSection,
];
