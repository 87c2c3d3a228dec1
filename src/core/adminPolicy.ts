import type { WebClient } from '@slack/web-api';

import { message, section, type Message } from './blockKit';
import type { Config } from './config';
import type { Logger } from './logger';

export type AdminCheck = { admin: true; via: 'config' | 'slack' } | { admin: false; reason: 'not-admin' | 'unknown' };

/**
 * Who may run admin commands: workspace admins and owners per users.info, or anyone listed in
 * ADMIN_USER_IDS. When Slack cannot answer, nobody is confirmed: the check refuses with `unknown`.
 */
export async function checkAdmin(config: Pick<Config, 'adminUserIds'>, client: WebClient, userId: string, logger: Logger): Promise<AdminCheck> {
  if (config.adminUserIds.includes(userId)) return { admin: true, via: 'config' };
  try {
    const user = (await client.users.info({ user: userId })).user;
    return user?.is_admin || user?.is_owner || user?.is_primary_owner ? { admin: true, via: 'slack' } : { admin: false, reason: 'not-admin' };
  } catch (err) {
    logger.warn({ err, userId }, 'users.info failed while checking admin rights');
    return { admin: false, reason: 'unknown' };
  }
}

/**
 * The answer to a refused admin command. `action` completes "Only workspace admins and owners … can";
 * `hint` says what a non-admin can do instead.
 */
export function adminRefusalMessage(reason: 'not-admin' | 'unknown', action: string, hint: string): Message {
  const text =
    reason === 'unknown'
      ? 'I could not check with Slack whether you are a workspace admin, so nothing was changed. Please try again in a minute.'
      : `Only workspace admins and owners (or people listed in ADMIN_USER_IDS) can ${action}, so nothing was changed. ${hint}`;
  return message(text, [section(`:no_entry: ${text}`)]);
}
