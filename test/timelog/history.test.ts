// @engines sqlite postgres
import { startTestApp, type TestApp } from '../support/harness';
import { actionIds, ask, storedEntries, replyTo, shownText, submission, submitView, viewSubmission, type AnsweredView, type Block, type EntryRow } from './helpers';

interface HistoryButton {
  action_id: string;
  value: string;
  confirm?: { title: { text: string }; text: { text: string }; confirm: { text: string } };
}

function buttons(body: Record<string, unknown>): HistoryButton[] {
  return (body.blocks as Array<{ elements?: HistoryButton[] }>).flatMap((b) => b.elements ?? []).filter((e) => e.action_id?.startsWith('time_log_history_'));
}

function buttonFor(body: Record<string, unknown>, actionId: string, entryId: number): HistoryButton {
  const found = buttons(body).find((b) => b.action_id === actionId && (JSON.parse(b.value) as { id?: number }).id === entryId);
  if (!found) throw new Error(`no ${actionId} button for entry ${entryId}`);
  return found;
}

async function journalCount(t: TestApp, userId = 'U_MANAGER1'): Promise<number> {
  return (await t.sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM time_log_actions WHERE user_id = ?', [userId]))?.n ?? 0;
}

async function rowsOf(t: TestApp, userId = 'U_MANAGER1'): Promise<Array<[number, string, string, number, string | null]>> {
  return (await storedEntries(t.sql, userId)).map((r: EntryRow) => [r.id, r.local_date, r.category, r.minutes, r.note]);
}

describe('/lead history, edit, delete and undo of whole actions, end to end', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp({ users: [{ id: 'U_MANAGER1', tz: 'Europe/Berlin' }, { id: 'U_MANAGER2', tz: 'Europe/Berlin' }] });
  });
  afterEach(async () => {
    await t.stop();
  });

  async function pressButton(button: HistoryButton, userId = 'U_MANAGER1'): Promise<string> {
    const press = t.buttonPayload(button.action_id, button.value, { userId });
    const res = await t.interact(press);
    expect(res.status).toBe(200);
    return press.response_url.split('/response/')[1] ?? '';
  }

  async function openEdit(button: HistoryButton): Promise<AnsweredView> {
    const before = t.double.callsTo('views.open').length;
    await pressButton(button);
    const call = await t.double.waitFor(() => t.double.callsTo('views.open')[before]);
    return call.params.view as AnsweredView;
  }

  function editValues(view: AnsweredView, changes: { category?: string; minutes?: string; date?: string; note?: string | null } = {}) {
    const block = (id: string) => view.blocks.find((b) => b.block_id === id)?.element;
    const category = changes.category ?? block('time_log_edit_category')?.initial_option?.value;
    const date = changes.date ?? block('time_log_edit_date')?.initial_option?.value;
    const minutes = changes.minutes ?? block('time_log_edit_minutes')?.initial_value;
    const note = changes.note === undefined ? (block('time_log_edit_note')?.initial_value ?? null) : changes.note;
    return {
      time_log_edit_category: { value: { type: 'static_select', selected_option: { value: category } } },
      time_log_edit_minutes: { value: { type: 'plain_text_input', value: minutes } },
      time_log_edit_date: { value: { type: 'static_select', selected_option: { value: date } } },
      time_log_edit_note: { value: { type: 'plain_text_input', value: note } },
    };
  }

  it('lists this week\'s entries with an Edit and a Delete (with a confirm dialog) per entry; `log list` is the same', async () => {
    await ask(t, 'log people 1h monday with Dana about her promo');
    await ask(t, 'log coding 90m reviewing PRs');
    await ask(t, 'log strategy 2h 2026-11-10 last week, not shown');
    const list = await ask(t, 'history');
    expect(list.shown).toContain('Your log · Mon 16 Nov – Sun 22 Nov');
    expect(list.shown).toContain('*Mon 16 Nov* · people · 1h · _with Dana about her promo_');
    expect(list.shown).toContain('*Wed 18 Nov* · coding · 1h 30m · _reviewing PRs_');
    expect(list.shown).toContain('2 entries, 2h 30m in all');
    expect(list.shown).not.toContain('last week, not shown');
    const [dana, prs] = await storedEntries(t.sql, 'U_MANAGER1');
    expect(actionIds(list.body.blocks as Block[])).toEqual(['time_log_history_edit', 'time_log_history_delete', 'time_log_history_edit', 'time_log_history_delete']);
    const del = buttonFor(list.body, 'time_log_history_delete', dana!.id);
    expect(del.confirm?.title.text).toBe('Delete this entry?');
    expect(del.confirm?.text.text).toContain('people 1h on Mon 16 Nov: "with Dana about her promo"');
    expect(buttonFor(list.body, 'time_log_history_edit', prs!.id)).toBeDefined();

    const alias = await ask(t, 'log list');
    expect(alias.shown).toBe(list.shown);
    const lastWeek = await ask(t, 'history last');
    expect(lastWeek.shown).toContain('*Tue 10 Nov* · strategy · 2h · _last week, not shown_');
    const oneDay = await ask(t, 'log list 2026-11-16');
    expect(oneDay.shown).toContain('Your log · Mon 16 Nov');
    expect(oneDay.shown).not.toContain('reviewing PRs');
  });

  it.each([
    ['history 2026-13-45', '`2026-13-45` is not a real date.'],
    ['history next', '`/lead history` takes `week`, `last` or a day like `yesterday` or `2026-11-18`, not `next`.'],
    ['history 2026-11-25', '2026-11-25 is in the future'],
  ])('`/lead %s` answers with the problem and a correct example, privately, and changes nothing', async (command, problem) => {
    await ask(t, 'log coding 1h');
    const reply = await ask(t, command);
    expect(reply.text).toContain(problem);
    expect(reply.text).toContain('Nothing was changed. Example: `/lead history last`');
    expect(await rowsOf(t)).toHaveLength(1);
  });

  it('pages a long list: 20 entries and More; More shows the rest in place with Previous; every page fits Slack\'s 50 blocks', async () => {
    for (let i = 0; i < 25; i++) await ask(t, `log meetings 10m ${['monday', 'tuesday', 'today'][i % 3] ?? 'today'} sync ${i + 1}`);
    const first = await ask(t, 'history');
    expect((first.body.blocks as Block[]).length).toBeLessThanOrEqual(50);
    expect(buttons(first.body).filter((b) => b.action_id === 'time_log_history_edit')).toHaveLength(20);
    expect(first.shown).toContain('Entries 1–20 of 25');
    const more = buttons(first.body).find((b) => b.action_id === 'time_log_history_more');
    expect(more).toBeDefined();
    const second = await replyTo(t, await pressButton(more!));
    expect(second.replace_original).toBe(true);
    expect((second.blocks as Block[]).length).toBeLessThanOrEqual(50);
    expect(buttons(second).filter((b) => b.action_id === 'time_log_history_edit')).toHaveLength(5);
    expect(shownText(second)).toContain('Entries 21–25 of 25');
    expect(buttons(second).map((b) => b.action_id)).toContain('time_log_history_previous');
    expect(buttons(second).map((b) => b.action_id)).not.toContain('time_log_history_more');
  });

  it('Edit opens the entry prefilled; saving changes exactly that entry and keeps its note when the note is left alone', async () => {
    await ask(t, 'log people 2h monday with Dana about her promo');
    await ask(t, 'log people 1h monday hiring loop');
    const [dana, hiring] = await storedEntries(t.sql, 'U_MANAGER1');
    const list = await ask(t, 'history');
    const view = await openEdit(buttonFor(list.body, 'time_log_history_edit', dana!.id));
    expect(view.callback_id).toBe('time_log_edit_entry');
    const field = (id: string) => view.blocks.find((b) => b.block_id === id)?.element;
    expect(field('time_log_edit_category')?.initial_option?.value).toBe('people');
    expect(field('time_log_edit_minutes')?.initial_value).toBe('2h');
    expect(field('time_log_edit_date')?.initial_option?.value).toBe('2026-11-16');
    expect(field('time_log_edit_note')?.initial_value).toBe('with Dana about her promo');

    const saved = await submitView(t, viewSubmission(t, view, editValues(view, { minutes: '1h30m' })));
    expect(saved.response_action).toBe('update');
    expect(shownText(saved.view as unknown as Record<string, unknown>)).toContain(
      'Changed *people 2h* on Mon 16 Nov (_with Dana about her promo_)\nto *people 1h 30m* on Mon 16 Nov (_with Dana about her promo_).',
    );
    expect(await rowsOf(t)).toEqual([
      [dana!.id, '2026-11-16', 'people', 90, 'with Dana about her promo'],
      [hiring!.id, '2026-11-16', 'people', 60, 'hiring loop'],
    ]);

    // Changing category, day and note moves the entry; clearing the note stores none.
    const again = await openEdit(buttonFor(list.body, 'time_log_history_edit', hiring!.id));
    await submitView(t, viewSubmission(t, again, editValues(again, { category: 'strategy', date: '2026-11-17', note: '' })));
    expect((await rowsOf(t))[1]).toEqual([hiring!.id, '2026-11-17', 'strategy', 60, null]);
  });

  it('an edit with a bad duration or a day over 24 h shows the problem on the field and changes nothing', async () => {
    await ask(t, 'log coding 12h');
    await ask(t, 'log people 8h');
    await ask(t, 'log coding 2h monday');
    const monday = (await storedEntries(t.sql, 'U_MANAGER1'))[2]!;
    const list = await ask(t, 'history');
    const view = await openEdit(buttonFor(list.body, 'time_log_history_edit', monday.id));
    const before = await rowsOf(t);
    const bad = await submitView(t, viewSubmission(t, view, editValues(view, { minutes: '90' })));
    expect(bad.response_action).toBe('errors');
    expect(bad.errors).toEqual({ time_log_edit_minutes: 'The duration "90" has no unit: write "90m" for minutes or "90h" for hours.' });
    const full = await submitView(t, viewSubmission(t, view, editValues(view, { minutes: '16h', date: '2026-11-18' })));
    expect(full.errors?.time_log_edit_minutes).toBe('That would bring Wed 18 Nov to 36h, more than 24 hours (20h is logged already).');
    expect(await rowsOf(t)).toEqual(before);
    expect(await journalCount(t)).toBe(3);
  });

  it('Delete removes the entry and shows the list again in place, saying what was deleted', async () => {
    await ask(t, 'log people 1h monday with Dana about her promo');
    await ask(t, 'log coding 1h');
    const [dana, coding] = await storedEntries(t.sql, 'U_MANAGER1');
    const list = await ask(t, 'history');
    const reply = await replyTo(t, await pressButton(buttonFor(list.body, 'time_log_history_delete', dana!.id)));
    expect(reply.replace_original).toBe(true);
    const shown = shownText(reply);
    expect(shown).toContain('Deleted *people 1h* on Mon 16 Nov (_with Dana about her promo_). `/lead undo` brings it back.');
    expect(shown).toContain('1 entry, 1h in all');
    expect(buttons(reply).map((b) => JSON.parse(b.value) as { id: number }).map((v) => v.id)).toEqual([coding!.id, coding!.id]);
    expect(await rowsOf(t)).toEqual([[coding!.id, '2026-11-18', 'coding', 60, null]]);

    const undo = await ask(t, 'undo');
    expect(undo.shown).toContain('Restored *people 1h* for Mon 16 Nov (_with Dana about her promo_), which you had deleted.');
    expect(await rowsOf(t)).toEqual([
      [dana!.id, '2026-11-16', 'people', 60, 'with Dana about her promo'],
      [coding!.id, '2026-11-18', 'coding', 60, null],
    ]);
  });

  it('refuses crafted payloads naming another manager\'s entry: Edit, Delete and the edit form change nothing', async () => {
    await ask(t, 'log people 2h 1:1 with Sam, private', 'U_MANAGER2');
    await ask(t, 'log coding 1h');
    const theirs = (await storedEntries(t.sql, 'U_MANAGER2'))[0]!;
    const mine = (await storedEntries(t.sql, 'U_MANAGER1'))[0]!;
    const list = await ask(t, 'history');
    const myEdit = buttonFor(list.body, 'time_log_history_edit', mine.id);
    const myDelete = buttonFor(list.body, 'time_log_history_delete', mine.id);
    const craft = (b: HistoryButton): HistoryButton => ({ ...b, value: JSON.stringify({ ...(JSON.parse(b.value) as object), id: theirs.id }) });

    const editReply = await replyTo(t, await pressButton(craft(myEdit)));
    expect(editReply.text).toBe('That entry is not in your log (it may have been deleted already), so nothing was changed.');
    expect(editReply.replace_original).toBe(false);
    expect(t.double.callsTo('views.open')).toHaveLength(0);

    const deleteReply = await replyTo(t, await pressButton(craft(myDelete)));
    expect(deleteReply.text).toBe('That entry is not in your log (it may have been deleted already), so nothing was changed.');

    const view = await openEdit(myEdit);
    const forged = { ...view, private_metadata: JSON.stringify({ id: theirs.id }) };
    const answer = await submitView(t, viewSubmission(t, forged, editValues(view, { minutes: '5m', note: 'overwritten' })));
    expect(answer.response_action).toBe('errors');
    expect(answer.errors?.time_log_edit_minutes).toBe('This entry is not in your log (it may have been deleted), so nothing was changed.');

    expect(await rowsOf(t, 'U_MANAGER2')).toEqual([[theirs.id, '2026-11-18', 'people', 120, '1:1 with Sam, private']]);
    expect(await rowsOf(t)).toEqual([[mine.id, '2026-11-18', 'coding', 60, null]]);
    expect(await journalCount(t)).toBe(1);
    expect(await journalCount(t, 'U_MANAGER2')).toBe(1);
    // Manager two's own undo still finds their log untouched by manager one's attempts.
    expect((await ask(t, 'undo', 'U_MANAGER2')).shown).toContain('Removed *people 2h*');
  });

  it('the day form keeps notes, names the entries a lowered total removes or shortens, saves on confirmation and lists what changed', async () => {
    await ask(t, 'log people 1h with Dana about her promo');
    await ask(t, 'log people 1h hiring sync');
    await ask(t, 'log coding 2h');
    await ask(t, 'log meetings 30m');
    const before = await rowsOf(t);
    await t.command('log');
    const form = (await t.double.waitFor(() => t.double.callsTo('views.open')[0])).params.view as AnsweredView;
    expect(shownText(form as unknown as Record<string, unknown>)).toContain('Made of: 1h “with Dana about her promo” · 1h “hiring sync”');

    // people 2h → 30m, coding 2h → 1h (no notes involved), meetings unchanged, strategy added.
    const confirm = await submitView(t, submission(t, form, { people: '30m', coding: '1h', meetings: '30m', strategy: '1h' }));
    expect(confirm.response_action).toBe('update');
    expect(confirm.view?.callback_id).toBe('time_log_confirm_day');
    const asked = shownText(confirm.view as unknown as Record<string, unknown>);
    expect(asked).toContain('*coding*: 2h → 1h: an entry without a note will be shortened from 2h to 1h');
    expect(asked).toContain('*people*: 2h → 30m: the entry “hiring sync” (1h) will be removed; the entry “with Dana about her promo” will be shortened from 1h to 30m');
    expect(asked).toContain('*strategy*: 0m → 1h: a new entry will be added');
    expect(asked).not.toContain('meetings');
    expect(await rowsOf(t)).toEqual(before);

    const saved = await submitView(t, viewSubmission(t, confirm.view!));
    const shown = shownText(saved.view as unknown as Record<string, unknown>);
    expect(shown).toContain('Saved today (Wed 18 Nov): *3h* (coding 1h, people 30m, meetings 30m, strategy 1h)');
    expect(shown).toContain('*people*: 2h → 30m: the entry “hiring sync” (1h) was removed; the entry “with Dana about her promo” was shortened from 1h to 30m');
    const [dana, , coding, meetings] = before;
    expect(await rowsOf(t)).toEqual([
      [dana![0], '2026-11-18', 'people', 30, 'with Dana about her promo'],
      [coding![0], '2026-11-18', 'coding', 60, null],
      [meetings![0], '2026-11-18', 'meetings', 30, null],
      [expect.any(Number), '2026-11-18', 'strategy', 60, null],
    ]);
  });

  it('lowering a noted entry alone says so: "people: 2h → 1h: the entry … (1h) will be removed"', async () => {
    await ask(t, 'log people 1h hiring sync');
    await ask(t, 'log people 1h with Dana about her promo');
    await t.command('log');
    const form = (await t.double.waitFor(() => t.double.callsTo('views.open')[0])).params.view as AnsweredView;
    const confirm = await submitView(t, submission(t, form, { people: '1h' }));
    expect(shownText(confirm.view as unknown as Record<string, unknown>)).toContain(
      '*people*: 2h → 1h: the entry “with Dana about her promo” (1h) will be removed',
    );
  });

  it('a confirmation is applied only to the day it described: a change in between shows the new plan and saves nothing', async () => {
    await ask(t, 'log coding 2h');
    await t.command('log');
    const form = (await t.double.waitFor(() => t.double.callsTo('views.open')[0])).params.view as AnsweredView;
    const confirm = await submitView(t, submission(t, form, { coding: '1h' }));
    await ask(t, 'log coding 1h pairing with Ana');
    const before = await rowsOf(t);
    const again = await submitView(t, viewSubmission(t, confirm.view!));
    expect(again.view?.callback_id).toBe('time_log_confirm_day');
    const shown = shownText(again.view as unknown as Record<string, unknown>);
    expect(shown).toContain('Your log for this day changed since you opened the form');
    expect(shown).toContain('*coding*: 3h → 1h: an entry without a note (2h) will be removed');
    expect(await rowsOf(t)).toEqual(before);
  });

  it('undo after a form save restores the whole previous day, ids and notes included, in one step', async () => {
    await ask(t, 'log people 1h with Dana about her promo');
    await ask(t, 'log people 1h');
    await ask(t, 'log coding 3h reviewing PRs');
    const before = await rowsOf(t);
    await t.command('log');
    const form = (await t.double.waitFor(() => t.double.callsTo('views.open')[0])).params.view as AnsweredView;
    const confirm = await submitView(t, submission(t, form, { firefighting: '2h' }));
    await submitView(t, viewSubmission(t, confirm.view!));
    expect((await rowsOf(t)).map((r) => [r[2], r[3]])).toEqual([['firefighting', 120]]);

    const undo = await ask(t, 'undo');
    expect(undo.shown).toContain('Undid your form save for today (Wed 18 Nov): it is back to *5h* (coding 3h, people 2h).');
    expect(await rowsOf(t)).toEqual(before);
  });

  it('undo twice undoes two actions, newest first; a replayed undo request undoes once', async () => {
    await ask(t, 'log coding 1h');
    await ask(t, 'log people 2h monday career talk');
    const [coding, people] = await storedEntries(t.sql, 'U_MANAGER1');
    const list = await ask(t, 'history');
    const view = await openEdit(buttonFor(list.body, 'time_log_history_edit', people!.id));
    await submitView(t, viewSubmission(t, view, editValues(view, { minutes: '45m' })));
    await replyTo(t, await pressButton(buttonFor(list.body, 'time_log_history_delete', coding!.id)));
    expect(await rowsOf(t)).toEqual([[people!.id, '2026-11-16', 'people', 45, 'career talk']]);

    // Slack retries a command it got no timely answer to with the same request: it undoes once.
    const body = t.commandBody('undo', {}, 'replayed');
    const first = await t.postSigned(body, 'application/x-www-form-urlencoded');
    const replay = await t.postSigned(body, 'application/x-www-form-urlencoded');
    expect(first.body).toContain('Restored *coding 1h* for today (Wed 18 Nov)');
    // The replayed request is only acknowledged (core/slack/once.ts): no second answer, no second undo.
    expect(replay.body).toBe('');
    expect(await rowsOf(t)).toEqual([
      [coding!.id, '2026-11-18', 'coding', 60, null],
      [people!.id, '2026-11-16', 'people', 45, 'career talk'],
    ]);

    const second = await ask(t, 'undo');
    expect(second.shown).toContain('Undid your edit: the entry is back to *people 2h* for Mon 16 Nov (_career talk_).');
    expect(await rowsOf(t)).toEqual([
      [coding!.id, '2026-11-18', 'coding', 60, null],
      [people!.id, '2026-11-16', 'people', 120, 'career talk'],
    ]);
    expect((await ask(t, 'undo')).shown).toContain('Removed *people 2h* for Mon 16 Nov (_career talk_).');
    expect((await ask(t, 'undo')).shown).toContain('Removed *coding 1h* for today (Wed 18 Nov).');
    expect((await ask(t, 'undo')).text).toBe('Nothing to undo: there is no change to your log left to undo.');
    expect(await rowsOf(t)).toEqual([]);
  });
});

describe('the day confirmation refuses what the form itself would refuse', () => {
  it('a crafted confirmation of more than 24 hours, or of a missing category, saves nothing', async () => {
    const t = await startTestApp();
    try {
      await ask(t, 'log coding 2h');
      const full = { coding: 960, people: 960, meetings: 0, strategy: 0, improvement: 0, firefighting: 0 };
      const view = { callback_id: 'time_log_confirm_day', blocks: [] as Block[] };
      for (const minutes of [full, { coding: 60 }]) {
        const answer = await submitView(t, viewSubmission(t, { ...view, private_metadata: JSON.stringify({ localDate: '2026-11-18', minutes, fingerprint: 'x' }) }));
        expect(shownText(answer.view as unknown as Record<string, unknown>)).toContain('This form could not be read. Nothing was changed');
      }
      expect(await rowsOf(t)).toEqual([[1, '2026-11-18', 'coding', 120, null]]);
    } finally {
      await t.stop();
    }
  });
});
