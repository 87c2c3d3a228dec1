import type { SharedDeps } from '../../core/feature';
import type { CommandRouterDeps } from '../../core/routers/commands';
import type { FaqRepository } from './repository';
import type { FaqQuestionLog } from './questionLog';

/** What the FAQ is given by the composition root. */
export interface FaqDeps extends Pick<SharedDeps, 'clock' | 'logger'> {
  repos: {
    faq: FaqRepository;
  };
  /** `/lead faq` questions, written in batches after the answer has gone out. */
  faqQuestions: FaqQuestionLog;
  /** A question by DM comes outside the `/lead` router: the enrolment feature's first-contact step, after the ack. */
  resolveManager: CommandRouterDeps['resolveManager'];
}
