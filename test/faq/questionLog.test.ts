import { openDatabase, type Db } from '../../src/core/db/connection';
import type { NewQuestion } from '../../src/features/faq/entities';
import { createFaqRepository, type FaqRepository } from '../../src/features/faq/repository';
import { createPersonalDataRepository } from '../../src/features/privacy/repository';
import { createLogger } from '../../src/core/logger';
import { createFaqQuestionLog } from '../../src/features/faq/questionLog';
import { LogCapture, migratedTempDb } from '../support/harness';
import { sqliteDatabase } from '../../src/core/db/sqlite';

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

function storedIds(db: Db): number[] {
  return (db.prepare('SELECT id FROM faq_questions ORDER BY id').all() as Array<{ id: number }>).map((r) => r.id);
}

describe('FAQ question log (answers first, question rows written in batches)', () => {
  let db: Db;
  let dbPath: string;
  let faq: FaqRepository;
  let logs: LogCapture;
  const ask = async (question: string, userId: string | null = 'U1'): Promise<NewQuestion> => ({
    userId,
    question,
    result: await faq.search(question),
    channel: 'slack',
    askedAt: new Date('2026-11-20T10:00:00Z'),
  });

  beforeEach(() => {
    ({ db, dbPath } = migratedTempDb());
    faq = createFaqRepository(sqliteDatabase(db));
    for (const id of ['U1', 'U2']) {
      db.prepare("INSERT INTO managers (user_id, team_id, enrolled_at) VALUES (?, 'T1', '2026-01-01T00:00:00Z')").run(id);
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
    expect(storedIds(db)).toEqual([]);
    expect(log.pending()).toBe(3);

    await timer.runAll();
    expect(storedIds(db)).toEqual([...ids].sort((a, b) => a - b));
    expect(log.pending()).toBe(0);
    const banana = db.prepare('SELECT user_id, matched, normalized, channel FROM faq_questions WHERE id = ?').get(ids[2]);
    expect(banana).toEqual({ user_id: 'U1', matched: 0, normalized: 'recipe banana bread', channel: 'slack' });
  });

  it('never gives two processes, or a single immediate insert, the same id', async () => {
    const other = openDatabase(dbPath);
    try {
      const here = createFaqQuestionLog(faq, createLogger('info', logs));
      const there = createFaqQuestionLog(createFaqRepository(sqliteDatabase(other)), createLogger('info', logs));
      const ids: number[] = [];
      for (let i = 0; i < 300; i++) {
        ids.push(await here.record(await ask(`question ${i} about burnout`)));
        ids.push(await there.record(await ask(`question ${i} about one on ones`, 'U2')));
      }
      const single = await faq.recordQuestion(await ask('how do I run a retro', null));
      await here.flush();
      await there.flush();
      expect(new Set([...ids, single]).size).toBe(601);
      expect(storedIds(db)).toHaveLength(601);
    } finally {
      other.close();
    }
  });

  it('drops the question of someone who used /lead forget-me before it was written', async () => {
    const timer = manualDefer();
    const log = createFaqQuestionLog(faq, createLogger('info', logs), { defer: timer.defer });
    await log.record(await ask('how do I give feedback', 'U1'));
    await log.record(await ask('how do I give feedback', 'U2'));
    await createPersonalDataRepository(sqliteDatabase(db)).deleteAll('U1');
    await timer.runAll();
    expect(db.prepare('SELECT user_id FROM faq_questions').all()).toEqual([{ user_id: 'U2' }]);
    expect(logs.lines.find((l) => l.msg === 'faq questions of forgotten users not stored')).toMatchObject({ dropped: 1 });
  });

  it('keeps questions when the write fails, logs without their text, and writes them on the retry', async () => {
    const timer = manualDefer();
    const log = createFaqQuestionLog(faq, createLogger('info', logs), { defer: timer.defer });
    await log.record(await ask('my secret question about Alice'));
    db.exec('ALTER TABLE faq_questions RENAME TO faq_questions_away');
    await timer.runAll();
    expect(log.pending()).toBe(1);
    const failure = logs.lines.find((l) => l.msg === 'storing faq questions failed; retrying');
    expect(failure).toMatchObject({ level: 'error', pending: 1, dropped: 0 });
    expect(logs.raw.join('\n')).not.toContain('Alice');

    db.exec('ALTER TABLE faq_questions_away RENAME TO faq_questions');
    await log.flush();
    expect(log.pending()).toBe(0);
    expect(db.prepare('SELECT question FROM faq_questions').all()).toEqual([{ question: 'my secret question about Alice' }]);
  });
});
