import fs from 'node:fs';

import { loadFaqContent } from '../../src/features/faq/content';
import {
  createNeighbourFinder,
  buildEntryVectors,
  createSentenceIndex,
  decodeEntryVectors,
  encodeEntryVectors,
  everydayness,
  foldText,
  openWordVectors,
  parseWordVectors,
  STOP_WORDS,
  WORD_VECTORS_FILE,
  wordVectors,
} from '../../src/features/faq/search';

describe('shipped word vectors (content/word-vectors.bin)', () => {
  const vectors = wordVectors();

  it('are present and readable, with the common English words and their frequency ranks', () => {
    expect(vectors).not.toBeNull();
    expect(vectors!.size).toBeGreaterThanOrEqual(30000);
    expect(vectors!.dimensions).toBe(100);
    expect(vectors!.rankOf('the')).toBe(1);
    expect(vectors!.rankOf('meeting')).toBeLessThan(vectors!.rankOf('retrospective') ?? Infinity);
  });

  it("have a vector for nearly every word the knowledge base's questions and answers use", () => {
    const words = new Set(
      loadFaqContent().entries.flatMap((e) =>
        [e.title, ...e.phrasings, e.answer].flatMap((t) => foldText(t).split(' ')).filter((w) => w.length > 2 && !STOP_WORDS.has(w)),
      ),
    );
    const covered = [...words].filter((w) => vectors!.indexOf(w) !== undefined).length;
    expect(covered / words.size).toBeGreaterThan(0.9);
  });

  it('put words of like meaning close and unrelated ones apart', () => {
    const finder = createNeighbourFinder(vectors!, ['tired', 'budget', 'feedback']);
    expect(finder.neighbours('exhausted').map((n) => n.word)).toEqual(['tired']);
    expect(finder.neighbours('banana')).toEqual([]);
    expect(finder.neighbours('kubernetes')).toEqual([]);
  });

  it('rank how common a word is: filler weighs little, a word English rarely uses is the subject', () => {
    expect(everydayness('terrible')).toBeGreaterThan(0.5);
    expect(everydayness('the')).toBeGreaterThan(everydayness('terrible'));
    expect(everydayness('kubernetes')).toBe(0);
  });

  it('give whole questions a sentence vector that finds the entry meant when no word is shared', () => {
    const built = buildEntryVectors(vectors!, [
      { key: 1, questions: [['team', 'exhausted'], ['engineers', 'tired', 'overworked']], tags: ['burnout', 'rest'] },
      { key: 2, questions: [['budget', 'planning'], ['cost', 'quarter']], tags: ['money', 'spending'] },
      { key: 3, questions: [['hiring', 'interview'], ['candidate', 'questions']], tags: ['recruiting'] },
    ]);
    const index = createSentenceIndex(vectors!, built);
    const near = index.similarities(['weary', 'staff']);
    expect(near.get(1)).toBeGreaterThan(near.get(2)!);
    expect(near.get(1)).toBeGreaterThan(near.get(3)!);
    const money = index.similarities(['expenses', 'finance']);
    expect(money.get(2)).toBeGreaterThan(money.get(1)!);
    expect(index.similarities(['zzqxv']).size).toBe(0);
    expect([...index.similarities(['weary', 'staff'], [1, 3]).keys()]).toEqual([1, 3]);
    expect(index.similarities(['weary', 'staff'], [3]).get(3)).toBe(near.get(3));

    // Kept on disk between starts: read back, the same index answers the same; anything else is not taken for it.
    const encoded = encodeEntryVectors(built);
    const decoded = decodeEntryVectors(encoded, vectors!.dimensions);
    expect(decoded).toBeDefined();
    expect(createSentenceIndex(vectors!, decoded!).similarities(['weary', 'staff'])).toEqual(near);
    expect(decodeEntryVectors(encoded.subarray(0, encoded.length - 4), vectors!.dimensions)).toBeUndefined();
    expect(decodeEntryVectors(encoded, vectors!.dimensions + 1)).toBeUndefined();
    expect(decodeEntryVectors(Buffer.from('LCSV not really'), vectors!.dimensions)).toBeUndefined();
  });

  it('read from the file in parts give the same vectors, ranks and rows as read whole, before and after the full read', () => {
    const whole = parseWordVectors(fs.readFileSync(WORD_VECTORS_FILE));
    const parts = openWordVectors(WORD_VECTORS_FILE);
    // Past 64 lookups both switch to the word map and the full value table: compare on either side of it.
    const words = ['manager', 'tired', 'kubernetes', 'the', 'zzqxv', ...Array.from({ length: 80 }, (_, i) => `word${i}`), 'budget', 'exhausted'];
    for (const w of words) {
      expect(parts.indexOf(w)).toBe(whole.indexOf(w));
      expect(parts.rankOf(w)).toBe(whole.rankOf(w));
      const row = whole.indexOf(w);
      if (row !== undefined) expect(parts.vector(row)).toEqual(whole.vector(row));
    }
    for (let row = 0; row < 100; row++) expect(parts.vector(row)).toEqual(whole.vector(row));
    expect(parts.indexOf('exhausted')).toBeDefined();
  });

  it('refuse a file that is not a word-vector file, naming it', () => {
    expect(() => parseWordVectors(Buffer.from('not vectors at all'), 'broken.bin')).toThrow(/broken\.bin/);
    const real = fs.readFileSync(WORD_VECTORS_FILE);
    expect(() => parseWordVectors(real.subarray(0, 1000), 'cut.bin')).toThrow(/cut\.bin.*truncated/);
  });
});
