// @engines sqlite postgres
import { pngSize } from '../../src/features/summaries/renderChart';
import { CHART_WIDTH } from '../../src/features/summaries/chart';
import { main } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/io';
import { weeklySummaryJob } from '../../src/features/summaries/job';
import type { RecordedCall } from '../support/slackDouble';
import { isPostgresLocator } from '../support/database';
import { ensureBuilt, runCli } from '../support/cli';
import { BOT_TOKEN, SIGNING_SECRET, startTestApp, type TestApp } from '../support/harness';
import { COHORT, EXTRA_PRIVATE, seedCohort, seedExtraPrivate } from './fixtures';

const ADMIN = 'UADMIN01';
const CHANNEL = 'CCOHORT01';
// Monday 23 Nov 2026: 08:00Z is 09:00 in Berlin; 10:00Z is 10:00 UTC (the summary's default zone).
const BERLIN_NINE = '2026-11-23T08:00:00Z';
const UTC_TEN = '2026-11-23T10:00:00Z';
const NEW_YORK_NINE = '2026-11-23T14:00:00Z';

describe('weekly summary job, end to end with the real app, database and a Slack double', () => {
  let t: TestApp;

  beforeEach(async () => {
    t = await startTestApp({
      now: '2026-11-20T12:00:00Z',
      config: { adminUserIds: [ADMIN] },
      users: [
        { id: ADMIN, tz: 'UTC', name: '<!channel>' },
        ...Object.values(COHORT).map((m) => ({ id: m.userId, tz: m.timeZone, name: '@here <!everyone>' })),
      ],
    });
    await seedCohort({ db: t.sql, repos: t.app.deps.repos });
  });
  afterEach(async () => {
    await t.stop();
  });

  async function runAt(iso: string) {
    t.clock.set(iso);
    return weeklySummaryJob().run(new Date(iso), { ...t.app.deps, client: t.app.bolt.client });
  }

  function postsTo(channel: string): RecordedCall[] {
    return t.double.succeeded('chat.postMessage').filter((c) => c.params.channel === channel);
  }

  function everything(call: RecordedCall | undefined): string {
    return JSON.stringify(call?.params ?? {});
  }

  /** The admin first uses lead-coach on Monday morning, so they have no week of their own to summarise. */
  async function setChannel(text = `<#${CHANNEL}|eng-managers>`) {
    if (t.clock.now() < new Date('2026-11-23T06:00:00Z')) t.clock.set('2026-11-23T06:00:00Z');
    const reply = await t.commandReply(`summary channel ${text}`, { userId: ADMIN });
    expect(String(reply.text)).toContain('Done');
  }

  it("sends each manager last week's summary at 09:00 in their own zone, once", async () => {
    await runAt('2026-11-23T07:59:00Z');
    expect(t.double.callsTo('chat.postMessage')).toHaveLength(0);

    await runAt(BERLIN_NINE);
    expect(t.double.succeeded('chat.postMessage').map((c) => c.params.channel)).toEqual([COHORT.alice.userId]);
    const alice = everything(postsTo(COHORT.alice.userId)[0]);
    expect(alice).toContain('Your week · Mon 16 Nov – Sun 22 Nov');
    expect(alice).toContain('*35h* logged last week.');
    expect(alice).toMatch(/Coding\s+█+░+\s+10h\s+29%\s+target 0–20%\s+▲ above/);
    expect(alice).toMatch(/People\s+█+░+\s+10h\s+29%\s+target 30–60%\s+▼ below/);
    expect(alice).toContain('Compared with the average of 2 earlier weeks (20h 50m logged): Coding +9 pts · People −31 pts · Meetings +4 pts · Strategy +4 pts · Improvement +7 pts · Firefighting +7 pts.');
    expect(alice).toContain('Your team put 20% of its time into system improvement');
    expect(alice).toContain('*code refuge* trap'); // tip.coding-above-target
    expect(alice).toContain('Source: _Tech Leadership: Why Top Engineers Fail as Managers (And How to Avoid It)_ (reading list #2)');
    expect(alice).not.toContain('.txt');

    // A re-run in the same minute, and later that morning, sends nothing new.
    await runAt(BERLIN_NINE);
    await runAt('2026-11-23T08:45:00Z');
    expect(t.double.succeeded('chat.postMessage')).toHaveLength(1);

    await runAt(UTC_TEN);
    const bob = everything(postsTo(COHORT.bob.userId)[0]);
    expect(bob).toContain('*firefighting spiral*'); // tip.firefighting-high: 40% against a 15% max
    expect(bob).toContain('did not reach 20% on system improvement');
    expect(bob).not.toContain('read this'); // notes are never shown
    const dave = everything(postsTo(COHORT.dave.userId)[0]);
    expect(dave).toContain('Nothing logged this week yet'); // tip.no-data instead of an empty report
    expect(dave).not.toContain('logged last week.');
    expect(postsTo(COHORT.carol.userId)).toHaveLength(0);

    await runAt(NEW_YORK_NINE);
    const carol = everything(postsTo(COHORT.carol.userId)[0]);
    expect(carol).toContain('*Nice week:*'); // tip.on-track
    expect(carol).toContain('No answer to Wednesday');
    expect(t.double.succeeded('chat.postMessage')).toHaveLength(4);
  });

  it('sends nothing on Tuesday for a Monday that was missed entirely, and nothing to someone who enrolled on Monday', async () => {
    await t.app.deps.repos.managers.enrol({ userId: 'UNEW0005', timeZone: 'UTC', enrolledAt: new Date('2026-11-23T06:00:00Z') });
    await t.app.deps.repos.managers.startCoaching('UNEW0005', new Date('2026-11-23T06:00:00Z'));
    await runAt(UTC_TEN);
    expect(postsTo('UNEW0005')).toHaveLength(0);
    await runAt('2026-11-24T10:00:00Z');
    expect(postsTo(COHORT.carol.userId)).toHaveLength(0);
  });

  /** Slack without the native chart block yet: it refuses any message carrying one. */
  function refuseNativeChart() {
    t.double.always('chat.postMessage', (params) =>
      JSON.stringify(params.blocks ?? '').includes('data_visualization')
        ? { ok: false, error: 'invalid_blocks' }
        : { ok: true, channel: params.channel, ts: '1700000000.000002' },
    );
  }

  function chartRow() {
    return t.sql.get('SELECT status, chart_status, chart_file_id FROM cohort_posts WHERE week_start = ?', ['2026-11-16']);
  }

  it('posts only a count at 10:00 UTC when fewer managers logged than the minimum group, naming nobody', async () => {
    await setChannel();
    await runAt('2026-11-23T09:59:00Z');
    expect(postsTo(CHANNEL)).toHaveLength(0);

    await runAt(UTC_TEN);
    const posts = postsTo(CHANNEL);
    expect(posts).toHaveLength(1);
    const post = everything(posts[0]);
    expect(post).toContain('Cohort week · Mon 16 Nov – Sun 22 Nov');
    expect(post).toContain("*3 managers* logged their time last week: too few to summarise without giving someone's week away. The summary needs at least *5*.");
    expect(post).not.toMatch(/\d+%/);
    for (const m of Object.values(COHORT)) expect(post).not.toContain(m.userId);
    expect(post).not.toContain(ADMIN);
    expect(t.double.callsTo('files.getUploadURLExternal')).toHaveLength(0);
    expect(await chartRow()).toEqual({ status: 'posted', chart_status: 'skipped', chart_file_id: null });
  });

  it('averages only the private managers, names the opted-in ones and carries Slack’s native chart instead of a PNG', async () => {
    await seedExtraPrivate({ db: t.sql, repos: t.app.deps.repos });
    await setChannel();
    await runAt(UTC_TEN);
    const posts = postsTo(CHANNEL);
    expect(posts).toHaveLength(1);
    const post = everything(posts[0]);
    // 8 logged: Alice and Carol opted in; Bob and Pat1..Pat5 keep their split private (see fixtures.ts).
    expect(post).toContain('*8 managers* logged their time last week: 2 share their split by name, 6 keep it private.');
    expect(post).toContain('*Average split of the 6 who keep theirs private* (each counts once)');
    for (const figure of ['Coding: *30%*', 'People: *64%*', 'Meetings: *0%*', 'Strategy: *0%*', 'Improvement: *0%*', 'Firefighting: *7%*']) {
      expect(post).toContain(figure);
    }
    expect(post).toContain('*4 of 6* of them spent more of their week coding than their target.');
    expect(post).toContain('*86%* of the 7 teams that answered were at 20% system improvement (6 of 7).');
    expect(post).toContain(`*A* <@${COHORT.alice.userId}> (35h): Coding 29% · People 29% · Meetings 14% · Strategy 14% · Improvement 7% · Firefighting 7%`);
    expect(post).toContain(`*B* <@${COHORT.carol.userId}> (10h): Coding 20% · People 40%`);
    for (const hidden of [COHORT.bob.userId, COHORT.dave.userId, ...EXTRA_PRIVATE.map((m) => m.userId)]) expect(post).not.toContain(hidden);

    const chart = {
      type: 'bar',
      series: expect.arrayContaining([
        { name: 'Coding', data: [{ label: 'Week of 16 Nov', value: 30 }, { label: 'Manager A', value: 29 }, { label: 'Manager B', value: 20 }] },
      ]),
      axis_config: expect.objectContaining({ categories: ['Week of 16 Nov', 'Manager A', 'Manager B'] }),
    };
    expect(posts[0]?.params.blocks).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'data_visualization', chart })]));
    expect(t.double.callsTo('files.getUploadURLExternal')).toHaveLength(0);
    expect(await chartRow()).toEqual({ status: 'posted', chart_status: 'native', chart_file_id: null });

    // A run that stopped after the post but before recording the chart does not add a PNG on the next run.
    await t.sql.run('UPDATE cohort_posts SET chart_status = NULL WHERE week_start = ?', ['2026-11-16']);
    await runAt('2026-11-23T10:05:00Z');
    expect(t.double.callsTo('files.getUploadURLExternal')).toHaveLength(0);
    expect(postsTo(CHANNEL)).toHaveLength(1);
    expect(await chartRow()).toEqual({ status: 'posted', chart_status: 'native', chart_file_id: null });
  });

  it('posts again without the native chart and uploads the PNG when Slack refuses the chart block', async () => {
    await seedExtraPrivate({ db: t.sql, repos: t.app.deps.repos });
    await setChannel();
    refuseNativeChart();
    const report = await runAt(UTC_TEN);
    expect(report.lines.join('\n')).toContain('native chart block refused');
    expect(t.double.callsTo('chat.postMessage').filter((c) => c.params.channel === CHANNEL)).toHaveLength(2);
    const posts = postsTo(CHANNEL);
    expect(posts).toHaveLength(1);
    expect(everything(posts[0])).not.toContain('data_visualization');
    expect(everything(posts[0])).toContain('Letters match the bars in the chart.');
    expect(t.double.uploads).toHaveLength(1);
    const png = t.double.uploads[0]?.bytes ?? Buffer.alloc(0);
    expect(pngSize(png)?.width).toBe(CHART_WIDTH);
    const completed = t.double.succeeded('files.completeUploadExternal');
    expect(completed[0]?.params.channel_id).toBe(CHANNEL);
    expect(everything(completed[0])).not.toContain(COHORT.bob.userId);
    expect(await chartRow()).toEqual({ status: 'posted', chart_status: 'uploaded', chart_file_id: t.double.uploads[0]?.id });

    // A later run posts nothing more.
    await runAt('2026-11-23T10:05:00Z');
    expect(t.double.callsTo('chat.postMessage').filter((c) => c.params.channel === CHANNEL)).toHaveLength(2);
  });

  it('lets an admin lower the minimum to 3: the opted-in managers are named, the lone private one is in no figure', async () => {
    await setChannel();
    const reply = await t.commandReply('summary min-group 3', { userId: ADMIN });
    expect(String(reply.text)).toContain('fewer than 3 managers who logged');
    await runAt(UTC_TEN);
    const post = everything(postsTo(CHANNEL)[0]);
    expect(post).toContain('*3 managers* logged their time last week: 2 share their split by name, 1 keeps it private.');
    expect(post).toContain('Only 1 manager keeps their split private, fewer than 3, so no average of theirs is posted');
    expect(post).toContain('Only 2 teams answered the Wednesday question on 20% for system improvement: fewer than 3, so the result is not posted.');
    expect(post).not.toContain('Average split');
    expect(post).not.toContain('60%'); // Bob's people share
    expect(post).not.toContain(COHORT.bob.userId);
    expect(post).toContain(`<@${COHORT.alice.userId}>`);
  });

  it('posts nothing new when run-job is run again for the same --at', async () => {
    await setChannel();
    const out: string[] = [];
    const io: CliIo = {
      env: { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: t.double.apiUrl, LOG_LEVEL: 'silent', ...(isPostgresLocator(t.dbPath) ? { DATABASE_URL: t.dbPath } : { DATABASE_PATH: t.dbPath }) },
      out: (line) => out.push(line),
      err: () => undefined,
    };
    expect(await main(['run-job', 'weekly-summary', '--at', UTC_TEN], io)).toBe(0);
    expect(out.join('\n')).toContain('cohort summary for week 2026-11-16 posted to CCOHORT01 without figures (3 managers logged, fewer than 5)');
    // The channel, plus Bob and Dave (due at 10:00 UTC) and Alice (09:00 Berlin has passed: caught up).
    expect(postsTo(CHANNEL)).toHaveLength(1);
    expect(t.double.succeeded('chat.postMessage').map((c) => c.params.channel).sort()).toEqual(
      [CHANNEL, COHORT.alice.userId, COHORT.bob.userId, COHORT.dave.userId].sort(),
    );
    expect(t.double.uploads).toHaveLength(0);

    out.length = 0;
    expect(await main(['run-job', 'weekly-summary', '--at', UTC_TEN], io)).toBe(0);
    expect(out.join('\n')).toContain('0 thing(s) done');
    expect(t.double.succeeded('chat.postMessage')).toHaveLength(4);
    expect(t.double.callsTo('files.getUploadURLExternal')).toHaveLength(0);
  });

  it('three processes running the same Monday tick together post the cohort summary and its chart once, and each DM once', async () => {
    ensureBuilt();
    await seedExtraPrivate({ db: t.sql, repos: t.app.deps.repos });
    await setChannel();
    refuseNativeChart(); // so the chart goes as an uploaded PNG, the step with the most to repeat
    const env = {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: t.double.apiUrl,
      LOG_LEVEL: 'warn',
      ...(isPostgresLocator(t.dbPath) ? { DATABASE_URL: t.dbPath } : { DATABASE_PATH: t.dbPath }),
    };
    const runs = await Promise.all([0, 1, 2].map(() => runCli(['run-job', 'weekly-summary', '--at', UTC_TEN], env)));
    for (const run of runs) expect(run.code).toBe(0);
    expect(postsTo(CHANNEL)).toHaveLength(1);
    expect(t.double.uploads).toHaveLength(1);
    expect(t.double.succeeded('files.completeUploadExternal')).toHaveLength(1);
    const recipients = t.double.succeeded('chat.postMessage').map((c) => String(c.params.channel)).filter((c) => c !== CHANNEL);
    expect(recipients.length).toBeGreaterThan(0);
    expect(new Set(recipients).size).toBe(recipients.length);
  });

  it('keeps the message standing on its own when the chart upload fails, and does not retry the chart', async () => {
    await seedExtraPrivate({ db: t.sql, repos: t.app.deps.repos });
    await setChannel();
    refuseNativeChart();
    t.double.script('files.getUploadURLExternal', { ok: false, error: 'invalid_auth_upload' });
    const report = await runAt(UTC_TEN);
    expect(postsTo(CHANNEL)).toHaveLength(1);
    expect(everything(postsTo(CHANNEL)[0])).toContain('*8 managers* logged');
    expect(t.double.uploads).toHaveLength(0);
    expect(report.lines.join('\n')).toContain('not uploaded: invalid_auth_upload');
    await runAt('2026-11-23T10:05:00Z');
    expect(t.double.callsTo('files.getUploadURLExternal')).toHaveLength(1);
    expect(postsTo(CHANNEL)).toHaveLength(1);
  });

  it.each(['not_in_channel', 'channel_not_found', 'is_archived'])(
    'DMs the admin who set the channel what to do when Slack answers %s, once, and posts after the admin sets it again',
    async (error) => {
      await setChannel();
      t.double.always('chat.postMessage', (params) =>
        params.channel === CHANNEL ? { ok: false, error } : { ok: true, channel: params.channel, ts: '1700000000.000001' },
      );
      await runAt(UTC_TEN);
      const dms = postsTo(ADMIN);
      expect(dms).toHaveLength(1);
      const dm = everything(dms[0]);
      expect(dm).toContain('/invite @lead-coach');
      expect(dm).toContain(`<#${CHANNEL}>`);
      expect(dm).toContain('/lead summary channel');
      expect(t.double.uploads).toHaveLength(0);

      // Re-runs neither retry the channel nor DM the admin again.
      await runAt('2026-11-23T10:01:00Z');
      expect(t.double.callsTo('chat.postMessage').filter((c) => c.params.channel === CHANNEL)).toHaveLength(1);
      expect(postsTo(ADMIN)).toHaveLength(1);

      // The admin invites the bot and sets the channel again: the week's summary follows.
      t.double.reset();
      await setChannel();
      await runAt('2026-11-23T10:20:00Z');
      expect(postsTo(CHANNEL)).toHaveLength(1);
      expect(everything(postsTo(CHANNEL)[0])).toContain('*3 managers* logged their time last week');
    },
  );

  it('never lets hostile text reach the channel as a ping', async () => {
    await seedExtraPrivate({ db: t.sql, repos: t.app.deps.repos });
    await setChannel();
    refuseNativeChart();
    await runAt(UTC_TEN);
    const channelCalls = [...postsTo(CHANNEL), ...t.double.succeeded('files.completeUploadExternal')];
    expect(channelCalls.length).toBe(2);
    for (const call of channelCalls) {
      const all = everything(call);
      expect(all).not.toMatch(/<!channel>|<!here>|<!everyone>|@here|<!subteam/);
      expect(all).not.toContain('read this');
    }
  });

  it('posts nothing for a week nobody logged, records it, and does not try again', async () => {
    await t.sql.run("DELETE FROM time_entries WHERE local_date >= '2026-11-16'");
    await setChannel();
    const report = await runAt(UTC_TEN);
    expect(report.lines.join('\n')).toContain('cohort summary for week 2026-11-16: nobody logged, nothing posted');
    expect(t.double.callsTo('chat.postMessage').filter((c) => c.params.channel === CHANNEL)).toHaveLength(0);
    expect(await t.sql.get('SELECT status FROM cohort_posts WHERE week_start = ?', ['2026-11-16'])).toEqual({ status: 'empty' });
    const again = await runAt('2026-11-23T10:05:00Z');
    expect(again.lines.join('\n')).not.toContain('cohort summary');
    expect(t.double.callsTo('chat.postMessage').filter((c) => c.params.channel === CHANNEL)).toHaveLength(0);
    // Everyone got the nudge to log instead of a report.
    expect(everything(postsTo(COHORT.bob.userId)[0])).toContain('Nothing logged this week yet');
  });

  it('posts at 10:00 in the time zone the admin chose', async () => {
    await setChannel();
    const reply = await t.commandReply('summary timezone America/New_York', { userId: ADMIN });
    expect(String(reply.text)).toContain('America/New_York');
    await runAt(UTC_TEN);
    expect(postsTo(CHANNEL)).toHaveLength(0);
    await runAt('2026-11-23T15:00:00Z'); // 10:00 in New York
    expect(postsTo(CHANNEL)).toHaveLength(1);
  });
});
