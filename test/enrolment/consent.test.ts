// @engines sqlite postgres
import { z } from '../../src/core/zod';

import { nudgesJob, type NudgeJobReport } from '../../src/features/nudges/job';
import type { RecordedResponse } from '../support/slackDouble';
import { startTestApp, type TestApp } from '../support/harness';
import { FAST } from '../nudges/support';

const ME = 'U_NEWBIE01';
const LA = 'U_LOSANG01';
const ADMIN = 'U_ADMIN001';
const PEERS = ['U_PEER0001', 'U_PEER0002'];
const CHANNEL = 'C0MANAGERS';

type Body = RecordedResponse['body'];
const Button = z.object({ action_id: z.string(), value: z.string().optional(), text: z.object({ text: z.string() }) });
const Block = z.object({ accessory: Button.optional(), elements: z.array(z.unknown()).optional() }).passthrough();

/** Every button of a message, from its blocks (accessories and actions blocks). */
function buttonsOf(message: { blocks?: unknown }): Array<z.infer<typeof Button>> {
  const blocks = z.array(Block).parse(message.blocks ?? []);
  return blocks.flatMap((b) => [
    ...(b.accessory ? [b.accessory] : []),
    ...(b.elements ?? []).flatMap((e) => {
      const parsed = Button.safeParse(e);
      return parsed.success ? [parsed.data] : [];
    }),
  ]);
}

const textOf = (message: { blocks?: unknown; text?: unknown }): string => `${String(message.text)} ${JSON.stringify(message.blocks ?? [])}`;

describe('consent: only an explicit choice starts nudges', () => {
  let t: TestApp;

  beforeEach(async () => {
    // Wednesday 18 Nov 2026, 10:00 UTC: 11:00 in Berlin, 02:00 in Los Angeles.
    t = await startTestApp({
      now: '2026-11-18T10:00:00Z',
      config: { adminUserIds: [ADMIN] },
      users: [
        { id: ME, tz: 'Europe/Berlin' },
        { id: LA, tz: 'America/Los_Angeles' },
        { id: ADMIN, tz: 'UTC' },
        ...PEERS.map((id) => ({ id, tz: 'Europe/Berlin' })),
        { id: 'U_BOT00001', is_bot: true },
        { id: 'U_GONE0001', deleted: true },
      ],
    });
    t.double.addUser({ id: t.double.botUserId, is_bot: true });
    t.double.channelMembers.set(CHANNEL, [ADMIN, ME, ...PEERS, 'U_BOT00001', 'U_GONE0001', t.double.botUserId]);
  });
  afterEach(async () => {
    await t.stop();
  });

  async function tick(at: string): Promise<NudgeJobReport> {
    t.clock.set(at);
    return (await nudgesJob(FAST).run(new Date(at), { ...t.app.deps, client: t.app.bolt.client })) as NudgeJobReport;
  }

  /** The job at times when every kind of daily and weekly nudge is due in Berlin: Wed 16:30, Thu 11:00, Mon 09:00. */
  async function tickThroughAWeek(): Promise<NudgeJobReport[]> {
    // Thursday 16:30 Berlin (check-in and 20% question), Thursday morning, Monday 09:00.
    return [await tick('2026-11-19T15:30:00Z'), await tick('2026-11-19T10:00:00Z'), await tick('2026-11-23T08:00:00Z')];
  }

  const dmsTo = (userId: string) => t.double.succeeded('chat.postMessage').filter((c) => c.params.channel === userId);
  const welcomesTo = (userId: string) => dmsTo(userId).filter((c) => String(c.params.text).startsWith('Welcome to lead-coach'));
  const managerRow = (userId: string) =>
    t.sql.get<{ nudges_enabled: number; coaching_started_at: string | null }>(
      'SELECT nudges_enabled, coaching_started_at FROM managers WHERE user_id = ?',
      [userId],
    );
  const deliveriesOf = (userId: string) => t.sql.all("SELECT key FROM deliveries WHERE user_id = ? OR key LIKE '%:' || ? ORDER BY key", [userId, userId]);
  const invitationCount = async (userId: string) =>
    (await t.sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM coaching_invitations WHERE user_id = ?', [userId]))?.n;

  /** Everything the user saw after a command: the answer, then whatever else went to its response_url. */
  async function commandAnswers(text: string, userId: string): Promise<Body[]> {
    const { body, responseId } = await t.command(text, { userId });
    const first = body.trim().startsWith('{') ? [JSON.parse(body) as Body] : [];
    // The answer (and the offer, when there is one) are sent before the request's work ends; give them a moment.
    await t.double.waitFor(() => first.length > 0 || t.double.responses.some((r) => r.id === responseId));
    await new Promise((resolve) => setTimeout(resolve, 150));
    return [...first, ...t.double.responses.filter((r) => r.id === responseId).map((r) => r.body)];
  }

  async function press(actionId: string, value: string, userId: string, container?: Record<string, unknown>): Promise<Body | undefined> {
    const payload = t.buttonPayload(actionId, value, { userId, channelId: `D_${userId}`, ...(container ? { container } : {}) });
    const id = payload.response_url.split('/').pop();
    const res = await t.interact(payload);
    expect(res.status).toBe(200);
    if (container?.type === 'view') return undefined;
    return (await t.double.waitFor(() => t.double.responses.find((r) => r.id === id))).body;
  }

  it.each([
    ['help', ME],
    ['faq how do I run a good 1:1?', ME],
    ['log coding 90m', ME],
    ['week', ME],
    [`summary channel <#${CHANNEL}|eng-managers>`, ADMIN],
    [`enroll <#${CHANNEL}|eng-managers>`, ADMIN],
  ])('`/lead %s` from someone new leaves nudges off, and the job plans nothing for them', async (text, userId) => {
    await commandAnswers(text, userId);
    expect(await managerRow(userId)).toEqual({ nudges_enabled: 0, coaching_started_at: null });
    const reports = await tickThroughAWeek();
    for (const r of reports) expect(r).toMatchObject({ sent: 0, suppressed: 0, missed: 0 });
    // Not one nudge to anyone; /lead enroll's invitations are its only DMs.
    expect(t.double.succeeded('chat.postMessage').filter((c) => !String(c.params.text).startsWith('You are invited'))).toEqual([]);
    expect(await t.sql.get("SELECT COUNT(*) AS n FROM deliveries WHERE kind <> 'invitation'")).toEqual({ n: 0 });
  });

  it('the first answer to someone new offers Start coaching once, after what they asked for; later answers do not', async () => {
    const first = await commandAnswers('help', ME);
    expect(first).toHaveLength(2);
    expect(textOf(first[0]!)).toContain('lead-coach commands');
    expect(textOf(first[1]!)).toContain('New to lead-coach? Coaching sends you short DMs in your working hours');
    expect(buttonsOf(first[1]!).map((b) => [b.action_id, b.text.text])).toEqual([['nudges_start_coaching', 'Start coaching']]);

    const second = await commandAnswers('faq how do I run a good 1:1?', ME);
    // A known manager's FAQ answer still travels in the acknowledgement, and alone.
    const { body } = await t.command('faq how technical should I stay?', { userId: ME });
    expect(body.trim().startsWith('{')).toBe(true);
    expect(second).toHaveLength(1);
    expect(JSON.stringify([...second, JSON.parse(body)])).not.toContain('Start coaching');
    expect(t.double.responses.filter((r) => textOf(r.body).includes('New to lead-coach'))).toHaveLength(1);
  });

  it('/lead start sends exactly one welcome DM, in the manager’s own zone and hours, and says so; starting again sends nothing', async () => {
    await commandAnswers('hours mon-thu 08:00-17:00', LA);
    const started = await commandAnswers('start', LA);
    expect(started).toHaveLength(1); // the choice itself: no offer on top
    expect(textOf(started[0]!)).toContain('Coaching started. I sent you a DM listing each nudge and when it arrives, in your time.');

    const welcome = welcomesTo(LA);
    expect(welcome).toHaveLength(1);
    const shown = textOf({ text: welcome[0]!.params.text, blocks: welcome[0]!.params.blocks });
    expect(shown).toContain('in your time zone (*America/Los_Angeles*), only on your working days (Mon, Tue, Wed, Thu) between 08:00 and 17:00');
    // 02:00 on Wednesday in Los Angeles: today's 10:00 and 16:30 are still ahead; Monday's block is next week.
    expect(shown).toContain('*No-code block* · Mondays at 09:00 · next Mon 23 Nov, 09:00');
    expect(shown).toContain('*20% system improvement* · Thursdays at 16:30 · next Thu 19 Nov, 16:30');
    expect(shown).toContain('*Time check-in* · Tuesdays and Thursdays at 16:30, unless that day is already logged · next Thu 19 Nov, 16:30');
    expect(shown).toContain('*1:1 prep*');
    expect(shown).toContain('`/lead nudges`');
    expect(shown).toContain('`/lead pause 3d`');
    expect(shown).toContain('`/lead stop`');

    // Again by command, by a double click on the offer, and a replayed button: one welcome in all.
    const again = await commandAnswers('start', LA);
    expect(textOf(again[0]!)).toContain('Coaching is already on: nothing changed.');
    const pressed = await Promise.all([0, 1].map(() => press('nudges_start_coaching', JSON.stringify({ from: 'offer' }), LA)));
    for (const p of pressed) expect(p?.replace_original).toBe(true);
    expect(welcomesTo(LA)).toHaveLength(1);

    // The Thursday check-in comes at 16:30 Los Angeles time (00:30Z the next day), as the welcome said.
    const report = await tick('2026-11-20T00:30:00Z');
    expect(report.lines).toContainEqual(expect.stringContaining(`time-checkin to ${LA} (due 2026-11-19 16:30 America/Los_Angeles)`));
  });

  it('/lead stop turns every nudge off with a confirmation; the App Home offers Start and Stop coaching', async () => {
    await commandAnswers('start', ME);
    const stopped = await commandAnswers('stop', ME);
    expect(textOf(stopped[0]!)).toContain('Coaching stopped: no more nudges.');
    expect(await managerRow(ME)).toEqual({ nudges_enabled: 0, coaching_started_at: null });
    const reports = await tickThroughAWeek();
    expect(reports.map((r) => r.sent)).toEqual([0, 0, 0]);
    expect(textOf((await commandAnswers('stop', ME))[0]!)).toContain('Coaching is not on, so there was nothing to stop.');

    const home = async () => {
      const before = t.double.succeeded('views.publish').length;
      await t.event({ type: 'app_home_opened', user: ME, channel: 'D1', tab: 'home' });
      return t.double.waitFor(() => t.double.succeeded('views.publish')[before]);
    };
    const off = await home();
    expect(buttonsOf(z.object({ blocks: z.unknown() }).parse(off.params.view)).map((b) => b.text.text)).toContain('Start coaching');
    // Starting from the App Home republishes it; wait for that publish so it cannot be mistaken for a later one.
    const beforeStart = t.double.succeeded('views.publish').length;
    await press('nudges_start_coaching', JSON.stringify({ home: true }), ME, { type: 'view', view_id: 'V1' });
    const restarted = await t.double.waitFor(() => t.double.succeeded('views.publish')[beforeStart]);
    expect(buttonsOf(z.object({ blocks: z.unknown() }).parse(restarted.params.view)).map((b) => b.text.text)).toContain('Stop coaching');
    expect((await managerRow(ME))?.coaching_started_at).toEqual(expect.any(String));
    const on = await home();
    const stop = buttonsOf(z.object({ blocks: z.unknown() }).parse(on.params.view)).find((b) => b.text.text === 'Stop coaching');
    expect(stop?.action_id).toBe('enrolment_stop_coaching');
    const published = t.double.succeeded('views.publish').length;
    await press('enrolment_stop_coaching', stop?.value ?? '', ME, { type: 'view', view_id: 'V1' });
    await t.double.waitFor(() => t.double.succeeded('views.publish')[published]);
    expect(await managerRow(ME)).toEqual({ nudges_enabled: 0, coaching_started_at: null });
    // Restarting later turns nudges on again without a second welcome.
    expect(textOf((await commandAnswers('start', ME))[0]!)).toContain('Coaching is back on');
    expect(welcomesTo(ME)).toHaveLength(1);
  });

  it('/lead enroll invites each human member once across two runs, starts nobody, and says who was skipped', async () => {
    await commandAnswers('start', ME); // already coaching
    const first = await commandAnswers(`enroll <#${CHANNEL}|eng-managers>`, ADMIN);
    expect(textOf(first[0]!)).toContain(`Invited *3* members of <#${CHANNEL}>`);
    expect(textOf(first[0]!)).toContain('1 already coaching. 3 skipped (3 bots or deactivated accounts, 0 invited before).');
    for (const id of [ADMIN, ...PEERS]) {
      const dms = dmsTo(id);
      expect(dms).toHaveLength(1);
      expect(buttonsOf({ blocks: dms[0]!.params.blocks }).map((b) => b.text.text)).toEqual(['Start coaching', 'No thanks']);
    }

    const second = await commandAnswers(`enroll <#${CHANNEL}|eng-managers>`, ADMIN);
    expect(textOf(second[0]!)).toContain('Invited *0* members');
    expect(textOf(second[0]!)).toContain('1 already coaching. 6 skipped (3 bots or deactivated accounts, 3 invited before).');
    for (const id of [ADMIN, ...PEERS]) expect(dmsTo(id)).toHaveLength(1);

    for (const r of await tickThroughAWeek()) expect(r.lines.filter((l) => !l.includes(ME))).toEqual([]);
    for (const id of PEERS) expect(await managerRow(id)).toBeUndefined();
  });

  it('No thanks is remembered (message updated in place, never invited again); Start coaching from the invitation starts and welcomes', async () => {
    await commandAnswers(`enroll <#${CHANNEL}|eng-managers>`, ADMIN);
    const [declining, starting] = PEERS as [string, string];
    const invitation = dmsTo(declining)[0]!;
    const no = buttonsOf({ blocks: invitation.params.blocks }).find((b) => b.text.text === 'No thanks')!;
    const declined = await press(no.action_id, no.value ?? '', declining);
    expect(declined?.replace_original).toBe(true);
    expect(textOf(declined!)).toContain('No thanks recorded: you will get no nudges and no more invitations.');
    expect(buttonsOf(declined!)).toEqual([]);
    expect(await t.sql.get('SELECT answer FROM coaching_invitations WHERE user_id = ?', [declining])).toEqual({ answer: 'declined' });
    expect(await managerRow(declining)).toBeUndefined();

    const yes = buttonsOf({ blocks: dmsTo(starting)[0]!.params.blocks }).find((b) => b.text.text === 'Start coaching')!;
    const accepted = await press(yes.action_id, yes.value ?? '', starting);
    expect(accepted?.replace_original).toBe(true);
    expect(textOf(accepted!)).toContain('Coaching started. I sent you a DM');
    expect(welcomesTo(starting)).toHaveLength(1);
    expect((await managerRow(starting))?.nudges_enabled).toBe(1);

    const again = await commandAnswers(`enroll <#${CHANNEL}|eng-managers>`, ADMIN);
    expect(textOf(again[0]!)).toContain('Invited *0* members');
    expect(textOf(again[0]!)).toContain('1 already coaching.');
    expect(dmsTo(declining)).toHaveLength(1); // the one invitation, nothing since
    const [thu] = await tickThroughAWeek();
    expect(thu?.lines).toEqual([expect.stringContaining(`time-checkin to ${starting}`)]);
  });

  it('forget-me removes the consent record: the start, the invitation and its answer, the welcome and invitation DMs', async () => {
    await commandAnswers(`enroll <#${CHANNEL}|eng-managers>`, ADMIN);
    const peer = PEERS[0]!;
    const yes = buttonsOf({ blocks: dmsTo(peer)[0]!.params.blocks }).find((b) => b.text.text === 'Start coaching')!;
    await press(yes.action_id, yes.value ?? '', peer);
    expect(await deliveriesOf(peer)).toHaveLength(2);
    await commandAnswers('forget-me', peer);
    await press('time_log_forget_me_confirm', 'confirm', peer);
    expect(await managerRow(peer)).toBeUndefined();
    expect(await invitationCount(peer)).toBe(0);
    expect(await deliveriesOf(peer)).toEqual([]);
    // The other invitee's record is untouched.
    expect(await invitationCount(PEERS[1]!)).toBe(1);
  });
});
