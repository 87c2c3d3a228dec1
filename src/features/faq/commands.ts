import { faqAnswerMessage, faqDidYouMeanMessage, faqNoMatchMessage, faqTopicsMessage, FAQ_EXAMPLE } from './blocks';
import type { FaqEntry } from './content';
import type { FaqSearch } from './entities';
import type { FaqRepository } from './repository';
import type { Message } from '../../core/blockKit';
import type { Logger } from '../../core/logger';
import type { Subcommand } from '../../core/routers/subcommand';
import type { FaqDeps } from './deps';
import { closestMatch } from '../../core/closest';

/** Up to two entries to offer next to the answer: the next search results, else neighbours in the same topic. */
export async function relatedEntries(faq: FaqRepository, best: FaqEntry, result: FaqSearch | undefined): Promise<FaqEntry[]> {
  const related = (result?.results ?? []).slice(1).map((r) => r.entry);
  for (const e of await faq.entriesInTopic(best.topic)) {
    if (related.length >= 2) break;
    if (e.id !== best.id && !related.some((r) => r.id === e.id)) related.push(e);
  }
  return related.filter((e) => e.id !== best.id).slice(0, 2);
}

/**
 * Searches, records the question, and builds the asker's answer: the entry when confident,
 * "Did you mean…?" when close, else "no guidance yet" with the topics. Used by `/lead faq` and DMs.
 */
export async function answerFaqQuestion(deps: Pick<FaqDeps, 'repos' | 'faqQuestions' | 'clock'>, userId: string, question: string, logger: Logger): Promise<Message> {
  const faq = deps.repos.faq;
  const result = await faq.search(question);
  // "hi :wave:", "thanks!", "?": no topic word, so nothing to answer or to note as a gap; say what can be asked.
  if (!result.gapKey) {
    logger.info('faq message without a topic word; topics shown');
    return faqTopicsMessage(await faq.topics());
  }
  const questionId = await deps.faqQuestions.record({ userId, question, result, channel: 'slack', askedAt: deps.clock.now() });
  const best = result.matched ? result.results[0] : undefined;
  // The question text stays out of the logs: it may name people or situations.
  logger.info(
    { questionId, matched: Boolean(best), plausible: result.plausible, entryId: best?.entry.id, coverage: best?.coverage ?? result.results[0]?.coverage },
    'faq question answered',
  );
  if (best) {
    return faqAnswerMessage(best.entry, { question: { id: questionId, text: question }, related: await relatedEntries(faq, best.entry, result) });
  }
  if (result.plausible && result.results.length > 0) {
    return faqDidYouMeanMessage({ id: questionId, text: question }, result.results.map((r) => r.entry));
  }
  return faqNoMatchMessage(question, await faq.topics());
}

/** `/lead faq [question]`: the best answer privately, or the topics when there is no question or no answer. */
export function faqSubcommands(): Subcommand<FaqDeps>[] {
  return [
    {
      name: 'faq',
      answersFromDatabase: true,
      takesUnmatchedText: readsLikeQuestion,
      summary: 'Ask a question about being a new manager and get guidance from the source documents, or browse the topics',
      example: FAQ_EXAMPLE,
      async run({ args, command, respond, logger, deps }) {
        if (!args) {
          await respond({ response_type: 'ephemeral', ...faqTopicsMessage(await deps.repos.faq.topics()) });
          return;
        }
        await respond({ response_type: 'ephemeral', ...(await answerFaqQuestion(deps, command.user_id, args, logger)) });
      },
    },
  ];
}

const QUESTION_WORDS = new Set([
  'how', 'what', 'whats', "what's", 'why', 'when', 'where', 'who', 'which', 'should', 'can', 'could', 'would', 'is', 'are',
  'do', 'does', 'did', 'will', 'any', 'i', "i'm", 'im', "i've", 'ive', 'my', 'tips', 'advice',
]);

/**
 * Whether `/lead <text>` that names no subcommand is a question to answer from the FAQ: it ends
 * with "?", starts with a question word or "I …", or is four words or more whose first word is
 * no typo of a subcommand (`/lead wek last` stays a typo: "did you mean /lead week").
 */
export function readsLikeQuestion(text: string, subcommandNames: readonly string[]): boolean {
  const trimmed = text.trim();
  if (!trimmed) return false;
  if (trimmed.endsWith('?')) return true;
  const words = trimmed.toLowerCase().split(/\s+/);
  const first = (words[0] ?? '').replace(/[^\p{L}\p{N}']/gu, '');
  if (QUESTION_WORDS.has(first)) return true;
  return words.length >= 4 && closestMatch(first, subcommandNames) === undefined;
}
