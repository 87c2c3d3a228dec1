/**
 * Learning from use, bounded. People's "Did you mean…?" choices and Helpful / Not helpful votes
 * move an entry up or down for questions with the same topic words, but only once several people
 * agree, and never by more than a fixed amount: one person, however many times they press, cannot
 * redirect the answer everybody else gets.
 */

/** Distinct people who must have said something about an entry for a way of asking before it counts. */
export const LEARNING_MIN_PEOPLE = 3;
/** Score added per person in favour (taken per person against), before the cap. */
export const BOOST_PER_PERSON = 0.1;
/**
 * The most the score can move either way. A search score is coverage, question match and relevance (up to 1 each)
 * plus 3 × the sentence similarity and 0.5 × the classifier's ln P (rank.ts); close candidates differ by tenths, so a
 * settled crowd can swap neighbours but not lift an unrelated entry over a clear answer. (Over the readable eval
 * sets the first two results are less than 0.5 apart for 23% of questions, 29% before the classifier joined.)
 */
export const MAX_BOOST = 0.5;

/** The score adjustment for an entry from `people` distinct people whose signals (+1 / -1) sum to `net`. */
export function learnedBoost(people: number, net: number): number {
  if (people < LEARNING_MIN_PEOPLE) return 0;
  return Math.max(-MAX_BOOST, Math.min(MAX_BOOST, net * BOOST_PER_PERSON));
}
