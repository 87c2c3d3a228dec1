// @engines sqlite postgres
import { fixedWorkspace } from '../../src/core/workspace';
import type { Database } from '../../src/core/db/database';
import { createRequestKeys, REQUEST_KEY_TTL_MS } from '../../src/core/slack/once';
import { createInvitationRepository, createManagerRepository, type InvitationRepository, type ManagerRepository } from '../../src/features/enrolment/repository';
import { freshDatabase } from '../support/database';

/** Managers, invitations and request keys, on this run's engine (LEAD_COACH_TEST_ENGINE). */
let db: Database;
let managers: ManagerRepository;
let invitations: InvitationRepository;

const T0 = new Date('2026-11-16T09:00:00.000Z');
const later = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

beforeEach(async () => {
  db = (await freshDatabase()).db;
  managers = createManagerRepository(db, fixedWorkspace('T1'));
  invitations = createInvitationRepository(db, fixedWorkspace('T1'));
});

afterEach(async () => {
  await db.close();
});

const enrol = (userId: string, at = T0, timeZone = 'Europe/Berlin') => managers.enrol({ userId, timeZone, enrolledAt: at });

describe('managers', () => {
  it('enrols once: a second enrolment changes nothing, and a new manager is not coached until they start', async () => {
    expect(await enrol('U1')).toBe(true);
    expect(await enrol('U1', later(5), 'Asia/Tokyo')).toBe(false);
    expect(await managers.get('U1')).toEqual({
      userId: 'U1',
      teamId: 'T1',
      timeZone: 'Europe/Berlin',
      timeZoneSource: 'slack',
      timeZoneCheckedAt: T0.toISOString(),
      enrolledAt: T0.toISOString(),
      workingDays: [1, 2, 3, 4, 5],
      workStart: '09:00',
      workEnd: '18:00',
      nudgesEnabled: false,
      coachingStartedAt: null,
      coachingOfferedAt: null,
      pausedUntil: null,
      shareInCohort: false,
      unreachableReason: null,
      timeZoneConfirmed: true,
    });
    expect(await managers.get('U_NOBODY')).toBeUndefined();
  });

  it('lists every manager by user id', async () => {
    await enrol('U3');
    await enrol('U1');
    await enrol('U2');
    expect((await managers.list()).map((m) => m.userId)).toEqual(['U1', 'U2', 'U3']);
  });

  it('enrols a person once when two requests race', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, () => enrol('U1')));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await managers.list()).toHaveLength(1);
  });

  it('starts coaching once: nudges on, enrolment counted from the first start, a second start changes nothing', async () => {
    await enrol('U1');
    expect(await managers.startCoaching('U1', later(60))).toBe(true);
    expect(await managers.startCoaching('U1', later(120))).toBe(false);
    expect(await managers.get('U1')).toMatchObject({ nudgesEnabled: true, coachingStartedAt: later(60).toISOString(), enrolledAt: later(60).toISOString() });
    expect(await managers.startCoaching('U_NOBODY', later(60))).toBe(false);
  });

  it('starts coaching once when two presses race', async () => {
    await enrol('U1');
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => managers.startCoaching('U1', later(60 + i))));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('stops and restarts coaching: a restart keeps the first enrolment date and makes them reachable again', async () => {
    await enrol('U1');
    await managers.startCoaching('U1', later(60));
    expect(await managers.stopCoaching('U1')).toBe(true);
    expect(await managers.stopCoaching('U1')).toBe(false);
    expect(await managers.get('U1')).toMatchObject({ nudgesEnabled: false, coachingStartedAt: null });

    await managers.markUnreachable('U1', 'messages_tab_disabled', later(90));
    expect(await managers.startCoaching('U1', later(120))).toBe(true);
    expect(await managers.get('U1')).toMatchObject({
      nudgesEnabled: true,
      coachingStartedAt: later(120).toISOString(),
      enrolledAt: later(60).toISOString(),
      unreachableReason: null,
    });
    expect(await managers.unreachableAt('U1')).toBeNull();
  });

  it('starts again someone coaching but unreachable or switched off', async () => {
    await enrol('U1');
    await managers.startCoaching('U1', later(60));
    await managers.setNudgesEnabled('U1', false);
    expect(await managers.get('U1')).toMatchObject({ nudgesEnabled: false });
    expect(await managers.startCoaching('U1', later(70))).toBe(true);
    // The current start stays the first one: the switch was off, coaching was not stopped.
    expect(await managers.get('U1')).toMatchObject({ nudgesEnabled: true, coachingStartedAt: later(60).toISOString() });
  });

  it('offers coaching once, and never to someone who started', async () => {
    await enrol('U1');
    await enrol('U2');
    expect(await managers.markCoachingOffered('U1', later(1))).toBe(true);
    expect(await managers.markCoachingOffered('U1', later(2))).toBe(false);
    expect((await managers.get('U1'))?.coachingOfferedAt).toBe(later(1).toISOString());
    await managers.startCoaching('U2', later(1));
    expect(await managers.markCoachingOffered('U2', later(2))).toBe(false);
  });

  it('follows Slack’s zone until the manager overrides it, and again when they ask', async () => {
    await enrol('U1');
    await managers.refreshSlackTimeZone('U1', 'Asia/Tokyo', later(10));
    expect(await managers.get('U1')).toMatchObject({ timeZone: 'Asia/Tokyo', timeZoneSource: 'slack', timeZoneCheckedAt: later(10).toISOString() });

    await managers.overrideTimeZone('U1', 'America/New_York');
    await managers.refreshSlackTimeZone('U1', 'Asia/Tokyo', later(20));
    expect(await managers.get('U1')).toMatchObject({
      timeZone: 'America/New_York',
      timeZoneSource: 'manual',
      timeZoneCheckedAt: later(20).toISOString(),
      timeZoneConfirmed: true,
    });

    await managers.followSlackTimeZone('U1', 'Europe/Paris', later(30));
    expect(await managers.get('U1')).toMatchObject({ timeZone: 'Europe/Paris', timeZoneSource: 'slack', timeZoneCheckedAt: later(30).toISOString() });
  });

  it('waits for a confirmed zone when Slack gave none', async () => {
    await enrol('U1', T0, 'UTC');
    await managers.markTimeZoneUnknown('U1');
    expect(await managers.get('U1')).toMatchObject({ timeZoneConfirmed: false, timeZoneCheckedAt: null });
    await managers.refreshSlackTimeZone('U1', 'Europe/Berlin', later(5));
    await managers.confirmTimeZone('U1');
    expect(await managers.get('U1')).toMatchObject({ timeZone: 'Europe/Berlin', timeZoneConfirmed: true });
  });

  it('lists zones to refresh: never-checked first, then oldest, without manual zones, unreachable people or fresh checks', async () => {
    await enrol('U_OLD', later(0));
    await enrol('U_OLDER', later(-60));
    await enrol('U_UNKNOWN', later(0));
    await managers.markTimeZoneUnknown('U_UNKNOWN');
    await enrol('U_UNKNOWN2', later(0));
    await managers.markTimeZoneUnknown('U_UNKNOWN2');
    await enrol('U_FRESH', later(100));
    await enrol('U_MANUAL', later(-120));
    await managers.overrideTimeZone('U_MANUAL', 'Asia/Tokyo');
    await enrol('U_GONE', later(-120));
    await managers.markUnreachable('U_GONE', 'account_inactive', later(1));

    expect(await managers.zonesToRefresh(later(50), 10)).toEqual(['U_UNKNOWN', 'U_UNKNOWN2', 'U_OLDER', 'U_OLD']);
    expect(await managers.zonesToRefresh(later(50), 3)).toEqual(['U_UNKNOWN', 'U_UNKNOWN2', 'U_OLDER']);
  });

  it('stores pause, switch, working hours and cohort sharing for that manager only', async () => {
    await enrol('U1');
    await enrol('U2');
    await managers.startCoaching('U1', later(1));
    await managers.startCoaching('U2', later(1));
    await managers.setPausedUntil('U1', '2026-11-30');
    await managers.setNudgesEnabled('U1', false);
    await managers.setWorkingHours('U1', { workingDays: [2, 4], workStart: '07:30', workEnd: '15:00' });
    expect(await managers.setShareInCohort('U1', true)).toBe(true);
    expect(await managers.setShareInCohort('U_NOBODY', true)).toBe(false);

    expect(await managers.get('U1')).toMatchObject({
      pausedUntil: '2026-11-30',
      nudgesEnabled: false,
      workingDays: [2, 4],
      workStart: '07:30',
      workEnd: '15:00',
      shareInCohort: true,
    });
    expect(await managers.get('U2')).toMatchObject({
      pausedUntil: null,
      nudgesEnabled: true,
      workingDays: [1, 2, 3, 4, 5],
      workStart: '09:00',
      workEnd: '18:00',
      shareInCohort: false,
    });

    await managers.setPausedUntil('U1', null);
    await managers.setNudgesEnabled('U1', true);
    expect(await managers.get('U1')).toMatchObject({ pausedUntil: null, nudgesEnabled: true });
  });

  it('keeps the first reason someone is unreachable until it is cleared', async () => {
    await enrol('U1');
    await enrol('U2');
    await managers.markUnreachable('U1', 'messages_tab_disabled', later(1));
    await managers.markUnreachable('U1', 'account_inactive', later(2));
    expect(await managers.get('U1')).toMatchObject({ unreachableReason: 'messages_tab_disabled' });
    expect(await managers.unreachableAt('U1')).toBe(later(1).toISOString());
    expect(await managers.unreachableAt('U2')).toBeNull();
    expect(await managers.unreachableAt('U_NOBODY')).toBeNull();

    await managers.clearUnreachable('U1');
    expect(await managers.get('U1')).toMatchObject({ unreachableReason: null });
    expect(await managers.unreachableAt('U1')).toBeNull();
  });

  it('deletes one manager and leaves the others', async () => {
    await enrol('U1');
    await enrol('U2');
    expect(await managers.delete('U1')).toBe(true);
    expect(await managers.delete('U1')).toBe(false);
    expect((await managers.list()).map((m) => m.userId)).toEqual(['U2']);
  });

  it('enrols and starts coaching together in one transaction, or not at all', async () => {
    await expect(
      db.transaction(async () => {
        await enrol('U1');
        await managers.startCoaching('U1', later(1));
        throw new Error('Slack said no');
      }),
    ).rejects.toThrow('Slack said no');
    expect(await managers.get('U1')).toBeUndefined();

    const started = await db.transaction(async () => {
      await enrol('U1');
      return managers.startCoaching('U1', later(1));
    });
    expect(started).toBe(true);
    expect(await managers.get('U1')).toMatchObject({ nudgesEnabled: true });
  });
});

describe('invitations', () => {
  const invite = (userId: string, at = T0) => invitations.add({ userId, channelId: 'C1', invitedAt: at });

  it('invites a person once and remembers their answer', async () => {
    expect(await invite('U1')).toBe(true);
    expect(await invite('U1', later(5))).toBe(false);
    expect(await invitations.get('U1')).toEqual({ userId: 'U1', teamId: 'T1', channelId: 'C1', invitedAt: T0.toISOString(), answer: null, answeredAt: null });

    expect(await invitations.answer('U1', 'declined', later(10))).toBe(true);
    expect(await invitations.get('U1')).toMatchObject({ answer: 'declined', answeredAt: later(10).toISOString() });
    expect(await invitations.answer('U_NOBODY', 'started', later(10))).toBe(false);
    expect(await invitations.get('U_NOBODY')).toBeUndefined();
  });

  it('invites a person once when two invitations race', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, () => invite('U1')));
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});

describe('request keys', () => {
  it('says true the first time a key is seen and false for a replay, for each key', async () => {
    const keys = createRequestKeys(db);
    expect(await keys.firstTime('trigger:1', T0)).toBe(true);
    expect(await keys.firstTime('trigger:1', later(1))).toBe(false);
    expect(await keys.firstTime('trigger:2', later(1))).toBe(true);
  });

  it('lets exactly one of many simultaneous copies of a request through', async () => {
    const keys = createRequestKeys(db);
    const results = await Promise.all(Array.from({ length: 10 }, () => keys.firstTime('trigger:same', T0)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('forgets a key once the TTL has passed, and only then', async () => {
    const keys = createRequestKeys(db);
    expect(await keys.firstTime('trigger:1', T0)).toBe(true);
    expect(await keys.firstTime('trigger:1', new Date(T0.getTime() + REQUEST_KEY_TTL_MS - 1000))).toBe(false);
    const pastTtl = new Date(T0.getTime() + REQUEST_KEY_TTL_MS + 2 * 60_000);
    expect(await keys.firstTime('trigger:1', pastTtl)).toBe(true);
    expect(await db.all('SELECT key FROM request_keys ORDER BY key')).toEqual([{ key: 'trigger:1' }]);
  });
});
