import type { SharedDeps } from '../../core/feature';
import type { FaqRepository } from './repository';
import type { FaqQuestionLog } from './questionLog';

/** What the FAQ is given by the composition root. */
export interface FaqDeps extends Pick<SharedDeps, 'clock' | 'logger'> {
  repos: {
    faq: FaqRepository;
  };
  /** `/lead faq` questions, written in batches after the answer has gone out. */
  faqQuestions: FaqQuestionLog;
}
