import { z } from '../../core/zod';

import { faqDmRefusalMessage, faqTopicsMessage } from './blocks';
import { answerFaqQuestion } from './commands';
import { MAX_QUESTION_CHARS } from './search';
import type { Message } from '../../core/blockKit';
import { requestScope } from '../../core/slack/requestContext';
import type { FaqDeps } from './deps';
import type { EventRoutes } from '../../core/routers/events';

/** The parts of a `message` event the FAQ reads; anything else about it is ignored. */
const DirectMessage = z.object({
  channel: z.string().min(1),
  channel_type: z.string().optional(),
  user: z.string().min(1).optional(),
  bot_id: z.string().optional(),
  subtype: z.string().optional(),
  text: z.string().optional(),
  ts: z.string().min(1),
  thread_ts: z.string().optional(),
  files: z.array(z.unknown()).optional(),
});

/**
 * A question typed in the app's Messages tab is answered in its thread, with the same buttons as
 * `/lead faq`. Only people's own new messages in the DM count: the bot's messages, edits,
 * deletions, joins and channel messages are ignored.
 */
export function registerFaqDirectMessages(routes: EventRoutes, deps: FaqDeps): void {
  routes.event('message', async ({ event, client, context }) => {
    const { logger } = requestScope(context);
    const parsed = DirectMessage.safeParse(event);
    if (!parsed.success) {
      logger.info('message event not understood; ignored');
      return;
    }
    const dm = parsed.data;
    if (dm.channel_type !== 'im') return;
    if (dm.bot_id || !dm.user || dm.user === context.botUserId) return;
    const sharedFiles = dm.subtype === 'file_share' || (dm.files?.length ?? 0) > 0;
    if (dm.subtype && !sharedFiles) return;

    const userId = dm.user;
    const reply = async (answer: Message) => {
      await client.chat.postMessage({ channel: dm.channel, thread_ts: dm.thread_ts ?? dm.ts, ...answer });
    };
    const text = (dm.text ?? '').trim();
    if (sharedFiles) {
      logger.info('faq dm with a file; asked for words');
      await reply(faqDmRefusalMessage('file', MAX_QUESTION_CHARS));
      return;
    }
    if (text.length > MAX_QUESTION_CHARS) {
      logger.info({ chars: text.length }, 'faq dm too long; asked for a shorter question');
      await reply(faqDmRefusalMessage('too_long', MAX_QUESTION_CHARS));
      return;
    }
    await deps.resolveManager(client, requestScope(context), userId);
    if (!text) {
      await reply(faqTopicsMessage(await deps.repos.faq.topics()));
      return;
    }
    await reply(await answerFaqQuestion(deps, userId, text, logger));
  });
}
