// @engines sqlite postgres
import { fixedWorkspace } from '../../src/core/workspace';
import { TEST_TEAM_ID } from '../support/slackDouble';
import { createRepositories } from '../../src/repositories';
import { nudgesJob, type NudgeJobReport } from '../../src/features/nudges/job';
import { startSlackDouble, type SlackDouble } from '../support/slackDouble';
import { deliveryRow, dmsTo, FAST, jobWorld, type JobWorld } from './support';
import { openTestDatabase } from '../support/database';

describe('nudges job: who gets what, when', () => {
  let double: SlackDouble;
  let w: JobWorld;

  beforeAll(async () => {
    double = await startSlackDouble();
  });
  afterAll(async () => {
    await double.stop();
  });
  beforeEach(async () => {
    double.reset();
    w = await jobWorld(double);
  });
  afterEach(() => w.close());

  it('sends every default nudge at its local time, with its text, source and buttons', async () => {
    await w.enrol('U_BER', 'Europe/Berlin', '2026-10-30T12:00:00Z');
    await w.repos.oneOnOnes.save({ managerId: 'U_BER', reportUserId: 'U_REP', weekday: 2, time: '14:00', cadence: 'weekly', anchorDate: '2026-11-03', createdAt: '2026-10-30T12:00:00Z' });
    // Walk Mon 2 Nov (first Monday of the month, first Monday after enrolment) to Thu 5 Nov, where nudges fall.
    const instants = [
      '2026-11-02T08:00:00Z', // Mon 09:00 no-code-block + manager-readme + impact-portfolio, merged into one DM
      '2026-11-03T12:00:00Z', // Tue 13:00 1:1 prep for 14:00
      '2026-11-03T15:30:00Z', // Tue 16:30 time-checkin
      '2026-11-05T15:30:00Z', // Thu 16:30 time-checkin + system-improvement, merged
    ];
    const sentAt: Record<string, string[]> = {};
    for (const at of instants) {
      const report = await w.tick(at);
      sentAt[at] = report.lines.filter((l) => l.startsWith('sent')).map((l) => [...l.matchAll(/([a-z0-9-]+) to U_BER/g)].map((m) => m[1]).join('+'));
    }
    expect(sentAt).toEqual({
      '2026-11-02T08:00:00Z': ['no-code-block+manager-readme+impact-portfolio'],
      '2026-11-03T12:00:00Z': ['one-on-one-prep'],
      '2026-11-03T15:30:00Z': ['time-checkin'],
      '2026-11-05T15:30:00Z': ['system-improvement+time-checkin'],
    });
    expect(double.succeeded('chat.postMessage')).toHaveLength(4);
    const posts = double.succeeded('chat.postMessage');
    expect(posts.every((c) => c.params.channel === 'U_BER')).toBe(true);
    const blocksOf = (i: number) => JSON.stringify(posts[i]?.params.blocks);
    expect(String(posts[0]?.params.text)).toContain('no-code block');
    expect(blocksOf(0)).toContain('Why Top Engineers Fail as Managers');
    for (let i = 0; i < posts.length; i++) {
      for (const action of ['nudge_done', 'nudge_snooze_hour', 'nudge_snooze_tomorrow', 'nudge_skip', 'nudge_turn_off']) expect(blocksOf(i)).toContain(action);
    }
    const checkin = posts.find((c) => JSON.stringify(c.params.blocks).includes('nudge_checkin_quick'));
    expect(JSON.stringify(checkin?.params.blocks)).toContain('Log my day');
    const prep = posts.find((c) => String(c.params.text).includes('1:1 with'));
    expect(String(prep?.params.text)).toContain('<@U_REP>');
    expect(JSON.stringify(prep?.params.blocks)).toContain('Close the code editor first');
    const improvement = posts.find((c) => JSON.stringify(c.params.blocks).includes('nudge_improvement'));
    expect(JSON.stringify(improvement?.params.blocks)).toContain('At 20% or more');
    // A merged DM: each nudge keeps its own Done button, pointing at its own section.
    const mondayDone = (posts[0]?.params.blocks as Array<{ elements?: Array<{ action_id?: string; value?: string }> }>)
      .flatMap((b) => b.elements ?? [])
      .filter((e) => e.action_id === 'nudge_done')
      .map((e) => e.value?.split('|')[1]);
    expect(mondayDone).toEqual(['no-code-block', 'manager-readme', 'impact-portfolio']);
    expect(blocksOf(0)).toContain('You get this on Mondays at 09:00');
    // The same instants again: nothing new.
    for (const at of instants) await w.tick(at);
    expect(double.succeeded('chat.postMessage')).toHaveLength(posts.length);
  });

  it('tells the Monday nudge how much of last week was coding when last week was logged', async () => {
    await w.enrol('U_BER', 'Europe/Berlin');
    const entry = async (category: 'coding' | 'people', minutes: number, localDate: string) =>
      await w.repos.timeEntries.add({ userId: 'U_BER', category, minutes, localDate, timeZone: 'Europe/Berlin', source: 'command', createdAt: new Date('2026-11-14T10:00:00Z') });
    await entry('coding', 180, '2026-11-10');
    await entry('people', 420, '2026-11-12');
    await entry('coding', 600, '2026-11-16'); // this week: not counted
    await w.tick('2026-11-16T08:00:00Z');
    expect(dmsTo(double, 'U_BER')[0]).toContain('Last week you logged 10h; 3h of it (30%) was coding.');
  });

  it('keeps quiet outside working hours and on days off', async () => {
    await w.enrol('U_EARLY', 'Europe/Berlin', '2026-11-01T00:00:00Z', { workStart: '10:00', workEnd: '16:00', workingDays: [2, 3, 4, 5, 6] });
    // Monday is a day off: nothing all day.
    for (const at of ['2026-11-16T08:00:00Z', '2026-11-16T15:30:00Z', '2026-11-16T22:59:00Z']) await w.tick(at);
    expect(dmsTo(double, 'U_EARLY')).toEqual([]);
    // Tuesday: the Monday nudge arrives at the start of the working day (10:00 local), the check-in at 15:30.
    const tue = await w.tick('2026-11-17T09:00:00Z');
    expect(tue.lines.filter((l) => l.startsWith('sent'))).toEqual([expect.stringContaining('no-code-block to U_EARLY (due 2026-11-17 10:00 Europe/Berlin)')]);
    const evening = await w.tick('2026-11-17T14:30:00Z');
    expect(evening.lines.filter((l) => l.startsWith('sent'))).toEqual([expect.stringContaining('time-checkin to U_EARLY (due 2026-11-17 15:30')]);
    // Night: nothing.
    await w.tick('2026-11-18T02:00:00Z');
    expect(dmsTo(double, 'U_EARLY')).toHaveLength(2);
  });

  it('pause suppresses nudges through the date, resume brings them back; opt-out stops one nudge only', async () => {
    await w.enrol('U_P', 'Europe/Berlin');
    await w.repos.managers.setPausedUntil('U_P', '2026-11-17');
    await w.tick('2026-11-16T08:00:00Z'); // Mon no-code-block: paused
    await w.tick('2026-11-17T15:30:00Z'); // Tue check-in: paused (inclusive)
    expect(dmsTo(double, 'U_P')).toEqual([]);
    await w.tick('2026-11-19T15:30:00Z'); // Thu: pause over; check-in and 20% question in one DM
    expect(dmsTo(double, 'U_P')).toHaveLength(1);

    await w.repos.managers.setPausedUntil('U_P', '2026-12-31');
    await w.tick('2026-11-23T08:00:00Z');
    expect(dmsTo(double, 'U_P')).toHaveLength(1);
    await w.repos.managers.setPausedUntil('U_P', null); // resume
    await w.repos.nudgeSettings.setNudge('U_P', 'time-checkin', false, new Date('2026-11-23T16:00:00Z'));
    await w.tick('2026-11-24T15:30:00Z'); // Tue check-in: opted out
    await w.tick('2026-11-30T08:00:00Z'); // next Monday's no-code-block still comes
    expect(dmsTo(double, 'U_P')).toHaveLength(2);
    expect(dmsTo(double, 'U_P')[1]).toContain('no-code block');
  });

  it('sends late within the same local working day, and records missed otherwise', async () => {
    await w.enrol('U_LATE', 'Europe/Berlin');
    await w.tick('2026-11-16T07:00:00Z'); // 08:00 local: nothing yet, cursor set
    // Down from 08:00 to 11:30 local; the 09:00 nudge is still sent.
    const r1 = await w.tick('2026-11-16T10:30:00Z');
    expect(r1.sent).toBe(1);
    expect(await deliveryRow(w.sql, 'nudge:no-code-block:U_LATE:2026-11-16')).toMatchObject({ status: 'sent', due_at: '2026-11-16T08:00:00.000Z' });
    // Down from 11:30 Monday to Wednesday 09:05 local: Tuesday's 16:30 check-in is missed, not sent.
    const r2 = await w.tick('2026-11-18T08:05:00Z');
    expect(r2.sent).toBe(0);
    expect(r2.lines).toEqual([expect.stringMatching(/^missed time-checkin to U_LATE \(due 2026-11-17 16:30/)]);
    expect(await deliveryRow(w.sql, 'nudge:time-checkin:U_LATE:2026-11-17')).toMatchObject({ status: 'missed' });
    // Down through the end of Thursday's working day: the 16:30 check-in and 20% question are missed at 18:30.
    const r3 = await w.tick('2026-11-19T17:30:00Z');
    expect(r3.missed).toBe(2);
    expect(dmsTo(double, 'U_LATE')).toHaveLength(1);
  });

  it('refreshes a week-old Slack time zone in the job, and the nudge follows the new zone', async () => {
    await w.enrol('U_MOVED', 'Europe/Berlin');
    await w.sql.run("UPDATE managers SET time_zone_checked_at = '2026-11-01T00:00:00.000Z' WHERE user_id = 'U_MOVED'");
    double.addUser({ id: 'U_MOVED', tz: 'Asia/Kolkata' });
    const report = await w.tick('2026-11-16T03:30:00Z'); // 09:00 in Kolkata, 04:30 in Berlin
    expect(double.callsTo('users.info')).toHaveLength(1);
    expect((await w.repos.managers.get('U_MOVED'))?.timeZone).toBe('Asia/Kolkata');
    expect(report.lines).toContain('time zone of U_MOVED is now Asia/Kolkata (was Europe/Berlin)');
    // The refresh comes after the tick's nudges (a slow users.info holds no one back): the next tick
    // looks at the same window again in the new zone and sends the 09:00 nudge a minute late, once.
    await w.tick('2026-11-16T03:31:00Z');
    expect(dmsTo(double, 'U_MOVED')).toHaveLength(1);
    expect(double.callsTo('users.info')).toHaveLength(1);
    await w.tick('2026-11-16T03:32:00Z');
    expect(dmsTo(double, 'U_MOVED')).toHaveLength(1);
  });

  it('sends nothing twice when the same instant runs again, when ticks overlap, or when two processes run at once', async () => {
    for (let i = 0; i < 30; i++) await w.enrol(`U_${i}`, 'Europe/Berlin');
    const at = '2026-11-16T08:00:00Z';
    // Overlapping ticks in one process, sharing one connection.
    const [a, b] = await Promise.all([w.tick(at), w.tick(at)]);
    expect((a?.sent ?? 0) + (b?.sent ?? 0)).toBe(30);
    // Re-run of the same --at.
    expect((await w.tick(at)).sent).toBe(0);
    // Two "processes": separate connections to the same file, same instant, next minute's nudges.
    for (let i = 30; i < 60; i++) await w.enrol(`U_${i}`, 'Europe/Berlin', '2026-11-01T00:00:00Z', { workStart: '09:01' });
    const otherDb = await openTestDatabase(w.dbPath);
    try {
      const other = { ...w.ctx('2026-11-16T08:01:00Z'), db: otherDb, transactor: otherDb, repos: createRepositories(otherDb, fixedWorkspace(TEST_TEAM_ID)) };
      const [c, d] = await Promise.all([
        nudgesJob(FAST).run(new Date('2026-11-16T08:01:00Z'), other) as Promise<NudgeJobReport>,
        w.tick('2026-11-16T08:01:00Z'),
      ]);
      expect(c.sent + d.sent).toBe(30);
    } finally {
      await otherDb.close();
    }
    const posts = double.succeeded('chat.postMessage');
    expect(posts).toHaveLength(60);
    expect(new Set(posts.map((p) => p.params.channel)).size).toBe(60);
    expect(await w.repos.deliveries.countsByStatus()).toEqual({ sent: 60 });
  });

  it('re-sends a nudge whose sender crashed after claiming it, once the claim is stale', async () => {
    await w.enrol('U_CRASH', 'Europe/Berlin');
    const key = 'nudge:no-code-block:U_CRASH:2026-11-16';
    await w.repos.deliveries.claim({
      key,
      userId: 'U_CRASH',
      kind: 'no-code-block',
      dueAt: new Date('2026-11-16T08:00:00Z'),
      channel: 'U_CRASH',
      payload: JSON.stringify({ channel: 'U_CRASH', text: 'left behind', blocks: null }),
      context: null,
      token: 'dead-process',
      at: new Date('2026-11-16T08:00:00Z'),
    });
    // One minute later the claim may still be in flight elsewhere: nothing is sent.
    await w.tick('2026-11-16T08:01:00Z');
    expect(dmsTo(double, 'U_CRASH')).toEqual([]);
    // Past the lease the claim is taken over and sent once.
    const report = await w.tick('2026-11-16T08:03:00Z');
    expect(report.lines).toEqual([`sent re-sent ${key} (claimed by a run that stopped) ts=${String((await deliveryRow(w.sql, key))?.ts)}`]);
    expect(dmsTo(double, 'U_CRASH')).toEqual(['left behind']);
    await w.tick('2026-11-16T08:06:00Z');
    expect(dmsTo(double, 'U_CRASH')).toHaveLength(1);
    expect(await deliveryRow(w.sql, key)).toMatchObject({ status: 'sent', attempts: 1 });
  });
});
