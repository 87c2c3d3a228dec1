// @engines sqlite postgres
import type { Database } from '../../src/core/db/database';
import { loadFaqContent } from '../../src/features/faq/content';
import { createFaqRepository, syncFaqIndex, type FaqRepository } from '../../src/features/faq/repository';
import { BOOST_PER_PERSON, FOLDING_VERSION, foldingIdentity, LEARNING_MIN_PEOPLE, MAX_BOOST } from '../../src/features/faq/search';
import { PHRASE_FOLDS } from '../../src/features/faq/search/synonyms';
import { freshDatabase, openTestDatabase, testEngine } from '../support/database';
import { migratedTempDb } from '../support/harness';
import { fixedWorkspace, InstalledWorkspace } from '../../src/core/workspace';

/** The workspace the managers of these tests belong to (their rows are stored under it). */
const T1 = fixedWorkspace('T1');

const PLAUSIBLE_QUESTION = 'how to deal with stakeholders';
const CONFIDENT_QUESTION = 'my team is burning out';
const AT = new Date('2026-11-18T10:00:00Z');

describe('learning from use, bounded (real database on this run\'s engine, real migrations)', () => {
  let db: Database;
  let locator: string;
  let faq: FaqRepository;
  const people = Array.from({ length: 12 }, (_, i) => `U_P${i}`);

  beforeEach(async () => {
    ({ db, locator } = await freshDatabase());
    for (const p of people) await db.run("INSERT INTO managers (user_id, team_id, enrolled_at) VALUES (?, 'T1', '2026-01-01T00:00:00Z')", [p]);
    faq = createFaqRepository(db, { workspace: T1 });
  });
  afterEach(() => db.close());

  const learningRows = async () => (await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM faq_learning'))?.n;

  async function ask(userId: string, question: string): Promise<number> {
    return faq.recordQuestion({ userId, question, result: await faq.search(question), channel: 'slack', askedAt: AT });
  }
  const scoreOf = async (q: string, entryId: string) => (await faq.search(q)).results.find((r) => r.entry.id === entryId)?.score;

  it('one person choosing the same candidate 50 times changes nothing for anyone; three people make it the answer', async () => {
    const before = await faq.search(PLAUSIBLE_QUESTION);
    expect(before).toMatchObject({ matched: false, plausible: true });
    // The lowest candidate that three people's choice (+0.3) can lift past the first, with room to
    // spare, so that adding a phrasing somewhere in the content does not decide this test.
    const reach = LEARNING_MIN_PEOPLE * BOOST_PER_PERSON - 0.05;
    const top = before.results[0]!;
    const chosen = [...before.results].reverse().find((r) => r !== top && top.score - r.score < reach)?.entry.id;
    if (chosen === undefined) throw new Error(`no candidate of "${PLAUSIBLE_QUESTION}" is within ${reach} of the first`);

    for (let i = 0; i < 50; i++) {
      const id = await ask('U_P0', PLAUSIBLE_QUESTION);
      await faq.choose({ questionId: id, entryId: chosen, userId: 'U_P0', chosenAt: AT });
      await faq.vote({ questionId: id, entryId: chosen, userId: 'U_P0', helpful: true, votedAt: AT });
    }
    const afterOne = await faq.search(PLAUSIBLE_QUESTION);
    expect(afterOne.matched).toBe(false);
    expect(afterOne.results.map((r) => [r.entry.id, r.score])).toEqual(before.results.map((r) => [r.entry.id, r.score]));

    for (const p of people.slice(1, LEARNING_MIN_PEOPLE)) {
      const id = await ask(p, PLAUSIBLE_QUESTION);
      await faq.choose({ questionId: id, entryId: chosen, userId: p, chosenAt: AT });
    }
    const learned = await faq.search(PLAUSIBLE_QUESTION);
    expect(learned.matched).toBe(true);
    expect(learned.results[0]?.entry.id).toBe(chosen);
    // Asked in other words with the same topic words, it learned too; other questions did not move.
    expect((await faq.search('How to DEAL with stakeholders?')).results[0]?.entry.id).toBe(chosen);
    expect((await faq.search('how technical should I stay?')).results[0]?.entry.id).toBe('how-technical-to-stay');
  });

  it('50 "Not helpful" votes from one person do not move an answer; three people do, by a bounded amount', async () => {
    const top = (await faq.search(CONFIDENT_QUESTION)).results[0]!.entry.id;
    const before = await scoreOf(CONFIDENT_QUESTION, top);
    const id = await ask('U_P0', CONFIDENT_QUESTION);
    for (let i = 0; i < 50; i++) await faq.vote({ questionId: id, entryId: top, userId: 'U_P0', helpful: false, votedAt: AT });
    expect(await scoreOf(CONFIDENT_QUESTION, top)).toBe(before);
    expect(await learningRows()).toBe(1);

    for (const p of people.slice(1, 3)) {
      await faq.vote({ questionId: await ask(p, CONFIDENT_QUESTION), entryId: top, userId: p, helpful: false, votedAt: AT });
    }
    expect(await scoreOf(CONFIDENT_QUESTION, top)).toBeCloseTo((before ?? 0) - 3 * BOOST_PER_PERSON, 9);

    // However many agree, the adjustment stops at the cap.
    for (const p of people.slice(3)) {
      await faq.vote({ questionId: await ask(p, CONFIDENT_QUESTION), entryId: top, userId: p, helpful: false, votedAt: AT });
    }
    expect(people.length * BOOST_PER_PERSON).toBeGreaterThan(MAX_BOOST);
    expect(await scoreOf(CONFIDENT_QUESTION, top)).toBeCloseTo((before ?? 0) - MAX_BOOST, 9);
  });

  it('changing a vote replaces what that person taught, and a restart keeps what was learned', async () => {
    const top = (await faq.search(CONFIDENT_QUESTION)).results[0]!.entry.id;
    const before = await scoreOf(CONFIDENT_QUESTION, top);
    const ids = new Map<string, number>();
    for (const p of people.slice(0, 3)) {
      const id = await ask(p, CONFIDENT_QUESTION);
      ids.set(p, id);
      await faq.vote({ questionId: id, entryId: top, userId: p, helpful: false, votedAt: AT });
    }
    await faq.vote({ questionId: ids.get('U_P0')!, entryId: top, userId: 'U_P0', helpful: true, votedAt: AT });
    // Two against, one in favour: net -1 from three people.
    expect(await scoreOf(CONFIDENT_QUESTION, top)).toBeCloseTo((before ?? 0) - BOOST_PER_PERSON, 9);
    // A restart: a new connection to the same database, and a repository built afresh on it.
    const reopened = await openTestDatabase(locator);
    try {
      const restarted = createFaqRepository(reopened, { workspace: T1 });
      expect((await restarted.search(CONFIDENT_QUESTION)).results.find((r) => r.entry.id === top)?.score).toBeCloseTo((before ?? 0) - BOOST_PER_PERSON, 9);
    } finally {
      await reopened.close();
    }
  });

  it("keeps two workspaces apart: the same people agreeing in one never re-rank the other's answers, on a refresh or at a start", async () => {
    for (const p of people) await db.run("INSERT INTO managers (user_id, team_id, enrolled_at) VALUES (?, 'T2', '2026-01-01T00:00:00Z')", [p]);
    // The other workspace's process re-reads what was learned on every search.
    const other = createFaqRepository(db, { workspace: fixedWorkspace('T2'), learningRefreshMs: 0 });
    const top = (await faq.search(CONFIDENT_QUESTION)).results[0]!.entry.id;
    const before = await scoreOf(CONFIDENT_QUESTION, top);
    const otherScore = async (repo: FaqRepository = other) => (await repo.search(CONFIDENT_QUESTION)).results.find((r) => r.entry.id === top)?.score;
    expect(await otherScore()).toBe(before);

    for (const p of people.slice(0, LEARNING_MIN_PEOPLE)) {
      await faq.vote({ questionId: await ask(p, CONFIDENT_QUESTION), entryId: top, userId: p, helpful: false, votedAt: AT });
    }
    expect(await scoreOf(CONFIDENT_QUESTION, top)).toBeCloseTo((before ?? 0) - LEARNING_MIN_PEOPLE * BOOST_PER_PERSON, 9);
    // Several background refreshes later, the other workspace ranks as before; so does a new start of it.
    for (let i = 0; i < 5; i++) {
      expect(await otherScore()).toBe(before);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await otherScore(createFaqRepository(db, { workspace: fixedWorkspace('T2') }))).toBe(before);
    expect(await db.all('SELECT DISTINCT team_id FROM faq_learning')).toEqual([{ team_id: 'T1' }]);
  });

  it('built before the installed workspace is known (as the app does), loads that workspace\'s learning on the first search after', async () => {
    const top = (await faq.search(CONFIDENT_QUESTION)).results[0]!.entry.id;
    const before = await scoreOf(CONFIDENT_QUESTION, top);
    for (const p of people.slice(0, LEARNING_MIN_PEOPLE)) {
      await faq.vote({ questionId: await ask(p, CONFIDENT_QUESTION), entryId: top, userId: p, helpful: false, votedAt: AT });
    }
    const learned = (before ?? 0) - LEARNING_MIN_PEOPLE * BOOST_PER_PERSON;

    const installed = new InstalledWorkspace();
    const early = createFaqRepository(db, { workspace: installed });
    const earlyScore = async () => (await early.search(CONFIDENT_QUESTION)).results.find((r) => r.entry.id === top)?.score;
    // A search before then answers from the content alone (nothing is served before start, but it must not fail).
    expect(await earlyScore()).toBe(before);
    installed.learn('T1');
    expect(await earlyScore()).toBeCloseTo(learned, 9);
  });

  it('forgetting a person removes what they taught (their rows go with them)', async () => {
    const id = await ask('U_P0', CONFIDENT_QUESTION);
    await faq.vote({ questionId: id, entryId: 'team-burnout', userId: 'U_P0', helpful: true, votedAt: AT });
    expect(await learningRows()).toBe(1);
    await db.run("DELETE FROM managers WHERE user_id = 'U_P0'");
    expect(await learningRows()).toBe(0);
  });
});

// SQLite only: the search index (FTS5) is kept in the app's SQLite file between starts, so only there
// can a start skip re-indexing; on PostgreSQL it is an in-memory SQLite rebuilt at every start.
const sqliteOnly = testEngine() === 'sqlite' ? describe : describe.skip;
sqliteOnly('FAQ index at start-up (SQLite: the index is kept in the file)', () => {
  it('skips folding when the content and folding are unchanged, and re-indexes when the version or a fold table changes', () => {
    const { db } = migratedTempDb();
    const content = loadFaqContent();
    const newVersion = foldingIdentity({ version: FOLDING_VERSION + 1 });
    expect(syncFaqIndex(db, content)).toEqual({ reindexed: true, entries: content.entries.length });
    expect(syncFaqIndex(db, content)).toEqual({ reindexed: false, entries: content.entries.length });
    expect(syncFaqIndex(db, content, new Date(), newVersion)).toEqual({ reindexed: true, entries: content.entries.length });
    expect(syncFaqIndex(db, content, new Date(), newVersion)).toEqual({ reindexed: false, entries: content.entries.length });
    // One fold edited, or one abbreviation added, with no version bump: folded anew all the same.
    const editedFold = foldingIdentity({ phraseFolds: [...PHRASE_FOLDS, [/\bprod\b/g, ' production ']] });
    const addedShorthand = foldingIdentity({ abbreviations: new Map([['mgr', 'manager'], ['wdyt', 'what do you think']]) });
    expect(new Set([foldingIdentity(), newVersion, editedFold, addedShorthand]).size).toBe(4);
    expect(syncFaqIndex(db, content, new Date(), editedFold).reindexed).toBe(true);
    expect(syncFaqIndex(db, content, new Date(), addedShorthand).reindexed).toBe(true);
    expect(syncFaqIndex(db, content, new Date(), addedShorthand).reindexed).toBe(false);
    // An index emptied behind its back is rebuilt even though the key matches.
    db.prepare('DELETE FROM faq_fts').run();
    expect(syncFaqIndex(db, content, new Date(), addedShorthand).reindexed).toBe(true);
    db.close();
  });
});
