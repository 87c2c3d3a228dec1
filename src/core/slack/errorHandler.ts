import type { App } from '@slack/bolt';
import type { ExtendedErrorHandlerArgs } from '@slack/bolt/dist/App';
import type { WebClient } from '@slack/web-api';
import { z } from '../zod';

import { SOMETHING_FAILED_TEXT } from '../routers/helpBlocks';
import { postToResponseUrl } from './client';
import { listenerCause, slackErrorCode } from './errors';
import type { Config } from '../config';
import type { Logger } from '../logger';

/** The parts of any payload that say whom to tell; a field of another shape (a `user_change` event's user object) is just absent. */
const text = z.string().optional().catch(undefined);
const errorBodyShape = z.object({
  response_url: text,
  user_id: text,
  user: z.object({ id: text }).optional().catch(undefined),
  event: z.object({ user: text }).optional().catch(undefined),
  type: text,
});

/**
 * The one place listener errors end up: logged with what the user was doing,
 * and the user is told (ephemerally where Slack allows it) that nothing happened.
 */
export function registerErrorHandler(app: App, deps: { logger: Logger; config: Pick<Config, 'slackTimeoutMs'> }, client: WebClient): void {
  const logger = deps.logger.child({ listener: 'error' });
  app.error(async ({ error, body }: ExtendedErrorHandlerArgs) => {
    const parsed = errorBodyShape.safeParse(body);
    const b = parsed.success ? parsed.data : {};
    const userId = b.user_id ?? b.user?.id ?? b.event?.user;
    const original = listenerCause(error);
    logger.error({ err: original, userId, payloadType: b.type, slackError: slackErrorCode(original) }, 'listener failed');
    try {
      if (b.response_url) {
        await postToResponseUrl(
          b.response_url,
          { response_type: 'ephemeral', replace_original: false, text: SOMETHING_FAILED_TEXT },
          deps.config.slackTimeoutMs,
        );
      } else if (userId && b.type !== 'view_submission') {
        await client.chat.postMessage({ channel: userId, text: SOMETHING_FAILED_TEXT });
      }
    } catch (notifyError) {
      logger.warn({ err: notifyError, userId }, 'could not tell the user about the failure');
    }
  });
}
