// @engines sqlite postgres
import { startTestApp, type TestApp } from '../support/harness';
import { ask, storedEntries, shownText, submission, submitView, viewSubmission, type Block } from './helpers';

interface OpenedView {
  callback_id: string;
  private_metadata: string;
  blocks: Block[];
}

describe('the whole-day form (/lead log alone, App Home button), end to end', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp({ users: [{ id: 'U_MANAGER1', tz: 'Europe/Berlin' }, { id: 'U_MANAGER2', tz: 'Europe/Berlin' }] });
  });
  afterEach(async () => {
    await t.stop();
  });

  async function openForm(): Promise<OpenedView> {
    const { responseId } = await t.command('log');
    const call = await t.double.waitFor(() => t.double.callsTo('views.open')[0]);
    expect(call.params.trigger_id).toBe(t.triggerIdOf(responseId));
    return call.params.view as OpenedView;
  }

  function field(view: OpenedView, category: string): Block | undefined {
    return view.blocks.find((b) => b.block_id?.startsWith(`time_log_${category}_`));
  }

  it('opens one screen with a day picker (last 15 days) and a field per category, prefilled with the day', async () => {
    await ask(t, 'log coding 90m');
    await ask(t, 'log coding 30m');
    await ask(t, 'log people 45m');
    await ask(t, 'log strategy 1h yesterday');
    const view = await openForm();
    expect(view.callback_id).toBe('time_log_modal');
    const day = view.blocks.find((b) => b.block_id === 'time_log_day');
    expect(day?.element?.options?.map((o) => o.value)).toHaveLength(15);
    expect(day?.element?.initial_option?.value).toBe('2026-11-18');
    const inputs = view.blocks.filter((b) => b.type === 'input' && b.block_id !== 'time_log_day');
    expect(inputs).toHaveLength(6);
    expect(field(view, 'coding')?.element?.initial_value).toBe('2h');
    expect(field(view, 'people')?.element?.initial_value).toBe('45m');
    expect(field(view, 'strategy')?.element?.initial_value).toBeUndefined();
    // The slash command itself gets no chat answer: the form is the answer.
    await new Promise((r) => setTimeout(r, 100));
    expect(t.double.responses.filter((r) => r.id === 'cmd5')).toHaveLength(0);
  });

  it('a submit that only raises totals saves at once, keeps the entries and notes already logged, and lists what changed', async () => {
    await ask(t, 'log coding 3h reviewing PRs');
    await ask(t, 'log meetings 1h yesterday');
    const view = await openForm();
    const answer = await submitView(t, submission(t, view, { coding: '3h', people: '2h30m', strategy: '1.5h' }));
    expect(answer.response_action).toBe('update');
    const shown = shownText(answer.view as unknown as Record<string, unknown>);
    expect(shown).toContain('Saved today (Wed 18 Nov): *7h* (coding 3h, people 2h 30m, strategy 1h 30m)');
    expect(shown).toContain('*people*: 0m → 2h 30m: a new entry was added');
    expect(shown).toContain('*strategy*: 0m → 1h 30m: a new entry was added');
    expect(shown).not.toContain('*coding*');
    const rows = await storedEntries(t.sql, 'U_MANAGER1');
    expect(rows.map((r) => [r.local_date, r.category, r.minutes, r.source, r.note])).toEqual([
      ['2026-11-18', 'coding', 180, 'command', 'reviewing PRs'],
      ['2026-11-17', 'meetings', 60, 'command', null],
      ['2026-11-18', 'people', 150, 'modal', null],
      ['2026-11-18', 'strategy', 90, 'modal', null],
    ]);
    // The App Home is re-published so a form opened from Home shows the new split.
    const publish = await t.double.waitFor(() => t.double.callsTo('views.publish')[0]);
    expect(publish.params.user_id).toBe('U_MANAGER1');
  });

  it('an invalid submit shows errors on the fields and stores nothing', async () => {
    await ask(t, 'log coding 3h');
    const view = await openForm();
    const codingId = field(view, 'coding')?.block_id ?? '';
    const peopleId = field(view, 'people')?.block_id ?? '';
    const meetingsId = field(view, 'meetings')?.block_id ?? '';
    const res = await t.interact(submission(t, view, { coding: 'abc', people: '17h', meetings: '0m', strategy: '1h' }));
    const answer = JSON.parse(res.body) as { response_action: string; errors: Record<string, string> };
    expect(answer.response_action).toBe('errors');
    expect(Object.keys(answer.errors).sort()).toEqual([codingId, meetingsId, peopleId].sort());
    expect(answer.errors[codingId]).toContain('can\'t read "abc" as a duration');
    expect(answer.errors[peopleId]).toContain('more than 16 hours');
    expect(answer.errors[meetingsId]).toContain('is zero');
    expect((await storedEntries(t.sql, 'U_MANAGER1')).map((r) => [r.category, r.minutes])).toEqual([['coding', 180]]);
  });

  it('reads every field with the same duration grammar as /lead log', async () => {
    const view = await openForm();
    const values = { coding: '1 hour 15 minutes', people: 'half an hour', meetings: '2h15', strategy: '1,5h', improvement: '45 minutes', firefighting: 'An Hour' };
    const res = await t.interact(submission(t, view, values));
    expect((JSON.parse(res.body) as { response_action: string }).response_action).toBe('update');
    expect((await storedEntries(t.sql, 'U_MANAGER1')).map((r) => [r.category, r.minutes])).toEqual([
      ['coding', 75],
      ['people', 30],
      ['meetings', 135],
      ['strategy', 90],
      ['improvement', 45],
      ['firefighting', 60],
    ]);
  });

  it('names the problem with an example on a field it cannot read', async () => {
    const view = await openForm();
    const res = await t.interact(submission(t, view, { coding: '1.33h', people: '2h 15', meetings: '90' }));
    const answer = JSON.parse(res.body) as { response_action: string; errors: Record<string, string> };
    expect(answer.response_action).toBe('errors');
    expect(answer.errors[field(view, 'coding')?.block_id ?? '']).toBe('"1.33h" is 79.8 minutes; entries are whole minutes, so write "1h20m" (or "80m").');
    expect(answer.errors[field(view, 'people')?.block_id ?? '']).toBe('After "2h", write the minutes with their unit, like "2h15m".');
    expect(answer.errors[field(view, 'meetings')?.block_id ?? '']).toBe('The duration "90" has no unit: write "90m" for minutes or "90h" for hours.');
    expect(await storedEntries(t.sql, 'U_MANAGER1')).toHaveLength(0);
  });

  it('refuses a day that adds up to more than 24 h, on the field', async () => {
    const view = await openForm();
    const res = await t.interact(submission(t, view, { coding: '16h', people: '8h', firefighting: '1m' }));
    const answer = JSON.parse(res.body) as { response_action: string; errors: Record<string, string> };
    expect(answer.response_action).toBe('errors');
    expect(answer.errors[field(view, 'firefighting')?.block_id ?? '']).toBe('These add up to 24h 1m, more than the 24 hours a day has.');
    expect(await storedEntries(t.sql, 'U_MANAGER1')).toHaveLength(0);
  });

  it('refuses a form whose day has moved out of the 14-day window by the time it is saved', async () => {
    const view = await openForm();
    const old = { ...view, private_metadata: JSON.stringify({ localDate: '2026-11-01' }) };
    const res = await t.interact(submission(t, old, { coding: '1h' }));
    const answer = JSON.parse(res.body) as { response_action: string; errors: Record<string, string> };
    expect(answer.errors.time_log_day).toContain('entries can go back at most 14 days');
    expect(await storedEntries(t.sql, 'U_MANAGER1')).toHaveLength(0);
  });

  it('an empty submit asks first, then clears the day on confirmation', async () => {
    await ask(t, 'log coding 3h');
    const view = await openForm();
    const confirm = await submitView(t, submission(t, view, {}));
    expect(confirm.response_action).toBe('update');
    expect(confirm.view?.callback_id).toBe('time_log_confirm_day');
    expect(await storedEntries(t.sql, 'U_MANAGER1')).toHaveLength(1);
    const saved = await submitView(t, viewSubmission(t, confirm.view!));
    expect(shownText(saved.view as unknown as Record<string, unknown>)).toContain('Cleared everything logged for today (Wed 18 Nov).');
    expect(await storedEntries(t.sql, 'U_MANAGER1')).toHaveLength(0);
  });

  it('choosing another day re-prefills the form with that day (views.update)', async () => {
    await ask(t, 'log improvement 2h monday runbook');
    const view = await openForm();
    const payload = {
      type: 'block_actions',
      user: { id: 'U_MANAGER1', team_id: t.double.teamId, username: 'manager' },
      team: { id: t.double.teamId, domain: 'example' },
      api_app_id: 'A_LEADCOACH',
      token: 'legacy-verification-token',
      trigger_id: 'trigger-day',
      container: { type: 'view', view_id: 'V_FORM' },
      view: { id: 'V_FORM', hash: 'h1', type: 'modal', callback_id: 'time_log_modal', private_metadata: view.private_metadata, blocks: view.blocks, state: { values: {} } },
      actions: [
        {
          type: 'static_select',
          action_id: 'time_log_day_select',
          block_id: 'time_log_day',
          selected_option: { text: { type: 'plain_text', text: 'Mon 16 Nov' }, value: '2026-11-16' },
          action_ts: '1700000000.1',
        },
      ],
    };
    await t.interact(payload);
    const update = await t.double.waitFor(() => t.double.callsTo('views.update')[0]);
    expect(update.params).toMatchObject({ view_id: 'V_FORM', hash: 'h1' });
    const updated = update.params.view as OpenedView;
    expect(JSON.parse(updated.private_metadata)).toEqual({ localDate: '2026-11-16' });
    expect(field(updated, 'improvement')?.block_id).toBe('time_log_improvement_2026-11-16');
    expect(field(updated, 'improvement')?.element?.initial_value).toBe('2h');

    const res = await t.interact(submission(t, updated, { improvement: '2h30m' }));
    expect(JSON.parse(res.body)).toMatchObject({ response_action: 'update' });
    // Raising a total adds the difference as its own entry: the noted entry stays as it was.
    expect((await storedEntries(t.sql, 'U_MANAGER1')).map((r) => [r.local_date, r.category, r.minutes, r.note])).toEqual([
      ['2026-11-16', 'improvement', 120, 'runbook'],
      ['2026-11-16', 'improvement', 30, null],
    ]);
  });

  it('the form saves for whoever submits it, never for someone else', async () => {
    await ask(t, 'log coding 2h', 'U_MANAGER1');
    await ask(t, 'targets', 'U_MANAGER2');
    const view = await openForm();
    await t.interact(submission(t, view, { people: '1h' }, 'U_MANAGER2'));
    expect((await storedEntries(t.sql, 'U_MANAGER1')).map((r) => [r.category, r.minutes])).toEqual([['coding', 120]]);
    expect((await storedEntries(t.sql, 'U_MANAGER2')).map((r) => [r.category, r.minutes])).toEqual([['people', 60]]);
  });

  it('the App Home "Log time" button opens the form for today', async () => {
    await t.interact(t.buttonPayload('time_log_open_modal', 'today', { container: { type: 'view', view_id: 'VHOME' } }));
    const call = await t.double.waitFor(() => t.double.callsTo('views.open')[0]);
    const view = call.params.view as OpenedView;
    expect(view.callback_id).toBe('time_log_modal');
    expect(JSON.parse(view.private_metadata)).toEqual({ localDate: '2026-11-18' });
  });
});
