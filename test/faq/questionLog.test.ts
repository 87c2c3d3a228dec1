// @engines sqlite postgres
import type { Database } from '../../src/core/db/database';
import type { NewQuestion } from '../../src/features/faq/entities';
import { createFaqRepository, type FaqRepository } from '../../src/features/faq/repository';
import { createPersonalDataRepository } from '../../src/features/privacy/repository';
import { createLogger } from '../../src/core/logger';
import { createFaqQuestionLog } from '../../src/features/faq/questionLog';
import { freshDatabase, openTestDatabase } from '../support/database';
import { LogCapture } from '../support/harness';
import { fixedWorkspace } from '../../src/core/workspace';

/** The workspace the managers of these tests belong to (their rows are stored under it). */
const T1 = fixedWorkspace('T1');

/** A defer that only runs the write when the test says so. */
function manualDefer() {
  const waiting: Array<() => Promise<void>> = [];
  return {
    defer: (write: () => Promise<void>) => void waiting.push(write),
    runAll: async () => {
      for (const write of waiting.splice(0)) await write();
    },
    scheduled: () => waiting.length,
  };
}

/** The repository with its question writes held until `release()`: a write stays under way meanwhile. */
function heldWrites(faq: FaqRepository): { slow: FaqRepository; release: () => void } {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const slow: FaqRepository = {
    ...faq,
    storeQuestions: async (rows) => {
      await held;
      return faq.storeQuestions(rows);
    },
  };
  return { slow, release };
}

async function storedIds(db: Database): Promise<number[]> {
  return (await db.all<{ id: number }>('SELECT id FROM faq_questions ORDER BY id')).map((r) => r.id);
}

describe('FAQ question log (answers first, question rows written in batches)', () => {
  let db: Database;
  let locator: string;
  let faq: FaqRepository;
  let logs: LogCapture;
  const ask = async (question: string, userId: string | null = 'U1'): Promise<NewQuestion> => ({
    userId,
    question,
    result: await faq.search(question),
    channel: 'slack',
    askedAt: new Date('2026-11-20T10:00:00Z'),
  });

  beforeEach(async () => {
    ({ db, locator } = await freshDatabase());
    faq = createFaqRepository(db, { workspace: T1 });
    for (const id of ['U1', 'U2']) {
      await db.run("INSERT INTO managers (user_id, team_id, enrolled_at) VALUES (?, 'T1', '2026-01-01T00:00:00Z')", [id]);
    }
    logs = new LogCapture();
  });
  afterEach(() => db.close());

  it('hands out ids at once and writes every question of the turn together when the deferred write runs', async () => {
    const timer = manualDefer();
    const log = createFaqQuestionLog(faq, createLogger('info', logs), { defer: timer.defer });
    const ids: number[] = [];
    for (const q of ['how technical should I stay', 'my team is burning out', 'recipe for banana bread']) ids.push(await log.record(await ask(q)));

    expect(new Set(ids).size).toBe(3);
    expect(timer.scheduled()).toBe(1);
    expect(await storedIds(db)).toEqual([]);
    expect(log.pending()).toBe(3);

    await timer.runAll();
    expect(await storedIds(db)).toEqual([...ids].sort((a, b) => a - b));
    expect(log.pending()).toBe(0);
    const banana = await db.get('SELECT user_id, matched, normalized, channel FROM faq_questions WHERE id = ?', [ids[2]!]);
    expect(banana).toEqual({ user_id: 'U1', matched: 0, normalized: 'recipe banana bread', channel: 'slack' });
  });

  it('flush() resolves only once a write already under way has stored its questions (a vote reads the row next)', async () => {
    const { slow, release } = heldWrites(faq);
    const timer = manualDefer();
    const log = createFaqQuestionLog(slow, createLogger('info', logs), { defer: timer.defer });
    const id = await log.record(await ask('my team is burning out'));
    const timed = timer.runAll();
    let flushed = false;
    const flushing = log.flush().then(() => (flushed = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(flushed).toBe(false);
    release();
    await flushing;
    expect(await storedIds(db)).toEqual([id]);
    await timed;
  });

  it('counts the questions of a write under way as pending until they are stored (what a reader waits for)', async () => {
    const { slow, release } = heldWrites(faq);
    const timer = manualDefer();
    const log = createFaqQuestionLog(slow, createLogger('info', logs), { defer: timer.defer });
    await log.record(await ask('my team is burning out'));
    await log.record(await ask('how technical should I stay'));
    const writing = timer.runAll();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await storedIds(db)).toEqual([]);
    expect(log.pending()).toBe(2);
    release();
    await writing;
    expect(log.pending()).toBe(0);
    expect(await storedIds(db)).toHaveLength(2);
  });

  it('never gives two processes, or a single immediate insert, the same id', async () => {
    // The other process: its own connection to the same database.
    const other = await openTestDatabase(locator);
    try {
      const here = createFaqQuestionLog(faq, createLogger('info', logs));
      const there = createFaqQuestionLog(createFaqRepository(other, { workspace: T1 }), createLogger('info', logs));
      const ids: number[] = [];
      for (let i = 0; i < 300; i++) {
        ids.push(await here.record(await ask(`question ${i} about burnout`)));
        ids.push(await there.record(await ask(`question ${i} about one on ones`, 'U2')));
      }
      const single = await faq.recordQuestion(await ask('how do I run a retro', null));
      await here.flush();
      await there.flush();
      expect(new Set([...ids, single]).size).toBe(601);
      expect(await storedIds(db)).toHaveLength(601);
    } finally {
      await other.close();
    }
  });

  it('drops the question of someone who used /lead forget-me before it was written', async () => {
    const timer = manualDefer();
    const log = createFaqQuestionLog(faq, createLogger('info', logs), { defer: timer.defer });
    await log.record(await ask('how do I give feedback', 'U1'));
    await log.record(await ask('how do I give feedback', 'U2'));
    await createPersonalDataRepository(db, T1).deleteAll('U1');
    await timer.runAll();
    expect(await db.all('SELECT user_id FROM faq_questions')).toEqual([{ user_id: 'U2' }]);
    expect(logs.lines.find((l) => l.msg === 'faq questions of forgotten users not stored')).toMatchObject({ dropped: 1 });
  });

  it('keeps questions when the write fails, logs without their text, and writes them on the retry', async () => {
    const timer = manualDefer();
    const log = createFaqQuestionLog(faq, createLogger('info', logs), { defer: timer.defer });
    await log.record(await ask('my secret question about Alice'));
    await db.exec('ALTER TABLE faq_questions RENAME TO faq_questions_away');
    await timer.runAll();
    expect(log.pending()).toBe(1);
    const failure = logs.lines.find((l) => l.msg === 'storing faq questions failed; retrying');
    expect(failure).toMatchObject({ level: 'error', pending: 1, dropped: 0 });
    expect(logs.raw.join('\n')).not.toContain('Alice');

    await db.exec('ALTER TABLE faq_questions_away RENAME TO faq_questions');
    await log.flush();
    expect(log.pending()).toBe(0);
    expect(await db.all('SELECT question FROM faq_questions')).toEqual([{ question: 'my secret question about Alice' }]);
  });
});
