import { isConfident, OFFER_SENTENCE_FLOOR, questionWords, rankCandidates, SENTENCE_VETO, worthOffering, type RankedCandidate } from '../../src/features/faq/search';

/** Behaviour added for phrasings outside the evaluation sets: vocabulary, confidence and ranking. */
describe('FAQ vocabulary for how managers phrase things', () => {
  it('ignores weekdays and small numbers like other time words', () => {
    expect(questionWords('I start as a manager on Monday with five reports')).toEqual(['start', 'manager', 'reports']);
  });
});

describe('FAQ confidence with words the knowledge base has never seen', () => {
  const total = 70;
  it('declines when the only shared word is as rare as the unknown one next to it', () => {
    // "plan the team's holiday party": one rare word matches, the other was never seen.
    const evidence = [
      { docCount: 7, match: 'none' as const },
      { docCount: 53, match: 'strong' as const },
      { docCount: 1, match: 'strong' as const },
      { docCount: 0, match: 'none' as const },
    ];
    expect(isConfident(evidence, total)).toBe(false);
  });
});

describe('FAQ ranking', () => {
  it('puts a confident answer above a better-scoring candidate that would be declined', () => {
    const concepts = [
      { any: new Set([1, 2]), strong: new Set([1]), questions: new Set([10]) },
      { any: new Set([2, 3, 4]), strong: new Set([2]), questions: new Set([20]) },
    ];
    const ranked = rankCandidates(
      [
        { key: 1, bm25: -10 },
        { key: 2, bm25: -2 },
      ],
      concepts,
      70,
      (key) => [{ key: key * 10, words: 1 }],
    );
    expect(ranked.map((r) => [r.key, r.confident])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect(ranked[1]!.score).toBeGreaterThan(ranked[0]!.score);
  });

  it('does not trust a word match whose whole meaning is far from the question: the next confident entry answers', () => {
    // Both entries share the question's two concepts in their titles; entry 1 only by coincidence of words.
    const concepts = [
      { any: new Set([1, 2]), strong: new Set([1, 2]), questions: new Set([10, 20]) },
      { any: new Set([1, 2]), strong: new Set([1, 2]), questions: new Set([10, 20]) },
    ];
    const rank = (similarity: Map<number, number>) =>
      rankCandidates(
        [
          { key: 1, bm25: -10 },
          { key: 2, bm25: -5 },
        ],
        concepts,
        70,
        (key) => [{ key: key * 10, words: 2 }],
        similarity,
      ).map((r) => [r.key, r.confident]);
    expect(rank(new Map([[1, 0.3], [2, 0.25]]))).toEqual([[1, true], [2, true]]);
    expect(rank(new Map([[1, SENTENCE_VETO - 0.01], [2, 0.25]]))).toEqual([[2, true], [1, false]]);
    // Without word vectors (no similarities) nothing is vetoed.
    expect(rank(new Map())).toEqual([[1, true], [2, true]]);
  });

  it('offers "Did you mean…?" only when the best plausible candidate also resembles the question as a sentence', () => {
    const best = (plausible: boolean, sentence: number | undefined): RankedCandidate => ({
      key: 1,
      relevance: 1,
      coverage: 0.3,
      questionMatch: 0.2,
      confident: false,
      plausible,
      sentence,
      score: 1,
    });
    expect(worthOffering(best(true, OFFER_SENTENCE_FLOOR + 0.05))).toBe(true);
    expect(worthOffering(best(true, OFFER_SENTENCE_FLOOR - 0.05))).toBe(false);
    expect(worthOffering(best(false, 0.9))).toBe(false);
    // Without word vectors the lexical evidence decides alone, as before.
    expect(worthOffering(best(true, undefined))).toBe(true);
    expect(worthOffering(undefined)).toBe(false);
  });
});
