import type { Db } from '../../src/core/db/connection';
import type { SqlDatabase } from '../../src/core/db/sql';
import type { Repositories } from '../../src/repositories';
import { emptyMinutes, type CategoryMinutes } from '../../src/core/categories';
import { mergeTargets, type Targets } from '../../src/features/timelog/rules/targets';
import { TEST_TEAM_ID } from '../support/slackDouble';

/** The defaults in content/coaching.yaml, written out so the hand computations below can be checked by eye. */
export const DEFAULT_RANGES = {
  coding: { min: 0, max: 20 },
  people: { min: 30, max: 60 },
  meetings: { min: 10, max: 30 },
  strategy: { min: 10, max: 25 },
  improvement: { min: 5, max: 20 },
  firefighting: { min: 0, max: 15 },
};

export function defaults(): Targets {
  return mergeTargets(DEFAULT_RANGES, {});
}

export function minutes(partial: Partial<CategoryMinutes>): CategoryMinutes {
  return { ...emptyMinutes(), ...partial };
}

/**
 * The small fixed cohort every summary test uses. The summarised week is Mon 16 – Sun 22 Nov 2026
 * (summaries go out on Monday 23 Nov); the three weeks before start 26 Oct, 2 Nov and 9 Nov.
 *
 * Alice (Berlin, shares): last week coding 600, people 600, meetings 300, strategy 300,
 *   improvement 150, firefighting 150 = 2100 min (35h): 29/29/14/14/7/7 %. Week of 9 Nov:
 *   coding 300, people 900, meetings 300 (20/60/20 %); 2 Nov: nothing; 26 Oct: coding 200,
 *   people 600, strategy 200 (20/60/0/20 %). Earlier mean over the 2 weeks with data:
 *   20/60/10/10/0/0 %, 1250 min (20h 50m) → change +9, −31, +4, +4, +7, +7 pts. Team at 20%: yes.
 * Bob (UTC, does not share): people 1200, firefighting 800 = 2000 min: 60 % people, 40 % firefighting
 *   (25 pts above the 15 % max: the furthest off) → firefighting tip. Team at 20%: no.
 * Carol (New York, shares): coding 120, people 240, meetings 120, strategy 60, improvement 60 = 600 min:
 *   20/40/20/10/10/0 %, all within → on-track. No answer.
 * Dave (UTC, shares): nothing logged last week → the no-data nudge, and not named in the channel.
 *
 * Cohort: 3 of 4 logged; mean split coding (28.57+0+20)/3 = 16, people (28.57+60+40)/3 = 43,
 * meetings (14.29+0+20)/3 = 11, strategy (14.29+0+10)/3 = 8, improvement (7.14+0+10)/3 = 6,
 * firefighting (7.14+40+0)/3 = 16; above coding target: 1 (Alice); teams at 20%: 1 of 2 = 50 %.
 */
export const COHORT = {
  alice: {
    userId: 'UALICE01',
    timeZone: 'Europe/Berlin',
    shares: true,
    entries: [
      ['2026-11-16', 'coding', 600],
      ['2026-11-17', 'people', 600],
      ['2026-11-18', 'meetings', 300],
      ['2026-11-19', 'strategy', 300],
      ['2026-11-20', 'improvement', 150],
      ['2026-11-22', 'firefighting', 150],
      ['2026-11-09', 'coding', 300],
      ['2026-11-10', 'people', 900],
      ['2026-11-15', 'meetings', 300],
      ['2026-10-26', 'coding', 200],
      ['2026-10-27', 'people', 600],
      ['2026-11-01', 'strategy', 200],
    ],
    improvement: true,
  },
  bob: {
    userId: 'UBOB0002',
    timeZone: 'UTC',
    shares: false,
    entries: [
      ['2026-11-16', 'people', 600],
      ['2026-11-17', 'people', 600],
      ['2026-11-18', 'firefighting', 800],
    ],
    improvement: false,
  },
  carol: {
    userId: 'UCAROL03',
    timeZone: 'America/New_York',
    shares: true,
    entries: [
      ['2026-11-16', 'coding', 120],
      ['2026-11-17', 'people', 240],
      ['2026-11-18', 'meetings', 120],
      ['2026-11-19', 'strategy', 60],
      ['2026-11-20', 'improvement', 60],
    ],
    improvement: undefined,
  },
  dave: {
    userId: 'UDAVE004',
    timeZone: 'UTC',
    shares: true,
    entries: [['2026-11-09', 'people', 300]],
    improvement: undefined,
  },
} as const;

export const SUMMARISED_WEEK = { start: '2026-11-16', end: '2026-11-22' };

/** Text a manager might type that must never reach the channel as a ping. */
export const HOSTILE_NOTE = '<!channel> @here <@UALICE01> <!subteam^S123> read this';

/** The Wednesday answer for the summarised week (no repository writes it outside the nudge flow). */
async function addImprovementAnswer(db: SqlDatabase | Db, userId: string, atTarget: number): Promise<void> {
  const sql = 'INSERT INTO improvement_answers (team_id, user_id, week_start, at_target, answered_at) VALUES (?, ?, ?, ?, ?)';
  const params = [TEST_TEAM_ID, userId, SUMMARISED_WEEK.start, atTarget, '2026-11-18T12:00:00Z'];
  if ('engine' in db) await db.run(sql, params);
  else db.prepare(sql).run(...params);
}

export interface SeedTarget {
  /** The app's database (t.sql); a SQLite connection still works for tests that read SQLite directly. */
  db: SqlDatabase | Db;
  repos: Repositories;
}

/** Stores the fixed cohort through the real repositories (Bob's notes are hostile text). */
export async function seedCohort({ db, repos }: SeedTarget): Promise<void> {
  const enrolledAt = new Date('2026-10-01T09:00:00Z');
  let n = 0;
  for (const m of Object.values(COHORT)) {
    await repos.managers.enrol({ userId: m.userId, timeZone: m.timeZone, enrolledAt });
    // The cohort chose coaching: what lead-coach sends on a schedule (the weekly summary too) needs that choice.
    await repos.managers.startCoaching(m.userId, enrolledAt);
    await repos.managers.setShareInCohort(m.userId, m.shares);
    for (const [localDate, category, mins] of m.entries) {
      await repos.timeEntries.add({
        userId: m.userId,
        category,
        minutes: mins,
        localDate,
        timeZone: m.timeZone,
        note: m.userId === COHORT.bob.userId ? HOSTILE_NOTE : null,
        source: 'command',
        createdAt: enrolledAt,
        requestKey: `seed-${++n}`,
      });
    }
    if (m.improvement !== undefined) {
      await addImprovementAnswer(db, m.userId, m.improvement ? 1 : 0);
    }
  }
}

/**
 * Five more managers who keep their split private, each logging last week only (so the earlier
 * weeks' private groups stay below five): Pat1..Pat5 log people 300 + coding 60·i (i = 1..5) minutes.
 * With Bob that makes six private managers last week. Coding shares: 60/360 = 16.67, 120/420 = 28.57,
 * 180/480 = 37.5, 240/540 = 44.44, 300/600 = 50; Bob 0. Mean over the six: coding 29.53 → 30 %,
 * people (83.33+71.43+62.5+55.56+50+60)/6 = 63.80 → 64 %, firefighting 40/6 = 6.67 → 7 %.
 * Above the 20 % coding target: Pat2..Pat5 = 4 of 6. Pat1..Pat5 all answer "yes" on Wednesday.
 */
export const EXTRA_PRIVATE = [1, 2, 3, 4, 5].map((i) => ({ userId: `UPAT000${i}`, coding: 60 * i, people: 300 }));

export async function seedExtraPrivate({ db, repos }: SeedTarget): Promise<void> {
  const enrolledAt = new Date('2026-10-01T09:00:00Z');
  for (const m of EXTRA_PRIVATE) {
    await repos.managers.enrol({ userId: m.userId, timeZone: 'UTC', enrolledAt });
    for (const [category, mins] of [['coding', m.coding], ['people', m.people]] as const) {
      await repos.timeEntries.add({
        userId: m.userId,
        category,
        minutes: mins,
        localDate: '2026-11-17',
        timeZone: 'UTC',
        note: null,
        source: 'command',
        createdAt: enrolledAt,
        requestKey: `extra-${m.userId}-${category}`,
      });
    }
    await addImprovementAnswer(db, m.userId, 1);
  }
}
