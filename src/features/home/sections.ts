import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';

import type { Manager } from '../../core/manager';

/**
 * A section another feature adds to the App Home (nudge settings, sharing...), with that feature's
 * dependencies already bound by the composition root. Return [] to show nothing. Keep each section
 * small: the whole Home is capped at 100 blocks, and a section that would not fit is left out whole.
 */
export type HomeSection = (manager: Manager) => Promise<KnownBlock[]>;

/** Re-publishes a user's Home from what is stored now: what other features call after changing a setting shown there. */
export type HomeRefresher = (client: WebClient, userId: string) => Promise<void>;
