import type { App } from '@slack/bolt';
import type { ExtendedErrorHandlerArgs } from '@slack/bolt/dist/App';
import type { WebClient } from '@slack/web-api';

import { SOMETHING_FAILED_TEXT } from '../routers/helpBlocks';
import type { AppDeps } from '../../deps';

interface ErrorBody {
  response_url?: string;
  user_id?: string;
  user?: { id?: string };
  event?: { user?: string };
  type?: string;
}

/**
 * The one place listener errors end up: logged with what the user was doing,
 * and the user is told (ephemerally where Slack allows it) that nothing happened.
 */
export function registerErrorHandler(app: App, deps: AppDeps, client: WebClient): void {
  const logger = deps.logger.child({ listener: 'error' });
  app.error(async ({ error, body }: ExtendedErrorHandlerArgs) => {
    const b = (body ?? {}) as ErrorBody;
    const userId = b.user_id ?? b.user?.id ?? b.event?.user;
    const original = (error as { original?: unknown }).original ?? error;
    logger.error({ err: original, userId, payloadType: b.type }, 'listener failed');
    try {
      if (b.response_url) {
        await fetch(b.response_url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, text: SOMETHING_FAILED_TEXT }),
        });
      } else if (userId && b.type !== 'view_submission') {
        await client.chat.postMessage({ channel: userId, text: SOMETHING_FAILED_TEXT });
      }
    } catch (notifyError) {
      logger.warn({ err: notifyError, userId }, 'could not tell the user about the failure');
    }
  });
}
