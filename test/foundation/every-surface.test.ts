// @engines sqlite postgres
import { z } from '../../src/core/zod';

import type { Message } from '../../src/core/blockKit';
import {
  coachingOfferMessage, enrolAnswerMessage, invitationDeclinedMessage, invitationMessage, startAnswerMessage, stopAnswerMessage, welcomeMessage,
} from '../../src/features/enrolment/blocks';
import {
  faqAnswerMessage,
  faqDidYouMeanMessage,
  faqDmRefusalMessage,
  faqSharedMessage,
  faqSharePreviewMessage,
  faqStaleButtonMessage,
  faqTopicEntriesMessage,
  faqTopicsMessage,
} from '../../src/features/faq/blocks';
import { MAX_QUESTION_CHARS } from '../../src/features/faq/search';
import { nudgeMessage, type StoredOccurrence } from '../../src/features/nudges/blocks';
import { NUDGES, type NudgeId } from '../../src/features/nudges/catalog';
import { renderNudge, renderNudges, settingsViewFor, type RenderExtras } from '../../src/features/nudges/service';
import { MAX_NUDGES_PER_DM } from '../../src/features/nudges/job';
import { weeklySummaryJob } from '../../src/features/summaries/job';
import { timeLogSavedView, undoMessage } from '../../src/features/timelog/blocks';
import { confirmDayView, describeEntry, editEntryModal, entrySavedView, historyMessage, planLines } from '../../src/features/timelog/historyBlocks';
import { planDay } from '../../src/features/timelog/rules/dayPlan';
import type { TimeEntry, TimeLogActionKind } from '../../src/features/timelog/entities';
import { emptyMinutes } from '../../src/core/categories';
import { cohortSummaryMessage, nativeCohortChart } from '../../src/features/summaries/blocks';
import { MAX_CHART_MANAGERS } from '../../src/features/summaries/chart';
import { cohortSummary } from '../../src/features/summaries/rules/cohort';
import { weeksEndingWith } from '../../src/features/summaries/rules/week';
import { mergeTargets } from '../../src/features/timelog/rules/targets';
import { timeLogModalFor } from '../../src/features/timelog/modal';
import { validateMessage, validateView } from '../support/blockKit';
import { startTestApp, type TestApp } from '../support/harness';
import { COHORT, DEFAULT_RANGES, minutes, seedCohort } from '../summary/fixtures';

const ME = 'U_MANAGER1';
const ADMIN = 'UADMIN01';
const REPORTS = Array.from({ length: 30 }, (_, i) => `U_REPORT${String(i).padStart(2, '0')}`);
const LONG_NOTE = 'Reviewed the on-call runbook <!channel> & rewrote the escalation section; '.repeat(7).slice(0, 500);
const LONG_AGENDA_ITEM = 'Talk about growth, the promotion case, and what "senior" means on this team <@U1> & co. '.repeat(6).slice(0, 500);
const FOUR_THOUSAND_QUESTION = `why ${'does my calendar fill up with meetings and no code '.repeat(80)}`.slice(0, 4000);

/**
 * Renders every message, view and Home lead-coach produces, with extreme but valid data, and checks
 * each against Slack's Block Kit rules. Answers sent through the harness are checked by the double
 * (violations recorded, harness throws); builders called directly are checked here.
 */
describe('every surface the bot produces is one Slack accepts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      config: { adminUserIds: [ADMIN] },
      users: [{ id: ME, tz: 'Europe/Berlin' }, { id: ADMIN, tz: 'UTC' }, ...REPORTS.map((id) => ({ id, tz: 'Europe/Berlin' }))],
    });
  });
  afterAll(async () => {
    await t.stop();
  });

  function expectAccepted(label: string, problems: string[]): void {
    expect({ label, problems }).toEqual({ label, problems: [] });
    expect({ label, violations: t.double.violations }).toEqual({ label, violations: [] });
  }

  async function ask(text: string, userId = ME): Promise<void> {
    const reply = await t.commandReply(text, { userId });
    expectAccepted(`/lead ${text.slice(0, 60)}`, validateMessage(reply));
  }

  it('every command answer, help and errors included, with the longest input each accepts or refuses', async () => {
    const commands = [
      '', 'help', 'hepl', 'xyzzy <!channel>',
      'faq', 'faq how technical should I stay?', 'faq how do I run a good 1:1?', `faq ${FOUR_THOUSAND_QUESTION}`, 'faq <!here> @channel',
      `log coding 90m yesterday ${LONG_NOTE}`, `log coding 90m ${LONG_NOTE}x`, 'log nonsense 5m', 'log coding 30h', 'log people 2h', 'log meetings 1h monday',
      'log firefighting 45m 2026-11-16 incident', 'log strategy 3h 2099-01-01',
      'week', 'week last', 'targets', 'targets coding 0-25', 'targets coding 90-10', 'targets', 'undo', 'undo',
      'history', 'history last', 'history yesterday', 'history 2026-13-45', `history next ${LONG_NOTE}`, 'log list', 'log list monday',
      'nudges', 'pause 3d', 'nudges', 'resume', 'pause nonsense', 'hours mon-fri 09:00-18:00', 'hours whenever', 'timezone Europe/Berlin', 'timezone Mars/Olympus_Mons',
      '1on1 add <@U_MANAGER1|me> tuesday 14:00 weekly', '1on1 add someone', '1on1 list',
      ...REPORTS.map((id, i) => `1on1 add <@${id}|r${i}> ${['monday', 'tuesday', 'wednesday', 'thursday', 'friday'][i % 5] ?? 'monday'} 1${i % 10}:00 weekly`),
      '1on1 add <@U_EXTRA01|extra> monday 09:00 weekly',
      ...Array.from({ length: 26 }, (_, i) => `1on1 note <@${REPORTS[0] ?? ''}|r0> ${i === 25 ? LONG_AGENDA_ITEM : `agenda item ${i + 1}`}`),
      ...REPORTS.slice(1, 4).flatMap((id) => Array.from({ length: 6 }, () => `1on1 note <@${id}|r> ${LONG_AGENDA_ITEM}`)),
      `1on1 note <@${REPORTS[0] ?? ''}|r0> ${LONG_AGENDA_ITEM}xx`, '1on1 note <@U_NOBODY|n> hi', '1on1 list', '1on1 remove <@U_NOBODY|n>',
      'summary', 'share', 'share on', 'share maybe', 'share off', 'export', 'forget-me', 'enroll new-managers',
      'start', 'start', 'stop', 'stop', 'start',
    ];
    for (const text of commands) await ask(text);
    t.double.channelMembers.set('CCOHORT01', [ADMIN, ME, t.double.botUserId]);
    await ask('summary channel <#CCOHORT01|eng-managers>', ADMIN);
    await ask('summary timezone Europe/Berlin', ADMIN);
    await ask('summary channel nowhere', ADMIN);
    for (const text of [
      'nudges time time-checkin 5:30pm', 'nudges time time-checkin 25:00', 'nudges time tme-checkin 9', 'nudges time one-on-one-prep 9am',
      'nudges day no-code-block tue', 'nudges day time-checkin mon,tue,wed,thu,fri,sat,sun', 'nudges day no-code-block funday', 'nudges day no-code-block tue,thu', 'nudges',
      'holidays', 'holidays list', 'holidays add 2026-12-25 Christmas', 'holidays frob',
    ]) {
      await ask(text);
    }
    for (const text of [`holidays add 2026-12-24 ${'Christmas Eve <!here> '.repeat(4)}`, 'holidays add 2026-12-24 again', 'holidays add 2026-11-01 past', 'holidays list', 'holidays remove 2026-12-24', 'holidays remove 2026-12-24']) {
      await ask(text, ADMIN);
    }
    for (const n of ['2', 'abc', '1000', '', '7', '5']) await ask(`summary min-group ${n}`, ADMIN);
    await ask('enroll <#CCOHORT01|eng-managers>', ADMIN);
    await ask('enroll <#CCOHORT01|eng-managers>', ADMIN);
  });

  it('every consent message: the offer, invitation, welcome in a far zone, and each answer', async () => {
    const deps = t.app.deps;
    const manager = await deps.repos.managers.get(ME);
    if (!manager) throw new Error('ME should be enrolled by the command test');
    const welcome = welcomeMessage(await settingsViewFor(deps, { ...manager, timeZone: 'Pacific/Chatham' }, deps.clock.now()));
    const messages: Array<[string, Message]> = [
      ['offer', coachingOfferMessage()],
      ['invitation', invitationMessage('C0123456789')],
      ['declined', invitationDeclinedMessage()],
      ['welcome', welcome],
      ['started', startAnswerMessage({ kind: 'started', welcome: 'sent' })],
      ['restarted', startAnswerMessage({ kind: 'started', welcome: 'sent-before' })],
      ['started, DM failed', startAnswerMessage({ kind: 'started', welcome: 'failed', error: 'messages_tab_disabled' })],
      ['already', startAnswerMessage({ kind: 'already' })],
      ['stopped', stopAnswerMessage(true)],
      ['not coaching', stopAnswerMessage(false)],
      ['enrol counts', enrolAnswerMessage('C0123456789', { invited: 4999, alreadyCoaching: 1, invitedBefore: 12, botsOrDeactivated: 3, lookupFailed: 2, sendFailed: 7 })],
    ];
    for (const [label, msg] of messages) expectAccepted(label, validateMessage(msg));
  });

  function occurrence(nudgeId: NudgeId, extra: Partial<StoredOccurrence> = {}): StoredOccurrence {
    return { key: `nudge:${nudgeId}:${ME}:2026-11-18`, nudgeId, userId: ME, dueAt: '2026-11-18T08:00:00.000Z', localDate: '2026-11-18', localTime: '09:00', timeZone: 'Europe/Berlin', ...extra };
  }

  const STATES: Array<[string, RenderExtras]> = [
    ['due', {}],
    ['done', { closed: true, status: ':white_check_mark: Done. Nice work.' }],
    ['snoozed', { snoozed: true }],
    ['snoozed, then snoozed again', { snoozed: true, closed: true, status: ':alarm_clock: Snoozed until Thu 19 Nov 09:00.' }],
    ['skipped', { closed: true, status: ':fast_forward: Skipped this time.' }],
    ['turned off', { closed: true, status: `:no_bell: "${'x'.repeat(200)}" is turned off; you won't get it again.` }],
    ['asking keep / less often / stop', { askCadence: true }],
    ['held while away', { heldWhileAway: true }],
  ];

  it('the refusal of a request from another workspace, and the DM saying the time zone is unknown', async () => {
    const refused = await t.commandReply('log coding 1h', { teamId: 'T_ELSEWHERE' });
    expectAccepted('another workspace', validateMessage(refused));
    t.double.script('users.info', { ok: false, error: 'user_not_found' });
    await t.commandReply('week', { userId: 'U_NOZONE01' });
    await t.double.waitFor(() => t.double.succeeded('chat.postMessage').find((c) => c.params.channel === 'U_NOZONE01'));
    expectAccepted('time zone unknown DM', []);
  });

  it('every nudge kind in every state, from what is stored (check-in, 20% question, 1:1 prep with 0, 1, many and long agenda items)', async () => {
    const deps = t.app.deps;
    const meetingWith = async (index: number) => {
      const report = REPORTS[index] ?? '';
      const { id } = z.object({ id: z.number() }).parse(await t.sql.get('SELECT id FROM one_on_ones WHERE manager_id = ? AND report_user_id = ?', [ME, report]));
      return { id, reportUserId: report, meetingDate: '2026-11-24', meetingTime: '14:00', meetingAt: '2026-11-24T13:00:00.000Z' };
    };
    const kinds: Array<[string, StoredOccurrence]> = [
      ...NUDGES.filter((n) => n.id !== 'one-on-one-prep').map((n): [string, StoredOccurrence] => [n.id, occurrence(n.id)]),
      ['1:1 prep, 26 items (one long)', occurrence('one-on-one-prep', { oneOnOne: await meetingWith(0) })],
      ['1:1 prep, 6 long items', occurrence('one-on-one-prep', { oneOnOne: await meetingWith(1) })],
      ['1:1 prep, no items', occurrence('one-on-one-prep', { oneOnOne: await meetingWith(10) })],
      ['1:1 prep, meeting gone', occurrence('one-on-one-prep')],
    ];
    for (const [kind, o] of kinds) {
      for (const [state, extras] of STATES) {
        const msg = await renderNudge(deps, o.key, o, extras);
        expectAccepted(`${kind}, ${state}`, validateMessage(msg));
      }
    }
    const one = nudgeMessage({ key: 'k', occurrence: occurrence('one-on-one-prep', { oneOnOne: await meetingWith(2) }), coaching: deps.coaching, agenda: [{ id: 1, oneOnOneId: 1, managerId: ME, text: LONG_AGENDA_ITEM, status: 'open', createdAt: '2026-11-01T00:00:00Z', doneAt: null }] });
    expectAccepted('1:1 prep, one item', validateMessage(one));
    // Nudges due at the same minute, merged into one DM: the Monday three, and a prep with six long items on top.
    const monday = (['no-code-block', 'manager-readme', 'impact-portfolio'] as const).map((id) => occurrence(id));
    expectAccepted('merged Monday DM', validateMessage(await renderNudges(deps, 'nudges:merged', monday, () => ({ askCadence: true }))));
    expectAccepted('merged with a prep', validateMessage(await renderNudges(deps, 'nudges:merged', [...monday, occurrence('one-on-one-prep', { oneOnOne: await meetingWith(1) })], () => ({}))));
    // The largest DM the job can send: MAX_NUDGES_PER_DM of the largest sections (1:1 preps can repeat), in every state.
    const sizes: Array<{ o: StoredOccurrence; blocks: number }> = [];
    for (const [, o] of kinds) sizes.push({ o, blocks: (await renderNudge(deps, o.key, o, {})).blocks.length });
    const largest = sizes.sort((a, b) => b.blocks - a.blocks)[0]?.o;
    const prepWithMany = kinds.find(([kind]) => kind.startsWith('1:1 prep, 26 items'))?.[1];
    const fullest = [largest, prepWithMany, ...kinds.map(([, o]) => o)].filter((o): o is StoredOccurrence => Boolean(o)).slice(0, MAX_NUDGES_PER_DM);
    expect(fullest).toHaveLength(MAX_NUDGES_PER_DM);
    for (const [state, extras] of STATES) {
      expectAccepted(`largest merged DM, ${state}`, validateMessage(await renderNudges(deps, 'nudges:largest', fullest, () => extras)));
    }
    for (const answer of [true, false]) {
      expectAccepted(`20% answered ${answer}`, validateMessage(nudgeMessage({ key: 'k', occurrence: occurrence('system-improvement'), coaching: deps.coaching, improvementAnswer: answer, status: ':bar_chart: Thanks' })));
    }
    expectAccepted('check-in with a full day', validateMessage(nudgeMessage({ key: 'k', occurrence: occurrence('time-checkin'), coaching: deps.coaching, loggedToday: 23 * 60 + 30 })));
    expectAccepted('no-code block with last week', validateMessage(nudgeMessage({ key: 'k', occurrence: occurrence('no-code-block'), coaching: deps.coaching, lastWeek: { totalMinutes: 3000, codingMinutes: 1200 } })));
  });

  it('the App Home: someone new, a manager with nothing logged, and one with 30 1:1s, targets, a pause and a logged week', async () => {
    const published = () => t.double.succeeded('views.publish').length;
    const before = published();
    await t.app.refreshHome(t.app.bolt.client, 'U_STRANGER');
    await t.commandReply('help', { userId: REPORTS[5] });
    await t.app.refreshHome(t.app.bolt.client, REPORTS[5] ?? '');
    await t.commandReply('pause 2d');
    await t.app.refreshHome(t.app.bolt.client, ME);
    expect(published()).toBe(before + 3);
    expectAccepted('homes', []);
  });

  it('the time-log modal for a day with entries in every category, and its saved view', async () => {
    const manager = await t.app.deps.repos.managers.get(ME);
    if (!manager) throw new Error('not enrolled');
    expectAccepted('log modal, today', validateView(await timeLogModalFor(t.app.deps, manager, '2026-11-18')));
    expectAccepted('log modal, a day with entries', validateView(await timeLogModalFor(t.app.deps, manager, '2026-11-17')));
    const full = { coding: 300, people: 240, meetings: 300, strategy: 120, improvement: 200, firefighting: 280 };
    expectAccepted('saved view', validateView(timeLogSavedView('2026-11-17', '2026-11-18', full)));
    expectAccepted('saved view, nothing', validateView(timeLogSavedView('2026-11-18', '2026-11-18', { coding: 0, people: 0, meetings: 0, strategy: 0, improvement: 0, firefighting: 0 })));
  });

  it('the time-log history (every page, long notes), its Edit modal, the day confirmation and every undo answer', () => {
    const entry = (id: number, note: string | null, minutes = 20): TimeEntry => ({
      id, userId: ME, category: 'people', minutes, localDate: '2026-11-17', timeZone: 'Europe/Berlin', note, source: 'command', createdAt: '2026-11-17T10:00:00.000Z',
    });
    const many = Array.from({ length: 45 }, (_, i) => entry(i + 1, i % 2 ? LONG_NOTE : null));
    const noted = many[1]!;
    const range = { from: '2026-11-16', to: '2026-11-22', page: 0 };
    for (const page of [0, 1, 2]) {
      expectAccepted(`history page ${page}`, validateMessage(historyMessage(many, { ...range, page }, `:wastebasket: Deleted ${describeEntry(noted)}.`)));
    }
    expectAccepted('history, nothing logged', validateMessage(historyMessage([], range)));
    expectAccepted('edit modal, long note', validateView(editEntryModal(noted, '2026-11-18')));
    expectAccepted('edit modal, no note, out of the window', validateView(editEntryModal({ ...many[0]!, localDate: '2026-10-01' }, '2026-11-18')));
    expectAccepted('entry saved', validateView(entrySavedView(noted, { ...noted, minutes: 960, category: 'strategy' }, true)));
    expectAccepted('entry unchanged', validateView(entrySavedView(noted, noted, false)));
    const plans = planDay(many, { ...emptyMinutes(), people: 5, coding: 960 });
    expectAccepted('day confirmation, 45 entries changed', validateView(confirmDayView('2026-11-17', { ...emptyMinutes(), people: 5, coding: 960 }, plans, 'f'.repeat(32), true)));
    expectAccepted('day saved with changes', validateView(timeLogSavedView('2026-11-17', '2026-11-18', { ...emptyMinutes(), people: 5, coding: 960 }, planLines(plans, true))));
    const full = { coding: 300, people: 240, meetings: 300, strategy: 120, improvement: 200, firefighting: 280 };
    const kinds: TimeLogActionKind[] = ['log', 'form', 'edit', 'delete'];
    for (const kind of kinds) {
      for (const duplicate of [false, true]) {
        const action = { id: 1, userId: ME, kind, localDate: '2026-11-17', before: [noted], after: [noted], createdAt: '2026-11-17T10:00:00.000Z' };
        expectAccepted(`undo ${kind}${duplicate ? ', replayed' : ''}`, validateMessage(undoMessage({ action, duplicate }, '2026-11-18', 1439, full)));
      }
    }
    expectAccepted('undo, nothing', validateMessage(undoMessage(undefined, '2026-11-18', 0, emptyMinutes())));
  });

  it('every FAQ topic list and every answer, with and without a question', async () => {
    const faq = t.app.deps.repos.faq;
    const topics = await faq.topics();
    expectAccepted('topics', validateMessage(faqTopicsMessage(topics)));
    for (const topic of topics) {
      const entries = await faq.entriesInTopic(topic.id);
      expectAccepted(`topic ${topic.id}`, validateMessage(faqTopicEntriesMessage(topic, entries)));
      for (const entry of entries) {
        const related = entries.filter((e) => e.id !== entry.id).slice(0, 2);
        expectAccepted(`answer ${entry.id}`, validateMessage(faqAnswerMessage(entry, { related })));
        expectAccepted(`answer ${entry.id} to a long question`, validateMessage(faqAnswerMessage(entry, { related, question: { id: 999_999, text: FOUR_THOUSAND_QUESTION } })));
        expectAccepted(`shared ${entry.id}`, validateMessage(faqSharedMessage(entry, ME)));
        expectAccepted(`share preview ${entry.id}`, validateMessage(faqSharePreviewMessage(entry, ME)));
        for (const vote of [true, false]) {
          expectAccepted(`answer ${entry.id} voted ${vote}`, validateMessage(faqAnswerMessage(entry, { related, vote, question: { id: 999_999, text: FOUR_THOUSAND_QUESTION } })));
        }
      }
      expectAccepted(`did you mean in ${topic.id}`, validateMessage(faqDidYouMeanMessage({ id: 999_999, text: FOUR_THOUSAND_QUESTION }, entries)));
    }
    expectAccepted('stale button', validateMessage(faqStaleButtonMessage()));
    expectAccepted('dm refusals', [...validateMessage(faqDmRefusalMessage('too_long', MAX_QUESTION_CHARS)), ...validateMessage(faqDmRefusalMessage('file', MAX_QUESTION_CHARS))]);
  });

  it('the personal and cohort weekly summaries, with hostile notes, as the job posts them', async () => {
    await seedCohort({ db: t.sql, repos: t.app.deps.repos });
    const before = t.double.succeeded('chat.postMessage').length;
    for (const at of ['2026-11-23T08:00:00Z', '2026-11-23T09:00:00Z', '2026-11-23T10:00:00Z', '2026-11-23T14:00:00Z']) {
      t.clock.set(at);
      await weeklySummaryJob().run(new Date(at), { ...t.app.deps, client: t.app.bolt.client });
    }
    const posts = t.double.succeeded('chat.postMessage').slice(before);
    expect(posts.map((p) => p.params.channel)).toEqual(expect.arrayContaining([COHORT.alice.userId, ME, 'CCOHORT01']));
    expectAccepted('summaries', []);

    // Every shape of the cohort post, built directly: too small, private group too small, and the
    // full post with the most native chart columns (4 weeks + 16 managers = 20), with and without the block.
    const weeks = weeksEndingWith({ start: '2026-11-16', end: '2026-11-22' }, 4);
    const targets = mergeTargets(DEFAULT_RANGES, {});
    const cohort = (total: number, sharers: number) =>
      cohortSummary({
        weeks,
        managers: Array.from({ length: total }, (_, i) => ({
          userId: `UMGR${String(i).padStart(4, '0')}`,
          weeks: weeks.map(() => minutes({ coding: 30 + i, people: 300, meetings: 90, firefighting: 10 * i })),
          targets,
          sharesInCohort: i < sharers,
        })),
        improvementAnswers: Array.from({ length: total }, (_, i) => ({ atTarget: i % 3 === 0 })),
        minGroup: 5,
        defaultTargets: DEFAULT_RANGES,
      });
    for (const [label, summary] of [['too small', cohort(4, 1)], ['private too small', cohort(8, 5)], ['full', cohort(60, 40)], ['nobody shares', cohort(6, 0)]] as const) {
      const native = nativeCohortChart(summary);
      expectAccepted(`cohort ${label}, native chart`, validateMessage(cohortSummaryMessage(summary, { chartManagers: native?.managers ?? 0, ...(native ? { nativeChart: native.block } : {}) })));
      expectAccepted(`cohort ${label}, PNG chart`, validateMessage(cohortSummaryMessage(summary, { chartManagers: Math.min(summary.shared.length, MAX_CHART_MANAGERS) })));
    }
    expect(nativeCohortChart(cohort(60, 40))?.block.chart.axis_config.categories).toHaveLength(20);
  });
});
