import type { BlockButtonAction } from '@slack/bolt';
import { z } from '../../core/zod';

import {
  FAQ_ACTIONS,
  faqAnswerMessage,
  faqSharedMessage,
  faqSharePreviewMessage,
  faqStaleButtonMessage,
  faqTopicEntriesMessage,
  type EntryButtonValue,
} from './blocks';
import type { FaqEntry } from './content';
import type { RecordedQuestion } from './entities';
import { relatedEntries } from './commands';
import type { ActionRoutes } from '../../core/routers/actions';
import { requestScope } from '../../core/slack/requestContext';
import type { FaqDeps } from './deps';

const entryValueSchema = z.object({ e: z.string().min(1).max(100), q: z.number().int().positive().optional() });

/** Reads an entry button's value; undefined when it is not one we produced. */
export function parseEntryValue(raw: string | undefined): EntryButtonValue | undefined {
  if (!raw || raw.length > 2000) return undefined;
  try {
    const parsed = entryValueSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** FAQ buttons: open an entry, pick a "Did you mean" candidate, browse a topic, vote, share an answer in the channel. */
export function registerFaqActions(app: ActionRoutes, deps: FaqDeps): void {
  const faq = deps.repos.faq;
  const stale = { response_type: 'ephemeral', replace_original: false, ...faqStaleButtonMessage() } as const;

  /** The question behind a button, only when it was asked by the person pressing it. */
  async function ownQuestion(questionId: number | undefined, userId: string): Promise<RecordedQuestion | undefined> {
    if (questionId === undefined) return undefined;
    await deps.faqQuestions.flush();
    const question = await faq.question(questionId);
    return question && question.userId === userId ? question : undefined;
  }

  app.action<BlockButtonAction>({ type: 'block_actions', action_id: /^faq_open(_\d+)?$/ }, async ({ ack, body, action, respond, context }) => {
    await ack();
    const { logger } = requestScope(context);
    const value = parseEntryValue(action.value);
    const entry = value ? await faq.entry(value.e) : undefined;
    if (!value || !entry) {
      logger.info('faq button points to nothing');
      await respond(stale);
      return;
    }
    const question = await ownQuestion(value.q, body.user.id);
    const message = faqAnswerMessage(entry, {
      question: question ? { id: question.id, text: question.question } : undefined,
      related: await relatedEntries(faq, entry, undefined),
    });
    logger.info({ entryId: entry.id, questionId: question?.id }, 'faq entry opened');
    await respond({ response_type: 'ephemeral', replace_original: false, ...message });
  });

  /** The answer to a question as the asker sees it after a choice or a vote, with the related entries it first had. */
  async function answerInPlace(entry: FaqEntry, question: RecordedQuestion, userId: string) {
    const result = await faq.search(question.question);
    const related = await relatedEntries(faq, entry, result.results[0]?.entry.id === entry.id ? result : undefined);
    const vote = await faq.voteOf(question.id, userId);
    return faqAnswerMessage(entry, {
      question: { id: question.id, text: question.question },
      related,
      vote: vote?.entryId === entry.id ? vote.helpful : undefined,
    });
  }

  const chooseId = new RegExp(`^${FAQ_ACTIONS.choose}_\\d$`);
  app.action<BlockButtonAction>({ type: 'block_actions', action_id: chooseId }, async ({ ack, body, action, respond, context }) => {
    await ack();
    const { logger, now } = requestScope(context);
    const value = parseEntryValue(action.value);
    const entry = value ? await faq.entry(value.e) : undefined;
    const question = await ownQuestion(value?.q, body.user.id);
    if (!entry || !question) {
      logger.info('faq "did you mean" choice points to nothing');
      await respond(stale);
      return;
    }
    await faq.choose({ questionId: question.id, entryId: entry.id, userId: body.user.id, chosenAt: now });
    logger.info({ questionId: question.id, entryId: entry.id }, 'faq candidate chosen');
    await respond({ response_type: 'ephemeral', replace_original: true, ...(await answerInPlace(entry, question, body.user.id)) });
  });

  app.action<BlockButtonAction>({ type: 'block_actions', action_id: FAQ_ACTIONS.browseTopic }, async ({ ack, action, respond, context }) => {
    await ack();
    const { logger } = requestScope(context);
    const topic = await faq.topic(action.value ?? '');
    if (!topic) {
      logger.info('faq topic button points to nothing');
      await respond(stale);
      return;
    }
    await respond({ response_type: 'ephemeral', replace_original: false, ...faqTopicEntriesMessage(topic, await faq.entriesInTopic(topic.id)) });
  });

  for (const [actionId, helpful] of [
    [FAQ_ACTIONS.helpful, true],
    [FAQ_ACTIONS.notHelpful, false],
  ] as const) {
    app.action<BlockButtonAction>({ type: 'block_actions', action_id: actionId }, async ({ ack, body, action, respond, context }) => {
      await ack();
      const { logger } = requestScope(context);
      const value = parseEntryValue(action.value);
      const question = await ownQuestion(value?.q, body.user.id);
      const entry = value ? await faq.entry(value.e) : undefined;
      if (!question || !entry) {
        logger.info('faq vote on an unknown question or entry');
        await respond(stale);
        return;
      }
      await faq.vote({ questionId: question.id, entryId: entry.id, userId: body.user.id, helpful, votedAt: deps.clock.now() });
      logger.info({ questionId: question.id, entryId: entry.id, helpful }, 'faq vote stored');
      // The answer itself changes to show the vote: pressing again never piles up messages.
      await respond({ response_type: 'ephemeral', replace_original: true, ...(await answerInPlace(entry, question, body.user.id)) });
    });
  }

  /** The entry a share button points to; answers "out of date" and resolves undefined when there is none. */
  async function sharedEntry(raw: string | undefined, respond: (m: typeof stale) => Promise<unknown>, logger: { info: (msg: string) => void }) {
    const value = parseEntryValue(raw);
    const entry = value ? await faq.entry(value.e) : undefined;
    if (!entry) {
      logger.info('faq share of an unknown entry');
      await respond(stale);
    }
    return entry;
  }

  app.action<BlockButtonAction>({ type: 'block_actions', action_id: FAQ_ACTIONS.share }, async ({ ack, body, action, respond, context }) => {
    await ack();
    const { logger } = requestScope(context);
    const entry = await sharedEntry(action.value, respond, logger);
    if (!entry) return;
    await respond({ response_type: 'ephemeral', replace_original: false, ...faqSharePreviewMessage(entry, body.user.id) });
  });

  app.action<BlockButtonAction>({ type: 'block_actions', action_id: FAQ_ACTIONS.sharePost }, async ({ ack, body, action, respond, context }) => {
    await ack();
    const { logger } = requestScope(context);
    const entry = await sharedEntry(action.value, respond, logger);
    if (!entry) return;
    // Only the entry goes to the channel, never the question that led to it.
    await respond({ response_type: 'in_channel', replace_original: false, ...faqSharedMessage(entry, body.user.id) });
    await respond({ delete_original: true });
    logger.info({ entryId: entry.id, channelId: body.channel?.id }, 'faq answer shared in channel');
  });

  app.action<BlockButtonAction>({ type: 'block_actions', action_id: FAQ_ACTIONS.shareCancel }, async ({ ack, respond }) => {
    await ack();
    await respond({ delete_original: true });
  });
}
