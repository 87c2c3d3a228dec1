import type { FeatureDeps } from '../../deps';

/** What the FAQ is given by the composition root. */
export type FaqDeps = FeatureDeps<'clock' | 'logger' | 'faqQuestions', 'faq'>;
