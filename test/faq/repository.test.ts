import fs from 'node:fs';
import path from 'node:path';

import type { Db } from '../../src/core/db/connection';
import { createFaqRepository, type FaqRepository } from '../../src/features/faq/repository';
import { sqliteDatabase } from '../../src/core/db/sqlite';
import { decodeClassifier, decodeEntryVectors, encodeClassifier, encodeEntryVectors } from '../../src/features/faq/search';
import { migratedTempDb, tempDir } from '../support/harness';
import { HOSTILE_QUESTIONS } from './hostile';
import { fixedWorkspace } from '../../src/core/workspace';

/** The workspace the managers of these tests belong to (their rows are stored under it). */
const T1 = fixedWorkspace('T1');

describe('FAQ search and records (real SQLite FTS5)', () => {
  let db: Db;
  let faq: FaqRepository;
  /** Each question's results (entry and score) from `repo`. */
  const resultsOf = async (repo: FaqRepository, questions: readonly string[]) =>
    Promise.all(questions.map(async (q) => (await repo.search(q)).results.map((r) => [r.entry.id, r.score])));
  /** The same from a repository over this database that keeps derived files in `dir`. */
  const answersWith = async (questions: readonly string[], dir: string | null) =>
    resultsOf(createFaqRepository(sqliteDatabase(db), { workspace: T1, cacheResults: false, derivedCacheDir: dir }), questions);
  beforeAll(() => {
    db = migratedTempDb().db;
    faq = createFaqRepository(sqliteDatabase(db), { workspace: T1 });
    db.prepare("INSERT INTO managers (user_id, team_id, enrolled_at) VALUES ('U1', 'T1', '2026-01-01T00:00:00Z')").run();
  });

  it.each(HOSTILE_QUESTIONS.map((q) => [q.slice(0, 40), q]))('answers %p without an error', async (_label, q) => {
    const result = await faq.search(q);
    expect(typeof result.matched).toBe('boolean');
    expect(result.results.length).toBeLessThanOrEqual(3);
    await expect(faq.recordQuestion({ userId: 'U1', question: q, result, channel: 'slack', askedAt: new Date() })).resolves.toEqual(expect.any(Number));
  });

  it('answers a repeated or alike-normalising question from its result cache exactly as the index would', async () => {
    const uncached = createFaqRepository(sqliteDatabase(db), { workspace: T1, cacheResults: false });
    const questions = ['How technical should I stay?', 'how TECHNICAL should i stay', 'we are always firefighting outages', 'what is the capital of peru'];
    for (const q of [...questions, ...questions]) {
      const fromCache = await faq.search(q);
      const fromIndex = await uncached.search(q);
      expect(fromCache.query).toBe(q);
      expect(fromCache.matched).toBe(fromIndex.matched);
      expect(fromCache.results.map((r) => [r.entry.id, r.score])).toEqual(fromIndex.results.map((r) => [r.entry.id, r.score]));
    }
  });

  it('keeps the sentence vectors it built on disk and answers from them alike; a damaged file is built again', async () => {
    const dir = tempDir('lead-coach-faq-sentences-');
    const questions = ['my team is exhausted after the launch', 'how do I run a 1:1', 'what is the capital of peru', 'boss says I code too much'];
    const answers = async (repo: FaqRepository) => resultsOf(repo, questions);
    const uncached = await answers(createFaqRepository(sqliteDatabase(db), { workspace: T1, cacheResults: false, derivedCacheDir: null }));
    const building = await answers(createFaqRepository(sqliteDatabase(db), { workspace: T1, cacheResults: false, derivedCacheDir: dir }));
    const vectorFiles = () => fs.readdirSync(dir).filter((f) => f.endsWith('.bin'));
    const files = vectorFiles();
    expect(files).toHaveLength(1);
    const fromDisk = await answers(createFaqRepository(sqliteDatabase(db), { workspace: T1, cacheResults: false, derivedCacheDir: dir }));
    expect(building).toEqual(uncached);
    expect(fromDisk).toEqual(uncached);
    // It is the file that answers: the same file with every entry's vector blanked ranks differently.
    const stored = decodeEntryVectors(fs.readFileSync(path.join(dir, files[0]!)), 100)!;
    const blank = (v: Float32Array) => new Float32Array(v.length);
    fs.writeFileSync(path.join(dir, files[0]!), encodeEntryVectors({ ...stored, entries: stored.entries.map((e) => ({ key: e.key, v: blank(e.v), questions: e.questions.map(blank) })) }));
    expect(await answers(createFaqRepository(sqliteDatabase(db), { workspace: T1, cacheResults: false, derivedCacheDir: dir }))).not.toEqual(uncached);
    // Another database that numbers its index rows otherwise gets a file of its own and answers as it would uncached.
    const renumbered = migratedTempDb().db;
    createFaqRepository(sqliteDatabase(renumbered), { workspace: T1, derivedCacheDir: null });
    renumbered.exec('UPDATE faq_fts SET rowid = rowid + 1000');
    const renumberedAnswers = await answers(createFaqRepository(sqliteDatabase(renumbered), { workspace: T1, cacheResults: false, derivedCacheDir: null }));
    expect(await answers(createFaqRepository(sqliteDatabase(renumbered), { workspace: T1, cacheResults: false, derivedCacheDir: dir }))).toEqual(renumberedAnswers);
    expect(vectorFiles()).toHaveLength(2);
    renumbered.close();
    fs.writeFileSync(path.join(dir, files[0]!), 'damaged');
    expect(await answers(createFaqRepository(sqliteDatabase(db), { workspace: T1, cacheResults: false, derivedCacheDir: dir }))).toEqual(uncached);
    expect(fs.readFileSync(path.join(dir, files[0]!)).subarray(0, 4).toString()).toBe('LCSV');
  });

  it('keeps the classifier it trained on disk and ranks with it alike; a damaged file is trained again', async () => {
    const dir = tempDir('lead-coach-faq-classifier-');
    const questions = ['my team is exhausted after the launch', 'how do I run a 1:1', 'boss says I code too much', 'should I still review PRs'];
    const uncached = await answersWith(questions, null);
    expect(await answersWith(questions, dir)).toEqual(uncached);
    const modelFiles = fs.readdirSync(dir).filter((f) => f.endsWith('.clf'));
    expect(modelFiles).toHaveLength(1);
    const file = path.join(dir, modelFiles[0]!);
    expect(await answersWith(questions, dir)).toEqual(uncached);
    // It is the file that ranks: the same model with its entries listed backwards puts other answers first.
    const stored = decodeClassifier(fs.readFileSync(file))!;
    fs.writeFileSync(file, encodeClassifier({ ...stored, keys: [...stored.keys].reverse() }));
    const firstOf = (found: Array<Array<Array<string | number>>>) => found.map((results) => results[0]?.[0]);
    const scrambled = await answersWith(questions, dir);
    expect(firstOf(scrambled)).not.toEqual(firstOf(uncached));
    fs.writeFileSync(file, fs.readFileSync(file).subarray(0, 100));
    expect(await answersWith(questions, dir)).toEqual(uncached);
    expect(fs.readFileSync(file).subarray(0, 4).toString()).toBe('LCLR');
  });

  it('still finds the answer inside hostile formatting', async () => {
    expect((await faq.search('🔥🚒 my team is burnt out 😩')).results[0]?.entry.id).toBe('team-burnout');
    expect((await faq.search('<@U123|bob> *how do I run good 1:1s?*')).results[0]?.entry.id).toBe('one-on-ones');
  });

  it('treats every spelling of a synonym the same', async () => {
    const ids = await Promise.all(
      ['how do I run good 1:1s', 'how do I run good one-on-ones', 'how do I run good 1on1 meetings'].map(async (q) => (await faq.search(q)).results[0]?.entry.id),
    );
    expect(ids).toEqual(['one-on-ones', 'one-on-ones', 'one-on-ones']);
  });

  it('reads fires as incidents, and firing someone as letting them go', async () => {
    const answer = async (q: string) => {
      const r = await faq.search(q);
      return r.matched ? r.results[0]?.entry.id : undefined;
    };
    expect(await answer('my team keeps getting pulled into prod fires every week')).toBe('firefighting-spiral');
    expect(await answer('everything is on fire all the time')).toBe('firefighting-spiral');
    expect(await answer('should I fire my underperformer')).toBe('underperformers');
  });

  it('returns at most three results, best first, with a decreasing score', async () => {
    const { results, matched } = await faq.search('how do I give feedback to an engineer who keeps missing deadlines');
    expect(matched).toBe(true);
    expect(results.length).toBeGreaterThan(0);
    expect(results.length).toBeLessThanOrEqual(3);
    const scores = results.map((r) => r.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('records unanswered questions as gaps with counts, grouping the same words', async () => {
    for (const q of ['How do I submit an expense report?', 'how to submit expense report', 'recipe for banana bread']) {
      await faq.recordQuestion({ userId: 'U1', question: q, result: await faq.search(q), channel: 'slack', askedAt: new Date('2026-01-02T00:00:00Z') });
    }
    const gaps = await faq.gaps();
    expect(gaps.find((g) => g.example === 'how to submit expense report')?.count).toBe(2);
    expect(gaps.find((g) => g.example === 'recipe for banana bread')?.count).toBe(1);
  });

  it('stores one vote per person, question and entry; a second click changes it', async () => {
    const q = 'how do I run good 1:1s';
    const id = await faq.recordQuestion({ userId: 'U1', question: q, result: await faq.search(q), channel: 'slack', askedAt: new Date() });
    await faq.vote({ questionId: id, entryId: 'one-on-ones', userId: 'U1', helpful: true, votedAt: new Date() });
    await faq.vote({ questionId: id, entryId: 'one-on-ones', userId: 'U1', helpful: false, votedAt: new Date() });
    expect(db.prepare('SELECT question_id, entry_id, user_id, helpful FROM faq_votes WHERE question_id = ?').all(id)).toEqual([
      { question_id: id, entry_id: 'one-on-ones', user_id: 'U1', helpful: 0 },
    ]);
    expect(await faq.unhelpfulAnswers()).toEqual([{ entryId: 'one-on-ones', helpful: 0, notHelpful: 1 }]);
  });

  it("deletes a manager's questions and votes with the manager", () => {
    db.prepare('DELETE FROM managers WHERE user_id = ?').run('U1');
    expect(db.prepare("SELECT COUNT(*) AS n FROM faq_questions WHERE user_id = 'U1'").get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM faq_votes').get()).toEqual({ n: 0 });
  });
});

describe('FAQ records of two workspaces in one database', () => {
  it('keeps two workspaces apart: the same user id asks and votes in each, and each reads back only its own rows', async () => {
    const db = migratedTempDb().db;
    for (const team of ['TA', 'TB']) {
      db.prepare("INSERT INTO managers (user_id, team_id, enrolled_at) VALUES ('U1', ?, '2026-01-01T00:00:00Z')").run(team);
    }
    const a = createFaqRepository(sqliteDatabase(db), { workspace: fixedWorkspace('TA') });
    const b = createFaqRepository(sqliteDatabase(db), { workspace: fixedWorkspace('TB') });
    const ask = async (repo: FaqRepository, q: string) =>
      repo.recordQuestion({ userId: 'U1', question: q, result: await repo.search(q), channel: 'slack', askedAt: new Date('2026-01-02T00:00:00Z') });

    const inA = await ask(a, 'how do I run good 1:1s');
    const gapInA = await ask(a, 'How do I submit an expense report?');
    const inB = await ask(b, 'how do I run good 1:1s');
    expect((await a.question(inA))?.userId).toBe('U1');
    expect(await a.question(inB)).toBeUndefined();
    expect(await b.question(inA)).toBeUndefined();
    expect(await b.question(gapInA)).toBeUndefined();
    expect((await a.gaps()).map((g) => g.example)).toEqual(['How do I submit an expense report?']);
    expect(await b.gaps()).toEqual([]);

    await a.vote({ questionId: inA, entryId: 'one-on-ones', userId: 'U1', helpful: false, votedAt: new Date() });
    await b.vote({ questionId: inB, entryId: 'one-on-ones', userId: 'U1', helpful: true, votedAt: new Date() });
    expect(await a.voteOf(inA, 'U1')).toEqual({ entryId: 'one-on-ones', helpful: false });
    expect(await b.voteOf(inA, 'U1')).toBeUndefined();
    expect(await b.voteOf(inB, 'U1')).toEqual({ entryId: 'one-on-ones', helpful: true });
    expect(await a.unhelpfulAnswers()).toEqual([{ entryId: 'one-on-ones', helpful: 0, notHelpful: 1 }]);
    expect(await b.unhelpfulAnswers()).toEqual([]);

    // U1 leaving workspace A takes A's questions, votes and signals; B's U1 keeps theirs.
    db.prepare("DELETE FROM managers WHERE team_id = 'TA' AND user_id = 'U1'").run();
    const left = (table: string) => db.prepare(`SELECT team_id FROM ${table} ORDER BY team_id`).all();
    expect(left('faq_questions')).toEqual([{ team_id: 'TB' }]);
    expect(left('faq_votes')).toEqual([{ team_id: 'TB' }]);
    expect(left('faq_learning')).toEqual([{ team_id: 'TB' }]);
    expect(await b.voteOf(inB, 'U1')).toEqual({ entryId: 'one-on-ones', helpful: true });
  });
});
