import type { App } from '@slack/bolt';
import type { ExtendedErrorHandlerArgs } from '@slack/bolt/dist/App';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';

import { SOMETHING_FAILED_TEXT } from '../routers/helpBlocks';
import type { AppDeps } from '../../deps';
import { listenerCause, slackErrorCode, UserInputError } from './errors';

const errorBodyShape = z.object({
  response_url: z.string().optional(),
  user_id: z.string().optional(),
  user: z.object({ id: z.string().optional() }).optional(),
  event: z.object({ user: z.string().optional() }).optional(),
  type: z.string().optional(),
});

/**
 * The one place listener errors end up: logged with what the user was doing,
 * and the user is told (ephemerally where Slack allows it) that nothing happened.
 */
export function registerErrorHandler(app: App, deps: AppDeps, client: WebClient): void {
  const logger = deps.logger.child({ listener: 'error' });
  app.error(async ({ error, body }: ExtendedErrorHandlerArgs) => {
    const parsed = errorBodyShape.safeParse(body);
    const b = parsed.success ? parsed.data : {};
    const userId = b.user_id ?? b.user?.id ?? b.event?.user;
    const original = listenerCause(error);
    // Input the user can fix is their answer, not our failure.
    const text = original instanceof UserInputError ? original.message : SOMETHING_FAILED_TEXT;
    if (original instanceof UserInputError) logger.info({ userId, payloadType: b.type }, 'listener refused input');
    else logger.error({ err: original, userId, payloadType: b.type, slackError: slackErrorCode(original) }, 'listener failed');
    try {
      if (b.response_url) {
        await fetch(b.response_url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, text }),
        });
      } else if (userId && b.type !== 'view_submission') {
        await client.chat.postMessage({ channel: userId, text });
      }
    } catch (notifyError) {
      logger.warn({ err: notifyError, userId }, 'could not tell the user about the failure');
    }
  });
}
