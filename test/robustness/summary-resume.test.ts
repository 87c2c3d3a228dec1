// @engines sqlite postgres
import { weeklySummaryJob } from '../../src/features/summaries/job';
import type { RecordedCall } from '../support/slackDouble';
import { startTestApp, type TestApp } from '../support/harness';
import { COHORT, seedCohort } from '../summary/fixtures';

const ADMIN = 'UADMIN01';
const CHANNEL = 'CCOHORT01';
// Monday 23 Nov 2026: 08:00Z is 09:00 in Berlin (Alice's personal summary); 10:00Z is the cohort post (UTC).
const BERLIN_NINE = '2026-11-23T08:00:00Z';
const UTC_TEN = '2026-11-23T10:00:00Z';
const WEEK = '2026-11-16';

describe('interrupted or transiently failed weekly summaries resume on a later run that Monday, never twice', () => {
  let t: TestApp;

  beforeEach(async () => {
    t = await startTestApp({
      now: '2026-11-20T12:00:00Z',
      config: { adminUserIds: [ADMIN], slackTimeoutMs: 1000 },
      users: [{ id: ADMIN, tz: 'UTC' }, ...Object.values(COHORT).map((m) => ({ id: m.userId, tz: m.timeZone }))],
    });
    await seedCohort({ db: t.sql, repos: t.app.deps.repos });
    t.clock.set('2026-11-23T06:00:00Z');
    const reply = await t.commandReply(`summary channel <#${CHANNEL}|eng-managers>`, { userId: ADMIN });
    expect(String(reply.text)).toContain('Done');
    // This cohort has three managers who logged: the smallest group an admin may allow, so figures and a chart are posted.
    expect(String((await t.commandReply('summary min-group 3', { userId: ADMIN })).text)).toContain('3');
    refuseNativeChart();
  });

  /** A workspace without Slack's native chart block: the chart goes as a PNG upload, which is what these tests interrupt. */
  function refuseNativeChart(): void {
    t.double.always('chat.postMessage', (params) =>
      JSON.stringify(params.blocks ?? '').includes('data_visualization')
        ? { ok: false, error: 'invalid_blocks' }
        : { ok: true, channel: params.channel, ts: `1700000000.${String(Date.now() % 1_000_000).padStart(6, '0')}` },
    );
  }
  afterEach(async () => {
    await t.stop();
  });

  async function runAt(iso: string) {
    t.clock.set(iso);
    return weeklySummaryJob({ delivery: { backoffMs: 10 } }).run(new Date(iso), { ...t.app.deps, client: t.app.bolt.client });
  }

  function postsTo(channel: string): RecordedCall[] {
    return t.double.succeeded('chat.postMessage').filter((c) => c.params.channel === channel);
  }

  function chartRow(): Promise<Record<string, unknown> | undefined> {
    return t.sql.get<Record<string, unknown>>('SELECT status, chart_status, chart_error FROM cohort_posts WHERE week_start = ?', [WEEK]);
  }

  it('a chart upload that timed out is uploaded on a run five minutes later, once; the text is not posted again', async () => {
    t.double.fault('upload', { kind: 'hang' }, { times: 1 });
    const first = await runAt(UTC_TEN);
    expect(postsTo(CHANNEL)).toHaveLength(1);
    expect(first.lines.join('\n')).toContain('not uploaded: upload_timeout (tried again in a few minutes)');
    expect(await chartRow()).toMatchObject({ status: 'posted', chart_status: 'failed', chart_error: 'upload_timeout' });

    await runAt('2026-11-23T10:02:00Z');
    expect(t.double.callsTo('files.getUploadURLExternal')).toHaveLength(1);

    const later = await runAt('2026-11-23T10:06:00Z');
    expect(later.lines.join('\n')).toMatch(/cohort chart for week 2026-11-16 uploaded to CCOHORT01/);
    expect(t.double.uploads).toHaveLength(1);
    expect(t.double.succeeded('files.completeUploadExternal')).toHaveLength(1);
    expect(await chartRow()).toMatchObject({ chart_status: 'uploaded', chart_error: null });

    await runAt('2026-11-23T10:20:00Z');
    expect(t.double.succeeded('files.completeUploadExternal')).toHaveLength(1);
    expect(postsTo(CHANNEL)).toHaveLength(1);
  });

  it('a chart left `uploading` by a run that stopped is taken up again once it is a few minutes old', async () => {
    t.double.fault('files.getUploadURLExternal', { kind: 'reset' });
    await runAt(UTC_TEN);
    t.double.reset();
    // As if the process had died in the middle of the upload.
    await t.sql.run(`UPDATE cohort_posts SET chart_status = 'uploading', chart_error = NULL, updated_at = ? WHERE week_start = ?`, [UTC_TEN, WEEK]);

    await runAt('2026-11-23T10:03:00Z');
    expect(t.double.callsTo('files.getUploadURLExternal')).toHaveLength(0);
    await runAt('2026-11-23T10:06:00Z');
    expect(t.double.succeeded('files.completeUploadExternal')).toHaveLength(1);
    expect(await chartRow()).toMatchObject({ chart_status: 'uploaded' });
    expect(postsTo(CHANNEL)).toHaveLength(0);
  });

  it('a cohort post that failed with 503s is posted on the next run, the admin is not bothered, and it goes out once', async () => {
    t.double.always('chat.postMessage', (params) =>
      params.channel === CHANNEL ? { status: 503, body: { ok: false, error: 'service_unavailable' } } : { ok: true, channel: params.channel, ts: '1700000000.000001' },
    );
    const first = await runAt(UTC_TEN);
    expect(first.lines.join('\n')).toMatch(/cohort summary for week 2026-11-16 not posted yet \(http_503 \(after 4 attempts\)\); tried again from 2026-11-23T10:01:00.000Z/);
    expect(postsTo(ADMIN)).toHaveLength(0);
    expect(await chartRow()).toBeUndefined();

    t.double.reset();
    refuseNativeChart();
    await runAt('2026-11-23T10:01:00Z');
    expect(postsTo(CHANNEL)).toHaveLength(1);
    expect(t.double.uploads).toHaveLength(1);
    expect(postsTo(ADMIN)).toHaveLength(0);

    await runAt('2026-11-23T10:02:00Z');
    expect(postsTo(CHANNEL)).toHaveLength(1);
  });

  it('a personal summary whose DM failed with resets is sent on the next run, once', async () => {
    const alice = COHORT.alice.userId;
    t.double.fault('chat.postMessage', { kind: 'reset' }, { when: (p) => p.channel === alice });
    const first = await runAt(BERLIN_NINE);
    expect(first.lines.join('\n')).toMatch(new RegExp(`to ${alice} failed for now \\(network_error: .*\\); tried again from 2026-11-23T08:01:00.000Z`));
    expect(postsTo(alice)).toHaveLength(0);

    t.double.reset();
    await runAt('2026-11-23T08:01:00Z');
    expect(postsTo(alice)).toHaveLength(1);
    await runAt('2026-11-23T08:02:00Z');
    expect(postsTo(alice)).toHaveLength(1);
    expect(await t.sql.get('SELECT status FROM personal_summaries WHERE user_id = ? AND week_start = ?', [alice, WEEK])).toEqual({ status: 'sent' });
  });
});
