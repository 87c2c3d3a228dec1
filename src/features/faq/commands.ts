import { faqAnswerMessage, faqNoMatchMessage, faqTopicsMessage, FAQ_EXAMPLE } from './blocks';
import type { FaqEntry } from './content';
import type { FaqSearch } from './entities';
import type { FaqRepository } from './repository';
import type { Subcommand } from '../../core/routers/subcommand';
import type { FaqDeps } from './deps';

/** Up to two entries to offer next to the answer: the next search results, else neighbours in the same topic. */
export async function relatedEntries(faq: FaqRepository, best: FaqEntry, result: FaqSearch | undefined): Promise<FaqEntry[]> {
  const related = (result?.results ?? []).slice(1).map((r) => r.entry);
  for (const e of await faq.entriesInTopic(best.topic)) {
    if (related.length >= 2) break;
    if (e.id !== best.id && !related.some((r) => r.id === e.id)) related.push(e);
  }
  return related.filter((e) => e.id !== best.id).slice(0, 2);
}

/** `/lead faq [question]`: the best answer privately, or the topics when there is no question or no answer. */
export function faqSubcommands(): Subcommand<FaqDeps>[] {
  return [
    {
      name: 'faq',
      answersFromDatabase: true,
      summary: 'Ask a question about being a new manager and get guidance from the source documents, or browse the topics',
      example: FAQ_EXAMPLE,
      async run({ args, command, respond, logger, deps }) {
        const faq = deps.repos.faq;
        if (!args) {
          await respond({ response_type: 'ephemeral', ...faqTopicsMessage(await faq.topics()) });
          return;
        }
        const result = await faq.search(args);
        const questionId = await deps.faqQuestions.record({
          userId: command.user_id,
          question: args,
          result,
          channel: 'slack',
          askedAt: deps.clock.now(),
        });
        const best = result.matched ? result.results[0] : undefined;
        // The question text stays out of the logs: it may name people or situations.
        logger.info({ questionId, matched: Boolean(best), entryId: best?.entry.id, coverage: best?.coverage }, 'faq question answered');
        if (!best) {
          await respond({ response_type: 'ephemeral', ...faqNoMatchMessage(args, await faq.topics()) });
          return;
        }
        const message = faqAnswerMessage(best.entry, {
          question: { id: questionId, text: args },
          related: await relatedEntries(faq, best.entry, result),
        });
        await respond({ response_type: 'ephemeral', ...message });
      },
    },
  ];
}
