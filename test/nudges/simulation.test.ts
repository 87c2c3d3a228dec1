// @engines sqlite postgres
import { nudgesJob } from '../../src/features/nudges/job';
import { formatClock, localMoment, mondayOf } from '../../src/core/dates/localDate';
import { startTestApp, type TestApp } from '../support/harness';
import { FAST } from './support';

/**
 * Four weeks of the nudges job ticking every 5 minutes with a fixed clock, for two managers in
 * New York with two weekly 1:1s each: one never touches anything, the other does everything
 * (presses Done, answers the check-in and the 20% question, ticks agenda items off, logs time at
 * noon on working days). Counts the scheduled-nudge DMs each gets per local week and prints a digest.
 */

type Element = { action_id?: string; value?: string; text?: { text: string } | string; type?: string };
type Block = { type: string; block_id?: string; text?: { text: string }; elements?: Element[]; accessory?: Element; fields?: Array<{ text: string }> };

const ZONE = 'America/New_York';
const QUIET = 'U_QUIET';
const ACTIVE = 'U_ACTIVE';
const START = Date.parse('2026-11-02T05:00:00Z'); // Mon 2 Nov 2026, 00:00 in New York
const WEEKS = 4;
const STEP_MS = 5 * 60_000;

function label(e: Element): string {
  return typeof e.text === 'string' ? e.text : (e.text?.text ?? '');
}

/** A DM as a busy manager reads it: each block's text on its own line, buttons in brackets. */
export function renderDm(text: string, blocks: Block[] | undefined): string {
  if (!blocks) return text;
  const lines: string[] = [];
  for (const b of blocks) {
    if (b.text?.text) lines.push(b.text.text);
    for (const f of b.fields ?? []) lines.push(f.text);
    const els = [...(b.elements ?? []), ...(b.accessory ? [b.accessory] : [])];
    const texts = els.filter((e) => !e.action_id).map(label).filter(Boolean);
    if (texts.length) lines.push(texts.join(' '));
    const buttons = els.filter((e) => e.action_id).map((e) => `[${label(e)}]`);
    if (buttons.length) lines.push(buttons.join(' '));
  }
  return lines.join('\n');
}

/** Scheduled-nudge DMs are counted; a DM that is only a 1:1 prep is not. */
function isOnlyPrep(text: string): boolean {
  return text.startsWith('1:1 with');
}

describe('nudge cadence over four simulated weeks', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      now: '2026-10-30T15:00:00Z',
      users: [
        { id: QUIET, tz: ZONE },
        { id: ACTIVE, tz: ZONE },
        { id: 'U_REPORT_A', tz: ZONE },
        { id: 'U_REPORT_B', tz: ZONE },
      ],
    });
  });
  afterAll(async () => {
    await t.stop();
  });

  function buttonsOf(blocks: Block[]): Element[] {
    return blocks.flatMap((b) => [...(b.elements ?? []), ...(b.accessory ? [b.accessory] : [])]).filter((e) => e.action_id);
  }

  async function press(actionId: string, value: string): Promise<void> {
    const payload = t.buttonPayload(actionId, value, { userId: ACTIVE, channelId: `D_${ACTIVE}`, container: { type: 'message', message_ts: '1.1', channel_id: `D_${ACTIVE}`, is_ephemeral: false } });
    const res = await t.interact(payload);
    expect(res.status).toBe(200);
    const id = payload.response_url.split('/').pop();
    await t.double.waitFor(() => t.double.responses.find((r) => r.id === id));
  }

  /** What the manager who does everything does with a DM: every answer, every tick-off, then Done. */
  async function actOn(blocks: Block[]): Promise<void> {
    const buttons = buttonsOf(blocks);
    const firstCheckin = buttons.find((b) => b.action_id?.startsWith('nudge_checkin_quick'));
    if (firstCheckin) await press(firstCheckin.action_id ?? '', firstCheckin.value ?? '');
    const improvement = buttons.find((b) => b.action_id?.startsWith('nudge_improvement'));
    if (improvement) await press(improvement.action_id ?? '', improvement.value ?? '');
    for (const b of buttons.filter((x) => x.action_id?.startsWith('nudge_agenda_done'))) await press(b.action_id ?? '', b.value ?? '');
    for (const b of buttons.filter((x) => x.action_id?.startsWith('nudge_done'))) await press(b.action_id ?? '', b.value ?? '');
  }

  it('sends each manager at most 3 scheduled nudges a week, whether they answer or not', async () => {
    const { repos } = t.app.deps;
    for (const userId of [QUIET, ACTIVE]) {
      await repos.managers.enrol({ userId, timeZone: ZONE, enrolledAt: new Date('2026-10-30T15:00:00Z') });
      await repos.managers.startCoaching(userId, new Date('2026-10-30T15:00:00Z'));
      await repos.managers.refreshSlackTimeZone(userId, ZONE, new Date('2030-01-01T00:00:00Z'));
      await repos.oneOnOnes.save({ managerId: userId, reportUserId: 'U_REPORT_A', weekday: 2, time: '14:00', cadence: 'weekly', anchorDate: '2026-11-03', createdAt: '2026-10-30T15:00:00Z' });
      await repos.oneOnOnes.save({ managerId: userId, reportUserId: 'U_REPORT_B', weekday: 4, time: '11:00', cadence: 'weekly', anchorDate: '2026-11-05', createdAt: '2026-10-30T15:00:00Z' });
    }
    t.clock.set('2026-10-30T16:00:00Z');
    expect((await t.commandReply('1on1 note <@U_REPORT_A|alex> Career goals for next year', { userId: ACTIVE })).text).toBeDefined();
    expect((await t.commandReply('1on1 note <@U_REPORT_A|alex> On-call load', { userId: ACTIVE })).text).toBeDefined();

    const counts: Record<string, Record<string, number>> = { [QUIET]: {}, [ACTIVE]: {} };
    const preps: Record<string, number> = { [QUIET]: 0, [ACTIVE]: 0 };
    const digest: string[] = [];
    const seen = { [QUIET]: 0, [ACTIVE]: 0 };
    const job = nudgesJob(FAST);

    for (let at = START; at < START + WEEKS * 7 * 86_400_000; at += STEP_MS) {
      const now = new Date(at);
      t.clock.set(now);
      const local = localMoment(now, ZONE);
      const weekday = new Date(`${local.date}T00:00:00Z`).getUTCDay();
      if (local.minutes === 12 * 60 && weekday >= 1 && weekday <= 5) {
        await t.commandReply('log people 3h', { userId: ACTIVE });
      }
      await job.run(now, { ...t.app.deps, client: t.app.bolt.client });
      for (const userId of [QUIET, ACTIVE] as const) {
        const posts = t.double.succeeded('chat.postMessage').filter((c) => c.params.channel === userId);
        for (const post of posts.slice(seen[userId])) {
          const text = String(post.params.text);
          const blocks = post.params.blocks as Block[];
          const week = mondayOf(local.date);
          if (isOnlyPrep(text)) preps[userId] = (preps[userId] ?? 0) + 1;
          else {
            const byWeek = counts[userId] ?? {};
            byWeek[week] = (byWeek[week] ?? 0) + 1;
            counts[userId] = byWeek;
          }
          digest.push(`--- ${userId} ${local.date} ${formatClock(local.minutes)} (week of ${week})\n${renderDm(text, blocks)}`);
          if (userId === ACTIVE) await actOn(blocks);
        }
        seen[userId] = posts.length;
      }
    }

    const summary = [QUIET, ACTIVE].map((u) => `${u}: ${JSON.stringify(counts[u])} scheduled DMs per week; ${preps[u]} 1:1 preps`).join('\n');
    console.log(`${summary}\n\n${digest.join('\n\n')}`);
    for (const userId of [QUIET, ACTIVE]) {
      const weeks = Object.values(counts[userId] ?? {});
      expect(weeks.length).toBeGreaterThan(0);
      for (const n of weeks) expect(n).toBeLessThanOrEqual(3);
    }
    // Every 1:1 prep still comes (two a week for four weeks).
    expect(preps[QUIET]).toBe(8);
    expect(preps[ACTIVE]).toBe(8);
    // Preps do not repeat what is done: ticked-off agenda items never come back, and once a prep was
    // marked Done the checklist shrinks to one line; the manager who never answers keeps the full one.
    const prepsOf = (u: string) => digest.filter((d) => d.startsWith(`--- ${u} `) && d.includes('1:1 with'));
    expect(prepsOf(ACTIVE)[0]).toContain('Career goals for next year');
    expect(prepsOf(ACTIVE).slice(1).some((d) => d.includes('Career goals for next year'))).toBe(false);
    expect(prepsOf(ACTIVE).slice(1).every((d) => d.includes('Your usual prep: '))).toBe(true);
    expect(prepsOf(QUIET).some((d) => d.includes('Your usual prep: '))).toBe(false);
  }, 600_000);
});
