import { openDatabase, type Db } from '../../src/core/db/connection';
import { createFaqRepository, type FaqRepository, type NewQuestion } from '../../src/features/faq/repository';
import { createPersonalDataRepository } from '../../src/features/privacy/repository';
import { createLogger } from '../../src/core/logger';
import { createFaqQuestionLog } from '../../src/features/faq/questionLog';
import { LogCapture, migratedTempDb } from '../support/harness';

/** A defer that only runs the write when the test says so. */
function manualDefer() {
  const waiting: Array<() => void> = [];
  return {
    defer: (write: () => void) => void waiting.push(write),
    runAll: () => waiting.splice(0).forEach((write) => write()),
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
  const ask = (question: string, userId: string | null = 'U1'): NewQuestion => ({
    userId,
    question,
    result: faq.search(question),
    channel: 'slack',
    askedAt: new Date('2026-11-20T10:00:00Z'),
  });

  beforeEach(() => {
    ({ db, dbPath } = migratedTempDb());
    faq = createFaqRepository(db);
    for (const id of ['U1', 'U2']) {
      db.prepare("INSERT INTO managers (user_id, team_id, enrolled_at) VALUES (?, 'T1', '2026-01-01T00:00:00Z')").run(id);
    }
    logs = new LogCapture();
  });
  afterEach(() => db.close());

  it('hands out ids at once and writes every question of the turn together when the deferred write runs', () => {
    const timer = manualDefer();
    const log = createFaqQuestionLog(faq, createLogger('info', logs), { defer: timer.defer });
    const ids = ['how technical should I stay', 'my team is burning out', 'recipe for banana bread'].map((q) => log.record(ask(q)));

    expect(new Set(ids).size).toBe(3);
    expect(timer.scheduled()).toBe(1);
    expect(storedIds(db)).toEqual([]);
    expect(log.pending()).toBe(3);

    timer.runAll();
    expect(storedIds(db)).toEqual([...ids].sort((a, b) => a - b));
    expect(log.pending()).toBe(0);
    const banana = db.prepare('SELECT user_id, matched, normalized, channel FROM faq_questions WHERE id = ?').get(ids[2]);
    expect(banana).toEqual({ user_id: 'U1', matched: 0, normalized: 'recipe banana bread', channel: 'slack' });
  });

  it('never gives two processes, or a single immediate insert, the same id', () => {
    const other = openDatabase(dbPath);
    try {
      const here = createFaqQuestionLog(faq, createLogger('info', logs));
      const there = createFaqQuestionLog(createFaqRepository(other), createLogger('info', logs));
      const ids: number[] = [];
      for (let i = 0; i < 300; i++) {
        ids.push(here.record(ask(`question ${i} about burnout`)));
        ids.push(there.record(ask(`question ${i} about one on ones`, 'U2')));
      }
      const single = faq.recordQuestion(ask('how do I run a retro', null));
      here.flush();
      there.flush();
      expect(new Set([...ids, single]).size).toBe(601);
      expect(storedIds(db)).toHaveLength(601);
    } finally {
      other.close();
    }
  });

  it('drops the question of someone who used /lead forget-me before it was written', () => {
    const timer = manualDefer();
    const log = createFaqQuestionLog(faq, createLogger('info', logs), { defer: timer.defer });
    log.record(ask('how do I give feedback', 'U1'));
    log.record(ask('how do I give feedback', 'U2'));
    createPersonalDataRepository(db).deleteAll('U1');
    timer.runAll();
    expect(db.prepare('SELECT user_id FROM faq_questions').all()).toEqual([{ user_id: 'U2' }]);
    expect(logs.lines.find((l) => l.msg === 'faq questions of forgotten users not stored')).toMatchObject({ dropped: 1 });
  });

  it('keeps questions when the write fails, logs without their text, and writes them on the retry', () => {
    const timer = manualDefer();
    const log = createFaqQuestionLog(faq, createLogger('info', logs), { defer: timer.defer });
    log.record(ask('my secret question about Alice'));
    db.exec('ALTER TABLE faq_questions RENAME TO faq_questions_away');
    timer.runAll();
    expect(log.pending()).toBe(1);
    const failure = logs.lines.find((l) => l.msg === 'storing faq questions failed; retrying');
    expect(failure).toMatchObject({ level: 'error', pending: 1, dropped: 0 });
    expect(logs.raw.join('\n')).not.toContain('Alice');

    db.exec('ALTER TABLE faq_questions_away RENAME TO faq_questions');
    log.flush();
    expect(log.pending()).toBe(0);
    expect(db.prepare('SELECT question FROM faq_questions').all()).toEqual([{ question: 'my secret question about Alice' }]);
  });
});
