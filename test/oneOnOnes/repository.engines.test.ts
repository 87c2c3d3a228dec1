// @engines sqlite postgres
import type { Database } from '../../src/core/db/database';
import { fixedWorkspace } from '../../src/core/workspace';
import type { OneOnOne } from '../../src/features/oneOnOnes/entities';
import { createOneOnOneRepository, type OneOnOneRepository } from '../../src/features/oneOnOnes/repository';
import { freshDatabase } from '../support/database';

/** The 1:1 registry and agendas on this run's engine (LEAD_COACH_TEST_ENGINE). */
const AT = new Date('2026-11-16T09:00:00.000Z');
const later = (minutes: number) => new Date(AT.getTime() + minutes * 60_000);

let db: Database;
let oneOnOnes: OneOnOneRepository;

function meeting(managerId: string, reportUserId: string, weekday = 2, time = '10:00'): Omit<OneOnOne, 'id'> {
  return { managerId, reportUserId, weekday, time, cadence: 'weekly', anchorDate: '2026-11-17', createdAt: AT.toISOString() };
}

async function enrol(teamId: string, userId: string): Promise<void> {
  await db.run('INSERT INTO managers (team_id, user_id, enrolled_at) VALUES (?, ?, ?)', [teamId, userId, AT.toISOString()]);
}

/** A prep nudge about the 1:1 as the delivery ledger keeps one: the message names the agenda. */
async function prepNudge(teamId: string, key: string, managerId: string, oneOnOneId: number): Promise<void> {
  await db.run(
    `INSERT INTO deliveries (team_id, key, user_id, kind, due_at, status, payload, context)
     VALUES (?, ?, ?, 'one-on-one-prep', ?, 'sent', '{"text":"agenda"}', ?)`,
    [teamId, key, managerId, AT.toISOString(), JSON.stringify({ occurrence: { oneOnOne: { id: oneOnOneId } } })],
  );
}

beforeEach(async () => {
  db = (await freshDatabase()).db;
  oneOnOnes = createOneOnOneRepository(db, fixedWorkspace('T1'));
  for (const userId of ['U1', 'U2']) await enrol('T1', userId);
});

afterEach(async () => {
  await db.close();
});

describe('1:1 registry', () => {
  it('adds a 1:1 once and reschedules it, lists and counts a manager\'s own', async () => {
    const first = await oneOnOnes.save(meeting('U1', 'R1'));
    expect(first.updated).toBe(false);
    const again = await oneOnOnes.save(meeting('U1', 'R1', 4, '15:30'));
    expect(again).toEqual({ oneOnOne: { ...first.oneOnOne, weekday: 4, time: '15:30' }, updated: true });
    await oneOnOnes.save(meeting('U1', 'R2', 1));
    await oneOnOnes.save(meeting('U2', 'R1'));
    expect((await oneOnOnes.list('U1')).map((o) => o.reportUserId)).toEqual(['R2', 'R1']);
    expect(await oneOnOnes.count('U1')).toBe(2);
    expect(await oneOnOnes.get('U1', 'R1')).toEqual(again.oneOnOne);
    expect(await oneOnOnes.byId(first.oneOnOne.id)).toEqual(again.oneOnOne);
    const all = await oneOnOnes.allByManager();
    expect([...all.keys()]).toEqual(['U1', 'U2']);
    expect(all.get('U1')?.map((o) => o.reportUserId)).toEqual(['R1', 'R2']);
  });

  it('keeps open agenda items, ticks off only the manager\'s own, and removes the 1:1 with its agenda and stored copies', async () => {
    const { oneOnOne } = await oneOnOnes.save(meeting('U1', 'R1'));
    const a = await oneOnOnes.addAgendaItem(oneOnOne.id, 'U1', 'Promotion case', later(1));
    const b = await oneOnOnes.addAgendaItem(oneOnOne.id, 'U1', 'Holiday plans', later(2));
    expect(await oneOnOnes.markItemDone('U2', a.id, later(3))).toBe(false);
    expect(await oneOnOnes.markItemDone('U1', a.id, later(3))).toBe(true);
    expect(await oneOnOnes.markItemDone('U1', a.id, later(4))).toBe(false);
    expect((await oneOnOnes.openItems(oneOnOne.id)).map((i) => i.text)).toEqual(['Holiday plans']);
    expect(await oneOnOnes.item(a.id)).toMatchObject({ status: 'done', doneAt: later(3).toISOString() });

    await prepNudge('T1', 'prep:1', 'U1', oneOnOne.id);
    expect(await oneOnOnes.remove('U1', 'R1')).toBe(true);
    expect(await oneOnOnes.remove('U1', 'R1')).toBe(false);
    expect(await oneOnOnes.item(b.id)).toBeUndefined();
    expect(await db.get('SELECT payload FROM deliveries WHERE key = ?', ['prep:1'])).toEqual({ payload: null });
  });

  it('keeps two workspaces apart', async () => {
    // The same manager and report ids in another install sharing the database.
    await enrol('T2', 'U1');
    const other = createOneOnOneRepository(db, fixedWorkspace('T2'));
    const mine = (await oneOnOnes.save(meeting('U1', 'R1', 2, '10:00'))).oneOnOne;
    const saved = await other.save(meeting('U1', 'R1', 5, '16:00'));
    expect(saved.updated).toBe(false); // not a reschedule of T1's 1:1
    const theirs = saved.oneOnOne;
    const myItem = await oneOnOnes.addAgendaItem(mine.id, 'U1', 'Mine', later(1));
    const theirItem = await other.addAgendaItem(theirs.id, 'U1', 'Theirs', later(1));

    expect(await oneOnOnes.get('U1', 'R1')).toMatchObject({ weekday: 2, time: '10:00' });
    expect(await other.get('U1', 'R1')).toMatchObject({ weekday: 5, time: '16:00' });
    expect(await oneOnOnes.count('U1')).toBe(1);
    expect((await other.list('U1')).map((o) => o.id)).toEqual([theirs.id]);
    expect([...(await other.allByManager()).keys()]).toEqual(['U1']);
    expect((await oneOnOnes.allByManager()).get('U1')?.map((o) => o.id)).toEqual([mine.id]);
    // Ids of the other workspace's rows find nothing and change nothing.
    expect(await oneOnOnes.byId(theirs.id)).toBeUndefined();
    expect(await oneOnOnes.item(theirItem.id)).toBeUndefined();
    expect(await oneOnOnes.openItems(theirs.id)).toEqual([]);
    expect(await oneOnOnes.markItemDone('U1', theirItem.id, later(2))).toBe(false);
    await expect(oneOnOnes.addAgendaItem(theirs.id, 'U1', 'Sneaked in', later(2))).rejects.toThrow();
    expect((await other.openItems(theirs.id)).map((i) => i.text)).toEqual(['Theirs']);

    // Removing T1's 1:1 leaves T2's, its agenda and its stored prep nudge.
    await prepNudge('T1', 'prep:same', 'U1', mine.id);
    await prepNudge('T2', 'prep:same', 'U1', theirs.id);
    // 1:1 ids are unique across workspaces, so only the team filter can keep a T2 row naming the same id.
    await prepNudge('T2', 'prep:same-id', 'U1', mine.id);
    expect(await oneOnOnes.remove('U1', 'R1')).toBe(true);
    expect(await oneOnOnes.item(myItem.id)).toBeUndefined();
    expect(await other.get('U1', 'R1')).toEqual(theirs);
    expect(await other.item(theirItem.id)).toMatchObject({ text: 'Theirs', status: 'open' });
    expect(await db.all('SELECT team_id, key, payload FROM deliveries ORDER BY team_id, key')).toEqual([
      { team_id: 'T1', key: 'prep:same', payload: null },
      { team_id: 'T2', key: 'prep:same', payload: '{"text":"agenda"}' },
      { team_id: 'T2', key: 'prep:same-id', payload: '{"text":"agenda"}' },
    ]);
  });
});
