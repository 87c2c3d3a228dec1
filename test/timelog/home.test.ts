// @engines sqlite postgres
import type { KnownBlock } from '@slack/types';

import { buildHomeView } from '../../src/features/home/blocks';
import { fixedClock } from '../../src/core/clock';
import { loadCoachingContent } from '../../src/core/content/coaching';
import { fixedWorkspace } from '../../src/core/workspace';
import { TEST_TEAM_ID } from '../support/slackDouble';
import { createRepositories } from '../../src/repositories';
import { targetsFor, weekSummary } from '../../src/features/timelog/service';
import { freshDatabase } from '../support/database';
import { startTestApp, type TestApp } from '../support/harness';
import { actionIds, ask, shownText, type Block } from './helpers';

interface PublishedHome {
  type: string;
  blocks: Block[];
}

describe('App Home, end to end', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp({ users: [{ id: 'U_MANAGER1', tz: 'Europe/Berlin' }] });
  });
  afterEach(async () => {
    await t.stop();
  });

  async function openHome(userId = 'U_MANAGER1'): Promise<PublishedHome> {
    const before = t.double.callsTo('views.publish').length;
    const res = await t.event({ type: 'app_home_opened', user: userId, channel: 'D_HOME', tab: 'home', event_ts: '1700000000.1' });
    expect(res.status).toBe(200);
    const call = await t.double.waitFor(() => t.double.callsTo('views.publish')[before]);
    expect(call.params.user_id).toBe(userId);
    return call.params.view as PublishedHome;
  }

  it('publishes this week, the four-week trend, a Log time button and the settings', async () => {
    await ask(t, 'log coding 4h');
    await ask(t, 'log people 4h monday');
    await ask(t, 'log firefighting 5h 2026-11-10');
    await ask(t, 'targets people 20-60');
    const home = await openHome();
    expect(home.type).toBe('home');
    expect(home.blocks.length).toBeLessThanOrEqual(100);
    const text = shownText(home as unknown as Record<string, unknown>);
    expect(text).toContain('This week · Mon 16 Nov – Sun 22 Nov');
    expect(text).toContain('*8h* logged so far.');
    expect(text).toContain('Coding       █████░░░░░      4h  50%  target 0–20%   ▲ above');
    expect(text).toContain('code refuge');
    expect(text).toContain('Last four weeks');
    // Trend: one short line per week, oldest first, largest share first, no fixed-width code block.
    const trend = home.blocks[home.blocks.findIndex((b) => b.text?.text === 'Last four weeks') + 1]?.text?.text ?? '';
    expect(trend.split('\n')).toEqual([
      '*Week of 26 Oct* · nothing logged',
      '*Week of 2 Nov* · nothing logged',
      '*Week of 9 Nov* · 5h · firefighting 100% ▲',
      '*Week of 16 Nov* · 8h · coding 50% ▲ · people 50%',
    ]);
    expect(trend).not.toContain('```');
    expect(text).toContain('*Time zone:* Europe/Berlin (from your Slack profile)');
    expect(text).toContain('*Working days:* Mon–Fri');
    expect(text).toContain('*Working hours:* 09:00–18:00');
    expect(text).toContain('People 20–60% (yours)');
    expect(actionIds(home.blocks)).toEqual(expect.arrayContaining(['time_log_open_modal', 'time_log_reset_targets']));
  });

  it('shows a newcomer a welcome with "Start coaching", enrols nobody on open, and enrols with their Slack zone on the button', async () => {
    t.double.addUser({ id: 'U_NEWCOMER', tz: 'Asia/Tokyo' });
    const welcome = await openHome('U_NEWCOMER');
    expect(await t.sql.get('SELECT COUNT(*) AS n FROM managers WHERE user_id = ?', ['U_NEWCOMER'])).toEqual({ n: 0 });
    expect(shownText(welcome as unknown as Record<string, unknown>)).toContain('stores nothing about you yet');
    expect(actionIds(welcome.blocks)).toEqual(expect.arrayContaining(['nudges_start_coaching', 'time_log_open_modal']));

    const before = t.double.callsTo('views.publish').length;
    await t.interact(
      t.buttonPayload('nudges_start_coaching', JSON.stringify({ home: true }), { userId: 'U_NEWCOMER', container: { type: 'view', view_id: 'VHOME' } }),
    );
    const home = await t.double.waitFor(() => t.double.callsTo('views.publish')[before]);
    expect(await t.sql.get('SELECT time_zone FROM managers WHERE user_id = ?', ['U_NEWCOMER'])).toEqual({ time_zone: 'Asia/Tokyo' });
    expect(shownText(home.params.view as Record<string, unknown>)).toContain('Nothing logged this week yet.');
  });

  it('ignores the Messages tab', async () => {
    await t.event({ type: 'app_home_opened', user: 'U_MANAGER1', channel: 'D_HOME', tab: 'messages', event_ts: '1700000000.2' });
    await new Promise((r) => setTimeout(r, 200));
    expect(t.double.callsTo('views.publish')).toHaveLength(0);
  });

  it('the reset button puts the targets back to the defaults and re-publishes the Home', async () => {
    await ask(t, 'targets coding 10-50');
    await t.interact(t.buttonPayload('time_log_reset_targets', 'reset', { container: { type: 'view', view_id: 'VHOME' } }));
    const call = await t.double.waitFor(() => t.double.callsTo('views.publish')[0]);
    expect(await t.sql.get('SELECT COUNT(*) AS n FROM manager_targets')).toEqual({ n: 0 });
    const text = shownText(call.params.view as Record<string, unknown>);
    expect(text).toContain('Coding 0–20% ·');
    expect(actionIds((call.params.view as PublishedHome).blocks)).not.toContain('time_log_reset_targets');
  });
});

describe('buildHomeView extension sections', () => {
  it('appends other features\' sections and leaves out whole sections that would pass 100 blocks', async () => {
    const { db } = await freshDatabase();
    const repos = createRepositories(db, fixedWorkspace(TEST_TEAM_ID));
    const clock = fixedClock('2026-11-18T10:00:00Z');
    await repos.managers.enrol({ userId: 'U1', timeZone: 'UTC', enrolledAt: clock.now() });
    const manager = (await repos.managers.get('U1'))!;
    const deps = { repos, coaching: loadCoachingContent(), clock };
    const targets = await targetsFor(deps, 'U1');
    const trend = await Promise.all([3, 2, 1, 0].map((back) => weekSummary(deps, manager, back, targets)));
    const ctx = { manager, thisWeek: trend[3]!, trend, targets };
    const own = buildHomeView(ctx).blocks.length;
    const small: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: 'Nudges: on' } }];
    const huge: KnownBlock[] = Array.from({ length: 100 - own - 2 }, (_, i) => ({ type: 'section', text: { type: 'mrkdwn', text: `row ${i}` } }));
    const view = buildHomeView(ctx, [small, huge, small]);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const texts = view.blocks.map((b) => (b as { text?: { text?: string } }).text?.text ?? '');
    expect(texts.filter((x) => x === 'Nudges: on')).toHaveLength(2);
    expect(texts).not.toContain('row 0');
    const fits = buildHomeView(ctx, [huge]);
    expect(fits.blocks.length).toBe(own + 1 + huge.length);
    await db.close();
  });
});
