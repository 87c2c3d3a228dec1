// @engines sqlite postgres
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { WebClient } from '@slack/web-api';

import { formatDay, weekdayName } from '../../src/core/dates/localDate';
import { SlackApiError } from '../../src/core/slack/errors';
import { uploadFile } from '../../src/core/slack/upload';
import { BOT_TOKEN, startTestApp, type TestApp } from '../support/harness';

/** Behaviour that used to differ between features because each had its own copy of a helper (issue 10). */

const blockText = (reply: unknown): string => JSON.stringify(reply);

describe('one admin policy: a Slack failure refuses, clearly, in every admin command', () => {
  let t: TestApp;

  beforeEach(async () => {
    t = await startTestApp({ users: [{ id: 'UMEMBER01', tz: 'Europe/Berlin' }] });
    await t.commandReply('help', { userId: 'UMEMBER01' }); // enrolled, so the next users.info is the admin check
    t.double.channelMembers.set('C0NEW', ['UMEMBER01', 'U_M2']);
  });
  afterEach(async () => {
    await t.stop();
  });

  it.each([
    ['enroll <#C0NEW|new-managers>', 'SELECT user_id FROM managers ORDER BY user_id'],
    ['summary channel <#C0COHORT|eng-managers>', 'SELECT channel_id, time_zone FROM summary_settings'],
    ['summary timezone Europe/Berlin', 'SELECT channel_id, time_zone FROM summary_settings'],
  ])('`/lead %s` with users.info failing: "could not check", ephemeral, nothing stored', async (command, query) => {
    const before = await t.sql.all(query);
    t.double.script('users.info', { ok: false, error: 'internal_error' });
    const reply = await t.commandReply(command, { userId: 'UMEMBER01' });
    expect(reply.response_type).toBe('ephemeral');
    expect(String(reply.text)).toContain('I could not check with Slack whether you are a workspace admin, so nothing was changed');
    expect(await t.sql.all(query)).toEqual(before);
    expect(t.double.callsTo('conversations.members')).toHaveLength(0);
  });

  it.each(['enroll <#C0NEW|new-managers>', 'summary channel <#C0COHORT|eng-managers>'])(
    '`/lead %s` from a member Slack says is not an admin gets the same refusal wording',
    async (command) => {
      const reply = await t.commandReply(command, { userId: 'UMEMBER01' });
      expect(String(reply.text)).toMatch(/^Only workspace admins and owners \(or people listed in ADMIN_USER_IDS\) can .+, so nothing was changed\./);
    },
  );
});

describe('one escaping rule: user input echoed back never pings anyone', () => {
  const HOSTILE = '<!channel> & <@U1>';
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ config: { adminUserIds: ['UADMIN001'] }, users: [{ id: 'UADMIN001', tz: 'Europe/Berlin' }, { id: 'UREPORT01', tz: 'UTC' }] });
    await t.commandReply('1on1 add <@UREPORT01> tuesday 14:00 weekly', { userId: 'UADMIN001' });
  });
  afterAll(async () => {
    await t.stop();
  });

  it.each([
    ['an unknown subcommand', HOSTILE],
    ['a category of /lead log', `log ${HOSTILE}`],
    ['a duration of /lead log', `log coding ${HOSTILE}`],
    ['a day of /lead log', 'log coding 1h 2026-<!channel>'],
    ['the note /lead log stores', `log coding 1h ${HOSTILE}`],
    ['the argument of /lead week', `week ${HOSTILE}`],
    ['a target range', `targets coding ${HOSTILE}`],
    ['a target category', `targets ${HOSTILE} 10-20`],
    ['a nudge name', 'nudges off <!channel>'],
    ['a time zone', `timezone ${HOSTILE}`],
    ['working days', 'hours <!channel> 09:00-18:00'],
    ['working hours', 'hours mon-fri <!channel>'],
    ['a pause', `pause ${HOSTILE}`],
    ['a 1:1 action', '1on1 <!channel>'],
    ['a 1:1 person', `1on1 add ${HOSTILE}`],
    ['a 1:1 weekday', `1on1 add <@UREPORT01> ${HOSTILE}`],
    ['a channel to enrol', `enroll ${HOSTILE}`],
    ['a summary action', `summary ${HOSTILE}`],
    ['a summary channel', `summary channel ${HOSTILE}`],
    ['a summary time zone', `summary timezone ${HOSTILE}`],
    ['/lead share', `share ${HOSTILE}`],
    ['an FAQ question without an answer', `faq ${HOSTILE} zebra`],
  ])('%s', async (_what, command) => {
    const reply = blockText(await t.commandReply(command, { userId: 'UADMIN001' }));
    expect(reply).toContain('&lt;!channel&gt;');
    expect(reply).not.toContain('<!channel');
    expect(reply).not.toContain('<@U1>');
  });

  it('an agenda item, as /lead 1on1 list shows it', async () => {
    await t.commandReply(`1on1 note <@UREPORT01> ${HOSTILE}`, { userId: 'UADMIN001' });
    const reply = blockText(await t.commandReply('1on1 list', { userId: 'UADMIN001' }));
    expect(reply).toContain('&lt;!channel&gt; &amp; &lt;@U1&gt;');
    expect(reply).not.toContain('<!channel');
  });
});

describe('one "invalid input" answer: problem, nothing changed, a correct example', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ config: { adminUserIds: ['UADMIN001'] }, users: [{ id: 'UADMIN001', tz: 'Europe/Berlin' }] });
  });
  afterAll(async () => {
    await t.stop();
  });

  it.each([
    ['log coding abc', '/lead log coding 90m yesterday reviewing PRs'],
    ['week next', '/lead week last'],
    ['pause tomorrow', '/lead pause 3d'],
    ['1on1 add nobody', '/lead 1on1 add @alex tuesday 14:00 weekly'],
    ['enroll general', '/lead enroll #new-managers'],
    ['share maybe', '/lead share on'],
    ['summary timezone Mars/Olympus', '/lead summary timezone Europe/Berlin'],
  ])('`/lead %s` says so the same way, notification text included', async (command, example) => {
    const reply = await t.commandReply(command, { userId: 'UADMIN001' });
    expect(reply.response_type).toBe('ephemeral');
    expect(String(reply.text)).toMatch(new RegExp(`^.+ Nothing was changed\\. Example: \`${example.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\`$`));
    expect(blockText(reply.blocks)).toContain(':warning: ');
  });
});

describe('one time-zone rule: what the user typed is what is stored', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ config: { adminUserIds: ['UADMIN001'] }, users: [{ id: 'UADMIN001', tz: 'Europe/Berlin' }] });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('/lead summary timezone Asia/Kolkata stores Asia/Kolkata, not ICU\'s Asia/Calcutta', async () => {
    const reply = await t.commandReply('summary timezone Asia/Kolkata', { userId: 'UADMIN001' });
    expect(String(reply.text)).toContain('Mondays at 10:00 Asia/Kolkata');
    expect(await t.sql.get('SELECT time_zone FROM summary_settings')).toEqual({ time_zone: 'Asia/Kolkata' });
  });

  it('/lead timezone Asia/Kolkata stores Asia/Kolkata too', async () => {
    const reply = await t.commandReply('timezone Asia/Kolkata', { userId: 'UADMIN001' });
    expect(String(reply.text)).toContain('Your time zone is now Asia/Kolkata');
    expect(await t.sql.get('SELECT time_zone FROM managers WHERE user_id = ?', ['UADMIN001'])).toEqual({ time_zone: 'Asia/Kolkata' });
  });

  it.each([
    ['summary timezone', 'SELECT time_zone FROM summary_settings'],
    ['timezone', "SELECT time_zone FROM managers WHERE user_id = 'UADMIN001'"],
  ])('`/lead %s` fixes the case and refuses a zone abbreviation the same way', async (command, query) => {
    await t.commandReply(`${command} america/new_york`, { userId: 'UADMIN001' });
    expect(await t.sql.get(query)).toEqual({ time_zone: 'America/New_York' });
    const refused = await t.commandReply(`${command} EST`, { userId: 'UADMIN001' });
    expect(String(refused.text)).toContain('`EST` is not');
    expect(await t.sql.get(query)).toEqual({ time_zone: 'America/New_York' });
  });
});

describe('one weekday name, with its style said at the call', () => {
  it('prints Monday or Mon as asked, and formats days with the short style', () => {
    expect(weekdayName(1, 'long')).toBe('Monday');
    expect(weekdayName(7, 'short')).toBe('Sun');
    expect(formatDay('2026-11-18')).toBe('Wed 18 Nov');
  });
});

describe('one file upload and one Slack error vocabulary', () => {
  let t: TestApp;
  let stalled: http.Server;
  let stalledUrl: string;

  beforeAll(async () => {
    t = await startTestApp({ config: { adminUserIds: ['UADMIN001'] }, users: [{ id: 'UADMIN001', tz: 'UTC' }] });
    // An upload URL that takes the bytes and never answers.
    stalled = http.createServer(() => undefined);
    await new Promise<void>((resolve) => stalled.listen(0, '127.0.0.1', resolve));
    stalledUrl = `http://127.0.0.1:${(stalled.address() as AddressInfo).port}/upload/F_STALLED`;
  });
  afterAll(async () => {
    stalled.closeAllConnections();
    await new Promise<void>((resolve) => stalled.close(() => resolve()));
    await t.stop();
  });

  it('gives up on an upload URL that does not answer, with code upload_timeout, and completes nothing', async () => {
    t.double.script('files.getUploadURLExternal', { ok: true, upload_url: stalledUrl, file_id: 'F_STALLED' });
    const client = new WebClient(BOT_TOKEN, { slackApiUrl: t.double.apiUrl });
    const upload = uploadFile(client, { channelId: 'C1', filename: 'a.png', title: 'A', bytes: Buffer.from('png'), contentType: 'image/png' }, 200);
    await expect(upload).rejects.toThrow(SlackApiError);
    await expect(upload).rejects.toMatchObject({ code: 'upload_timeout' });
    expect(t.double.callsTo('files.completeUploadExternal')).toHaveLength(0);
  });

  it('turns an ok:false answer into a SlackApiError with Slack\'s code', async () => {
    t.double.script('files.getUploadURLExternal', { ok: false, error: 'invalid_auth' });
    const client = new WebClient(BOT_TOKEN, { slackApiUrl: t.double.apiUrl, retryConfig: { retries: 0 } });
    await expect(
      uploadFile(client, { channelId: 'C1', filename: 'a.csv', title: 'A', bytes: Buffer.from('a'), contentType: 'text/csv' }),
    ).rejects.toMatchObject({ name: 'SlackApiError', code: 'invalid_auth' });
  });

  it('a Slack failure nobody handles reaches the error handler, which logs Slack\'s code and tells the user', async () => {
    t.double.script('conversations.members', { ok: false, error: 'internal_error' });
    const reply = await t.commandReply('enroll <#C0ANY|any>', { userId: 'UADMIN001' });
    expect(String(reply.text)).toContain('something went wrong on our side and nothing was changed');
    const failure = t.logs.lines.find((l) => l.msg === 'listener failed');
    expect(failure).toMatchObject({ slackError: 'internal_error', userId: 'UADMIN001' });
  });
});

describe('one channel reader for /lead enroll and /lead summary channel', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ config: { adminUserIds: ['UADMIN001'] }, users: [{ id: 'UADMIN001', tz: 'UTC' }, { id: 'UNEW00001', tz: 'Asia/Kolkata' }] });
    t.double.channelMembers.set('C0COHORT1', ['UNEW00001']);
  });
  afterAll(async () => {
    await t.stop();
  });

  it.each(['<#C0COHORT1|eng-managers>', 'C0COHORT1'])('both take %s', async (channel) => {
    const summary = await t.commandReply(`summary channel ${channel}`, { userId: 'UADMIN001' });
    expect(String(summary.text)).toContain('Done: the weekly cohort summary goes to <#C0COHORT1>');
    const enrol = await t.commandReply(`enroll ${channel}`, { userId: 'UADMIN001' });
    expect(String(enrol.text)).toMatch(/Invited \*[01]\* members? of <#C0COHORT1>/);
    expect(await t.sql.get("SELECT channel_id FROM coaching_invitations WHERE user_id = 'UNEW00001'")).toEqual({ channel_id: 'C0COHORT1' });
  });
});
