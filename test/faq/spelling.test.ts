import { createSpellingCorrector, vocabularyOf, withinOneEdit } from '../../src/features/faq/search';
import { createFaqRepository, type FaqRepository } from '../../src/features/faq/repository';
import { sqliteDatabase } from '../../src/core/db/sqlite';
import { migratedTempDb } from '../support/harness';
import { fixedWorkspace } from '../../src/core/workspace';

/** The workspace the repository serves, as the bot's does (these searches store nothing). */
const T1 = fixedWorkspace('T1');

describe('typo tolerance', () => {
  const corrector = createSpellingCorrector(vocabularyOf(['burnout feedback delegate', 'feedback mentor']));

  it('counts one insertion, deletion, substitution or swap as one edit, and nothing more', () => {
    expect(withinOneEdit('feedbak', 'feedback')).toBe(true);
    expect(withinOneEdit('feeedback', 'feedback')).toBe(true);
    expect(withinOneEdit('feedbock', 'feedback')).toBe(true);
    expect(withinOneEdit('burnuot', 'burnout')).toBe(true);
    expect(withinOneEdit('fedbak', 'feedback')).toBe(false);
    expect(withinOneEdit('burnotu', 'burnout')).toBe(true);
    expect(withinOneEdit('bunrotu', 'burnout')).toBe(false);
  });

  it('reads a long unknown word as the vocabulary word one edit away', () => {
    expect(corrector.correct('burnuot')).toBe('burnout');
    expect(corrector.correct('delegte')).toBe('delegate');
  });

  it('leaves short words, English words, known words and far-off words alone', () => {
    expect(corrector.correct('mentr')).toBe('mentor');
    expect(corrector.correct('mento')).toBe('mentor');
    expect(corrector.correct('ment')).toBeUndefined();
    expect(corrector.correct('feedback')).toBeUndefined();
    expect(corrector.correct('payroll')).toBeUndefined();
    expect(corrector.correct('kubernetes')).toBeUndefined();
  });
});

describe('typo tolerance for everyday English words the entries do not use as spelt', () => {
  const ranks = new Map([['anxious', 3000], ['measuring', 2500], ['measured', 4000], ['someone', 300], ['locker', 9000]]);
  const corrector = createSpellingCorrector(vocabularyOf(['burnout feedback measure']), (w) => ranks.get(w));

  it('reads a long unknown word as the most common English word one edit away, after the vocabulary', () => {
    expect(corrector.correct('anxios')).toBe('anxious');
    expect(corrector.correct('measurign')).toBe('measuring');
    expect(corrector.correct('burnuot')).toBe('burnout');
    expect(corrector.correct('qwzxvy')).toBeUndefined();
  });

  it('does not read a rare word as the common one a substituted letter away', () => {
    expect(corrector.correct('docker')).toBeUndefined();
  });

  it('searches a misspelt filler word as the filler it is, not as an unknown subject', async () => {
    const repo = createFaqRepository(sqliteDatabase(migratedTempDb().db), { workspace: T1, cacheResults: false });
    const right = await repo.search('how do I prevent burnout on my team when something breaks');
    const typo = await repo.search('how do I prevent burnout on my team when somethign breaks');
    expect(typo.matched).toBe(right.matched);
    expect(typo.results[0]?.entry.id).toBe(right.results[0]?.entry.id);
  });
});

describe('searching with a typo', () => {
  let repo: FaqRepository;
  beforeAll(() => {
    repo = createFaqRepository(sqliteDatabase(migratedTempDb().db), { workspace: T1, cacheResults: false });
  });

  it.each([
    ['a misspelt topic word', 'how do I prevent burnout on my team', 'how do i prevent burnuot on my team'],
    // English knows "mangaer" only as an inflection of another word (manga + er); it is the word one edit away.
    ['a typo that looks like an inflection', 'how would i even know if im doing ok as a manager', 'how would i even know if im doing ok as a mangaer'],
  ])('answers %s as if it were spelt right', async (_, spelt, misspelt) => {
    const right = await repo.search(spelt);
    const typo = await repo.search(misspelt);
    expect(right.matched).toBe(true);
    expect(typo.matched).toBe(true);
    expect(typo.results[0]?.entry.id).toBe(right.results[0]?.entry.id);
  });

  it('still declines a question about a word the knowledge base has no near spelling of', async () => {
    expect((await repo.search('how do I renew my work visa')).matched).toBe(false);
  });
});
