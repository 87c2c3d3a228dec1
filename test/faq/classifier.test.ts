import { createClassifier, decodeClassifier, encodeClassifier, rankCandidates, trainClassifier, type TrainingSample } from '../../src/features/faq/search';

/** Three entries' ways of asking (folded topic words), as the repository trains on them. */
const SAMPLES: TrainingSample[] = [
  { key: 1, words: ['deadline', 'slipping', 'team'] },
  { key: 1, words: ['project', 'late', 'deadline'] },
  { key: 1, words: ['estimate', 'missed', 'date'] },
  { key: 2, words: ['team', 'burnout', 'exhausted'] },
  { key: 2, words: ['team', 'tired', 'overtime'] },
  // The word "deadline" also occurs in entry 2's answer, once among many.
  { key: 2, words: ['rest', 'overtime', 'deadline', 'recovery', 'sleep', 'hours', 'weekend'] },
  { key: 3, words: ['hiring', 'interview', 'candidate'] },
  { key: 3, words: ['team', 'grow', 'hire'] },
];

describe('FAQ classifier (which entry a question is about, learned from the ways of asking it)', () => {
  const classifier = createClassifier(trainClassifier(SAMPLES));
  const likeliest = (words: string[]) => [...classifier.logProbabilities(words)].sort((a, b) => b[1] - a[1])[0]?.[0];

  it("credits a word to the entry whose ways of asking use it, though another entry's text has it too", () => {
    const deadline = classifier.logProbabilities(['deadline']);
    expect(deadline.get(1)!).toBeGreaterThan(deadline.get(2)! + Math.log(2));
    expect(likeliest(['overtime'])).toBe(2);
    expect(likeliest(['interview', 'team'])).toBe(3);
  });

  it('gives every entry a log-probability, together summing to one', () => {
    const found = classifier.logProbabilities(['deadline', 'tired']);
    expect([...found.keys()].sort()).toEqual([1, 2, 3]);
    expect([...found.values()].reduce((s, lp) => s + Math.exp(lp), 0)).toBeCloseTo(1, 5);
  });

  it('says nothing about a question none of whose words it has seen', () => {
    expect(classifier.logProbabilities(['capital', 'peru']).size).toBe(0);
  });

  it('reads back from its bytes unchanged; anything else reads as no model', () => {
    const model = trainClassifier(SAMPLES);
    const decoded = decodeClassifier(encodeClassifier(model))!;
    expect(decoded.keys).toEqual(model.keys);
    const words = ['deadline', 'tired', 'hire'];
    expect([...createClassifier(decoded).logProbabilities(words)]).toEqual([...createClassifier(model).logProbabilities(words)]);
    expect(decodeClassifier(Buffer.from('LCSV0000'))).toBeUndefined();
    expect(decodeClassifier(encodeClassifier(model).subarray(0, 40))).toBeUndefined();
  });

  it('orders candidates but never makes an unconfident one the answer', () => {
    // Entries 1 and 2 match the question's one rare word alike; entry 3 only a common one.
    const concepts = [
      { any: new Set([1, 2]), strong: new Set([1, 2]), questions: new Set([10, 20]) },
      { any: new Set([1, 2, 3]), strong: new Set([3]), questions: new Set([30]) },
    ];
    const rank = (likely: Map<number, number>) =>
      rankCandidates(
        [
          { key: 1, bm25: -5 },
          { key: 2, bm25: -5 },
          { key: 3, bm25: -5 },
        ],
        concepts,
        70,
        (key) => [{ key: key * 10, words: 2 }],
        new Map(),
        likely,
      ).map((r) => [r.key, r.confident]);
    expect(rank(new Map())).toEqual([[1, true], [2, true], [3, false]]);
    expect(rank(new Map([[1, Math.log(0.1)], [2, Math.log(0.6)], [3, Math.log(0.3)]]))).toEqual([[2, true], [1, true], [3, false]]);
    expect(rank(new Map([[1, Math.log(0.01)], [2, Math.log(0.01)], [3, Math.log(0.98)]]))[2]).toEqual([3, false]);
  });
});
