// @engines sqlite postgres
import type { Database } from '../../src/core/db/database';
import { createLogger } from '../../src/core/logger';
import type { NewQuestion } from '../../src/features/faq/entities';
import { createFaqQuestionLog } from '../../src/features/faq/questionLog';
import { createFaqRepository, type FaqRepository } from '../../src/features/faq/repository';
import { BOOST_PER_PERSON, LEARNING_MIN_PEOPLE } from '../../src/features/faq/search';
import { createPersonalDataRepository } from '../../src/features/privacy/repository';
import { freshDatabase } from '../support/database';
import { LogCapture } from '../support/harness';
import { fixedWorkspace } from '../../src/core/workspace';

/** The workspace the managers of these tests belong to (their rows are stored under it). */
const T1 = fixedWorkspace('T1');

/**
 * What the FAQ stores about people (questions, votes, "Did you mean" choices, learning signals) on
 * this run's engine. On PostgreSQL the search index is an in-memory SQLite and only these rows go
 * to the server; on SQLite both share the file.
 */
const AT = new Date('2026-11-20T10:00:00Z');
const CONFIDENT = 'my team is burning out';
const PLAUSIBLE = 'how to deal with stakeholders';
const DECLINED = 'recipe for banana bread';
const PEOPLE = ['U1', 'U2', 'U3', 'U4', 'U5'];

describe(`FAQ storage (${process.env.LEAD_COACH_TEST_ENGINE ?? 'sqlite'})`, () => {
  let db: Database;
  let faq: FaqRepository;

  beforeEach(async () => {
    ({ db } = await freshDatabase());
    for (const u of PEOPLE) {
      await db.run("INSERT INTO managers (user_id, team_id, enrolled_at) VALUES (?, 'T1', '2026-01-01T00:00:00Z')", [u]);
    }
    faq = createFaqRepository(db, { workspace: T1, derivedCacheDir: null });
  });
  afterEach(async () => {
    await db.close();
  });

  async function asked(userId: string | null, question: string, repo: FaqRepository = faq): Promise<NewQuestion> {
    return { userId, question, result: await repo.search(question), channel: 'slack', askedAt: AT };
  }
  async function ask(userId: string, question: string, repo: FaqRepository = faq): Promise<number> {
    return repo.recordQuestion(await asked(userId, question, repo));
  }
  const scoreOf = async (repo: FaqRepository, q: string, entryId: string) => (await repo.search(q)).results.find((r) => r.entry.id === entryId)?.score;

  it('logs a question with what it matched, and reads it back', async () => {
    const id = await ask('U1', CONFIDENT);
    expect(await faq.question(id)).toEqual({
      id,
      userId: 'U1',
      question: CONFIDENT,
      matched: true,
      entryId: 'team-burnout',
      askedAt: AT.toISOString(),
      termKey: expect.any(String) as string,
      chosenEntryId: null,
    });
    const cli = await faq.recordQuestion({ ...(await asked(null, DECLINED)), channel: 'cli' });
    // Asked from the CLI: stored with neither team nor user, so no workspace reads it back; the operator's tools do.
    expect(await faq.question(cli)).toBeUndefined();
    expect(await createFaqRepository(db, { derivedCacheDir: null }).question(cli)).toMatchObject({ userId: null, matched: false, entryId: null });
    expect(await db.all('SELECT team_id, user_id FROM faq_questions ORDER BY id')).toEqual([
      { team_id: 'T1', user_id: 'U1' },
      { team_id: null, user_id: null },
    ]);
    expect(await faq.question(cli + 1000)).toBeUndefined();
  });

  it('writes questions in batches under ids reserved in blocks that two processes never share, and drops a forgotten asker', async () => {
    const other = createFaqRepository(db, { workspace: T1, derivedCacheDir: null });
    const blocks = await Promise.all([faq.reserveQuestionIds(10), other.reserveQuestionIds(10), faq.reserveQuestionIds(1), other.reserveQuestionIds(5)]);
    const ids = blocks.flatMap((first, i) => Array.from({ length: [10, 10, 1, 5][i] ?? 0 }, (_, k) => first + k));
    expect(new Set(ids).size).toBe(26);

    const waiting: Array<() => Promise<void>> = [];
    const log = createFaqQuestionLog(faq, createLogger('info', new LogCapture()), { defer: (write) => void waiting.push(write) });
    const logged = [await log.record(await asked('U1', CONFIDENT)), await log.record(await asked('U2', DECLINED))];
    expect(ids).not.toContain(logged[0]);
    expect(await faq.question(logged[0]!)).toBeUndefined();
    await waiting.shift()!();
    expect((await faq.question(logged[0]!))?.userId).toBe('U1');
    expect((await faq.question(logged[1]!))?.question).toBe(DECLINED);
    // The id of a plain insert follows every reserved block.
    expect(await ask('U1', CONFIDENT)).toBeGreaterThan(Math.max(...ids, ...logged));

    await db.run("DELETE FROM managers WHERE user_id = 'U3'");
    expect(await faq.storeQuestions([{ id: ids[0]!, question: await asked('U3', CONFIDENT) }, { id: ids[1]!, question: await asked('U2', CONFIDENT) }])).toBe(1);
    expect(await faq.question(ids[0]!)).toBeUndefined();
    expect((await faq.question(ids[1]!))?.userId).toBe('U2');
  });

  it('stores one vote per person and question, which they can change', async () => {
    const id = await ask('U1', CONFIDENT);
    await faq.vote({ questionId: id, entryId: 'team-burnout', userId: 'U1', helpful: true, votedAt: AT });
    await faq.vote({ questionId: id, entryId: 'team-burnout', userId: 'U1', helpful: true, votedAt: AT });
    expect(await faq.voteOf(id, 'U1')).toEqual({ entryId: 'team-burnout', helpful: true });
    expect(await faq.unhelpfulAnswers()).toEqual([]);

    await faq.vote({ questionId: id, entryId: 'team-burnout', userId: 'U1', helpful: false, votedAt: AT });
    await faq.vote({ questionId: id, entryId: 'team-burnout', userId: 'U2', helpful: true, votedAt: AT });
    expect(await faq.voteOf(id, 'U1')).toEqual({ entryId: 'team-burnout', helpful: false });
    expect(await faq.unhelpfulAnswers()).toEqual([{ entryId: 'team-burnout', notHelpful: 1, helpful: 1 }]);

    // A vote on another entry of the same question replaces the first, and what it taught.
    await faq.vote({ questionId: id, entryId: 'how-technical-to-stay', userId: 'U1', helpful: false, votedAt: AT });
    expect(await faq.voteOf(id, 'U1')).toEqual({ entryId: 'how-technical-to-stay', helpful: false });
    expect(await db.all('SELECT entry_id, user_id, helpful FROM faq_votes ORDER BY user_id, entry_id')).toEqual([
      { entry_id: 'how-technical-to-stay', user_id: 'U1', helpful: 0 },
      { entry_id: 'team-burnout', user_id: 'U2', helpful: 1 },
    ]);
    expect(await db.all('SELECT entry_id, user_id, signal FROM faq_learning ORDER BY user_id, entry_id')).toEqual([
      { entry_id: 'how-technical-to-stay', user_id: 'U1', signal: -1 },
      { entry_id: 'team-burnout', user_id: 'U2', signal: 1 },
    ]);
    expect(await faq.voteOf(id, 'U3')).toBeUndefined();
  });

  it('records the "Did you mean" choice on the question and as a learning signal', async () => {
    const offered = await faq.search(PLAUSIBLE);
    expect(offered).toMatchObject({ matched: false, plausible: true });
    const picked = offered.results[offered.results.length - 1]!.entry.id;
    const id = await faq.recordQuestion(await asked('U1', PLAUSIBLE));
    await faq.choose({ questionId: id, entryId: picked, userId: 'U1', chosenAt: AT });
    expect((await faq.question(id))?.chosenEntryId).toBe(picked);
    expect(await db.all('SELECT term_key, entry_id, user_id, signal FROM faq_learning')).toEqual([
      { term_key: offered.gapKey, entry_id: picked, user_id: 'U1', signal: 1 },
    ]);
  });

  it('learns only once enough different people agree, and another process picks it up on its next refresh', async () => {
    const elsewhere = createFaqRepository(db, { workspace: T1, derivedCacheDir: null, learningRefreshMs: 0 });
    const top = (await faq.search(CONFIDENT)).results[0]!.entry.id;
    const before = await scoreOf(faq, CONFIDENT, top);
    expect(await scoreOf(elsewhere, CONFIDENT, top)).toBe(before);

    const first = await ask('U1', CONFIDENT);
    for (let i = 0; i < 5; i++) await faq.vote({ questionId: first, entryId: top, userId: 'U1', helpful: true, votedAt: AT });
    for (const p of PEOPLE.slice(1, LEARNING_MIN_PEOPLE - 1)) {
      await faq.vote({ questionId: await ask(p, CONFIDENT), entryId: top, userId: p, helpful: true, votedAt: AT });
    }
    expect(await scoreOf(faq, CONFIDENT, top)).toBe(before);

    const last = PEOPLE[LEARNING_MIN_PEOPLE - 1]!;
    await faq.vote({ questionId: await ask(last, CONFIDENT), entryId: top, userId: last, helpful: true, votedAt: AT });
    const learned = (before ?? 0) + LEARNING_MIN_PEOPLE * BOOST_PER_PERSON;
    expect(await scoreOf(faq, CONFIDENT, top)).toBeCloseTo(learned, 9);

    // The other repository did not write these signals: a search starts its refresh, a later one sees it.
    let seen = await scoreOf(elsewhere, CONFIDENT, top);
    for (let i = 0; i < 100 && seen === before; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      seen = await scoreOf(elsewhere, CONFIDENT, top);
    }
    expect(seen).toBeCloseTo(learned, 9);
    // A new start loads it at once.
    expect(await scoreOf(createFaqRepository(db, { workspace: T1, derivedCacheDir: null }), CONFIDENT, top)).toBeCloseTo(learned, 9);
  });

  it('groups unanswered questions by topic words and by the entry they came closest to', async () => {
    await ask('U1', DECLINED);
    await ask('U2', 'Recipe for banana bread?');
    await ask('U1', 'how do I renew my visa');
    await ask('U1', PLAUSIBLE);
    const nearest = (await faq.search(PLAUSIBLE)).results[0]!.entry.id;
    await ask('U2', `${PLAUSIBLE}??`);
    const helped = await ask('U1', CONFIDENT);
    await faq.vote({ questionId: helped, entryId: 'team-burnout', userId: 'U1', helpful: false, votedAt: AT });

    // Most asked first (the two asked twice tie, so their order is the topic words'), the latest wording as the example.
    const gaps = await faq.gaps();
    const twice = [
      { key: (await faq.search(DECLINED)).gapKey, gap: ['Recipe for banana bread?', 2, AT.toISOString()] },
      { key: (await faq.search(PLAUSIBLE)).gapKey, gap: [`${PLAUSIBLE}??`, 2, AT.toISOString()] },
    ].sort((x, y) => (x.key < y.key ? -1 : 1));
    expect(gaps.map((g) => [g.example, g.count, g.lastAskedAt])).toEqual([
      ...twice.map((t) => t.gap),
      ['how do I renew my visa', 1, AT.toISOString()],
    ]);
    expect(await faq.gaps(1)).toEqual([gaps[0]]);

    const byEntry = await faq.entryGaps();
    expect(byEntry.find((g) => g.entryId === nearest)).toMatchObject({ lowConfidence: 2, examples: [`${PLAUSIBLE}??`, PLAUSIBLE] });
    expect(byEntry.find((g) => g.entryId === 'team-burnout')).toMatchObject({ declined: 0, lowConfidence: 0, notHelpful: 1, helpful: 0 });
    const declined = byEntry.filter((g) => g.declined > 0);
    expect(declined.reduce((n, g) => n + g.declined, 0)).toBe(3);
    expect(declined.flatMap((g) => g.examples)).toEqual(expect.arrayContaining(['Recipe for banana bread?', 'how do I renew my visa']));
  });

  it("forgetting a person deletes their questions, votes and learning signals, and leaves everyone else's", async () => {
    const mine = await ask('U1', CONFIDENT);
    const theirs = await ask('U2', CONFIDENT);
    await faq.vote({ questionId: mine, entryId: 'team-burnout', userId: 'U1', helpful: true, votedAt: AT });
    await faq.vote({ questionId: theirs, entryId: 'team-burnout', userId: 'U2', helpful: false, votedAt: AT });
    await faq.vote({ questionId: theirs, entryId: 'team-burnout', userId: 'U1', helpful: true, votedAt: AT });

    const deleted = await createPersonalDataRepository(db, T1).deleteAll('U1');
    expect(deleted.byTable).toMatchObject({ faq_questions: 1, faq_votes: 2, faq_learning: 1 });
    expect(await faq.question(mine)).toBeUndefined();
    expect((await faq.question(theirs))?.userId).toBe('U2');
    expect(await db.all('SELECT user_id FROM faq_votes')).toEqual([{ user_id: 'U2' }]);
    expect(await db.all('SELECT user_id FROM faq_learning')).toEqual([{ user_id: 'U2' }]);
    expect(await faq.unhelpfulAnswers()).toEqual([{ entryId: 'team-burnout', notHelpful: 1, helpful: 0 }]);
    // A question of theirs still waiting in the log is not stored afterwards.
    expect(await faq.storeQuestions([{ id: await faq.reserveQuestionIds(1), question: await asked('U1', DECLINED) }])).toBe(0);
  });

  it('keeps two workspaces apart: the same user ids in another workspace over one database read back only their own rows', async () => {
    const T2 = fixedWorkspace('T2');
    for (const u of PEOPLE) {
      await db.run("INSERT INTO managers (user_id, team_id, enrolled_at) VALUES (?, 'T2', '2026-01-01T00:00:00Z')", [u]);
    }
    const other = createFaqRepository(db, { workspace: T2, derivedCacheDir: null });
    const top = (await faq.search(CONFIDENT)).results[0]!.entry.id;
    const before = await scoreOf(faq, CONFIDENT, top);
    expect(await scoreOf(other, CONFIDENT, top)).toBe(before);

    // Questions: each workspace reads back, and counts as gaps, only its own.
    const mine = await ask('U1', CONFIDENT);
    const theirs = await ask('U1', DECLINED, other);
    expect((await faq.question(mine))?.userId).toBe('U1');
    expect(await faq.question(theirs)).toBeUndefined();
    expect(await other.question(mine)).toBeUndefined();
    expect((await other.question(theirs))?.question).toBe(DECLINED);
    expect(await faq.gaps()).toEqual([]);
    expect((await other.gaps()).map((g) => [g.example, g.count])).toEqual([[DECLINED, 1]]);
    expect((await faq.entryGaps()).filter((g) => g.declined > 0)).toEqual([]);
    expect((await other.entryGaps()).reduce((n, g) => n + g.declined, 0)).toBe(1);

    // Votes: U1 of T1 and U1 of T2 are two people.
    await faq.vote({ questionId: mine, entryId: top, userId: 'U1', helpful: false, votedAt: AT });
    expect(await faq.voteOf(mine, 'U1')).toEqual({ entryId: top, helpful: false });
    expect(await other.voteOf(mine, 'U1')).toBeUndefined();
    expect(await faq.unhelpfulAnswers()).toEqual([{ entryId: top, notHelpful: 1, helpful: 0 }]);
    expect(await other.unhelpfulAnswers()).toEqual([]);
    // A choice on another workspace's question changes nothing there and teaches nothing.
    await other.choose({ questionId: mine, entryId: 'how-technical-to-stay', userId: 'U1', chosenAt: AT });
    expect((await faq.question(mine))?.chosenEntryId).toBeNull();
    expect(await db.all("SELECT entry_id FROM faq_learning WHERE team_id = 'T2'")).toEqual([]);

    // Learning: enough people of T1 agreeing re-ranks T1's answers only, and T2's own signals only T2's.
    const agreeing = PEOPLE.slice(0, LEARNING_MIN_PEOPLE);
    for (const p of agreeing) await faq.vote({ questionId: await ask(p, CONFIDENT), entryId: top, userId: p, helpful: true, votedAt: AT });
    for (const p of agreeing) await other.vote({ questionId: await ask(p, CONFIDENT, other), entryId: top, userId: p, helpful: false, votedAt: AT });
    const learned = (before ?? 0) + LEARNING_MIN_PEOPLE * BOOST_PER_PERSON;
    const unlearned = (before ?? 0) - LEARNING_MIN_PEOPLE * BOOST_PER_PERSON;
    expect(await scoreOf(faq, CONFIDENT, top)).toBeCloseTo(learned, 9);
    expect(await scoreOf(other, CONFIDENT, top)).toBeCloseTo(unlearned, 9);
    // A new start of either loads only its own workspace's signals.
    expect(await scoreOf(createFaqRepository(db, { workspace: T1, derivedCacheDir: null }), CONFIDENT, top)).toBeCloseTo(learned, 9);
    expect(await scoreOf(createFaqRepository(db, { workspace: T2, derivedCacheDir: null }), CONFIDENT, top)).toBeCloseTo(unlearned, 9);

    // A vote changed in T1 replaces only T1's vote and signal.
    await faq.vote({ questionId: mine, entryId: 'how-technical-to-stay', userId: 'U1', helpful: false, votedAt: AT });
    const rowsOf = (table: string) => db.all(`SELECT team_id, entry_id, user_id FROM ${table} WHERE user_id = 'U1' ORDER BY team_id, entry_id`);
    expect(await rowsOf('faq_votes')).toEqual([
      { team_id: 'T1', entry_id: 'how-technical-to-stay', user_id: 'U1' },
      { team_id: 'T1', entry_id: top, user_id: 'U1' },
      { team_id: 'T2', entry_id: top, user_id: 'U1' },
    ]);
    expect(await rowsOf('faq_learning')).toEqual([
      { team_id: 'T1', entry_id: 'how-technical-to-stay', user_id: 'U1' },
      { team_id: 'T2', entry_id: top, user_id: 'U1' },
    ]);

    // U1 leaving T1 takes their T1 questions and signals, and leaves T2's U1 alone; a question of
    // theirs still waiting in T1's log is dropped, one in T2's is stored.
    await db.run("DELETE FROM managers WHERE team_id = 'T1' AND user_id = 'U1'");
    expect(await faq.question(mine)).toBeUndefined();
    expect((await other.question(theirs))?.userId).toBe('U1');
    expect(await rowsOf('faq_learning')).toEqual([{ team_id: 'T2', entry_id: top, user_id: 'U1' }]);
    expect(await faq.storeQuestions([{ id: await faq.reserveQuestionIds(1), question: await asked('U1', DECLINED) }])).toBe(0);
    expect(await other.storeQuestions([{ id: await other.reserveQuestionIds(1), question: await asked('U1', DECLINED, other) }])).toBe(1);
  });

  it("without a workspace (the operator's CLI) reads every workspace's gaps and votes, stores questions without team or user, and refuses a person's vote", async () => {
    await db.run("INSERT INTO managers (user_id, team_id, enrolled_at) VALUES ('U1', 'T2', '2026-01-01T00:00:00Z')");
    const other = createFaqRepository(db, { workspace: fixedWorkspace('T2'), derivedCacheDir: null });
    const operator = createFaqRepository(db, { derivedCacheDir: null });
    const mine = await ask('U1', DECLINED);
    await ask('U1', DECLINED, other);
    const voted = await ask('U1', CONFIDENT, other);
    await other.vote({ questionId: voted, entryId: 'team-burnout', userId: 'U1', helpful: false, votedAt: AT });

    expect((await operator.gaps()).map((g) => [g.example, g.count])).toEqual([[DECLINED, 2]]);
    expect((await operator.entryGaps()).reduce((n, g) => n + g.declined, 0)).toBe(2);
    expect(await operator.unhelpfulAnswers()).toEqual([{ entryId: 'team-burnout', notHelpful: 1, helpful: 0 }]);
    expect((await operator.question(mine))?.userId).toBe('U1');

    const cli = await operator.recordQuestion({ ...(await asked(null, DECLINED, operator)), channel: 'cli' });
    expect(await db.get('SELECT team_id, user_id FROM faq_questions WHERE id = ?', [cli])).toEqual({ team_id: null, user_id: null });
    await expect(operator.recordQuestion(await asked('U1', DECLINED, operator))).rejects.toThrow(/no workspace/);
    await expect(operator.vote({ questionId: mine, entryId: 'team-burnout', userId: 'U1', helpful: true, votedAt: AT })).rejects.toThrow(/no workspace/);
    await expect(operator.choose({ questionId: mine, entryId: 'team-burnout', userId: 'U1', chosenAt: AT })).rejects.toThrow(/no workspace/);
    await expect(operator.voteOf(mine, 'U1')).rejects.toThrow(/no workspace/);
  });
});
