// @engines sqlite postgres
import { startTestApp, type TestApp } from '../support/harness';
import { allStoredEntries, ask, storedEntries } from './helpers';

// Default clock: 2026-11-18T10:00:00Z, Wednesday 11:00 in Berlin.
const EXAMPLE = 'Example: `/lead log coding 90m yesterday reviewing PRs`';

describe('/lead log, /lead undo: end to end', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp({ users: [{ id: 'U_MANAGER1', tz: 'Europe/Berlin' }] });
  });
  afterEach(async () => {
    await t.stop();
  });

  it('stores an entry with local date, zone and UTC time, and confirms it with the running total', async () => {
    const first = await ask(t, 'log coding 90m reviewing PRs');
    expect(first.shown).toContain('Logged *coding 1h 30m* for today (Wed 18 Nov) · _reviewing PRs_');
    expect(first.shown).toContain("Today's total: *1h 30m* (coding 1h 30m)");
    const second = await ask(t, 'log 1:1 45m with Sam');
    expect(second.shown).toContain("Today's total: *2h 15m* (coding 1h 30m, people 45m)");
    const third = await ask(t, 'log coding 30m');
    expect(third.shown).toContain("Today's total: *2h 45m* (coding 2h, people 45m)");

    const rows = await storedEntries(t.sql, 'U_MANAGER1');
    expect(rows.map((r) => [r.category, r.minutes, r.local_date, r.time_zone, r.note, r.source])).toEqual([
      ['coding', 90, '2026-11-18', 'Europe/Berlin', 'reviewing PRs', 'command'],
      ['people', 45, '2026-11-18', 'Europe/Berlin', 'with Sam', 'command'],
      ['coding', 30, '2026-11-18', 'Europe/Berlin', null, 'command'],
    ]);
    expect(rows[0]?.created_at).toBe('2026-11-18T10:00:00.000Z');
    expect(await t.sql.get("SELECT SUM(minutes) AS m FROM time_entries WHERE category = 'coding'")).toEqual({ m: 120 });
  });

  it('files yesterday, a weekday name and a date on the right local day, and shows that day and today', async () => {
    await ask(t, 'log people 1h');
    const y = await ask(t, 'log strategy 2h yesterday roadmap review');
    expect(y.shown).toContain('Logged *strategy 2h* for Tue 17 Nov · _roadmap review_');
    expect(y.shown).toContain("Tue 17 Nov's total: *2h* (strategy 2h)");
    expect(y.shown).toContain('Today so far: *1h* (people 1h)');
    await ask(t, 'log meetings 30m monday');
    await ask(t, 'log firefighting 1h 2026-11-04 outage');
    expect((await storedEntries(t.sql, 'U_MANAGER1')).map((r) => r.local_date)).toEqual(['2026-11-18', '2026-11-17', '2026-11-16', '2026-11-04']);
  });

  it('stores what was typed for the forms issue 13 found misread: multi-word durations, day phrases, quoted notes', async () => {
    const split = await ask(t, 'log people 1h 30m');
    expect(split.shown).toContain('Logged *people 1h 30m* for today (Wed 18 Nov)');
    const lastFriday = await ask(t, 'log Strategy 1h last friday');
    expect(lastFriday.shown).toContain('Logged *strategy 1h* for Fri 13 Nov');
    await ask(t, 'log coding 2 hours');
    await ask(t, 'log coding 45 minutes 3 days ago');
    await ask(t, 'log meetings half an hour monday standup notes');
    await ask(t, 'log people 30m "friday retro prep"');
    expect((await storedEntries(t.sql, 'U_MANAGER1')).map((r) => [r.category, r.minutes, r.local_date, r.note])).toEqual([
      ['people', 90, '2026-11-18', null],
      ['strategy', 60, '2026-11-13', null],
      ['coding', 120, '2026-11-18', null],
      ['coding', 45, '2026-11-15', null],
      ['meetings', 30, '2026-11-16', 'standup notes'],
      ['people', 30, '2026-11-18', 'friday retro prep'],
    ]);
  });

  it('stores a retried request (same trigger_id) once and says so', async () => {
    const body = t.commandBody('log coding 1h', {}, 'retry-1');
    // Answers to the command, without the one-time coaching offer that follows a new user's first answer.
    const answers = () => t.double.responses.filter((r) => r.id === 'retry-1' && !String(r.body.text).includes('New to lead-coach'));
    await t.postSigned(body, 'application/x-www-form-urlencoded');
    await t.double.waitFor(() => answers()[0]);
    await t.postSigned(body, 'application/x-www-form-urlencoded');
    await t.double.waitFor(() => answers()[1]);
    const replies = answers().map((r) => String(r.body.text));
    expect(replies[1]).toContain('Already logged');
    expect(await storedEntries(t.sql, 'U_MANAGER1')).toHaveLength(1);
    expect((await storedEntries(t.sql, 'U_MANAGER1'))[0]?.request_key).toBe(t.triggerIdOf('retry-1'));
  });

  it('undo removes the last entry, says what it removed, and says when there is nothing left', async () => {
    await ask(t, 'log coding 1h');
    await ask(t, 'log people 2h yesterday career talk');
    const undo = await ask(t, 'undo');
    expect(undo.shown).toContain('Removed *people 2h* for Tue 17 Nov (_career talk_)');
    expect(undo.shown).toContain("Today's total is now *1h*");
    expect((await storedEntries(t.sql, 'U_MANAGER1')).map((r) => r.category)).toEqual(['coding']);
    const again = await ask(t, 'undo');
    expect(again.shown).toContain('Removed *coding 1h* for today (Wed 18 Nov)');
    expect(again.shown).toContain("Today's total is now *0m*");
    const nothing = await ask(t, 'undo');
    expect(nothing.text).toBe('Nothing to undo: there is no change to your log left to undo.');
  });

  it('is listed in help with examples, and a typo of it is suggested', async () => {
    const help = await ask(t, 'help');
    for (const example of ['/lead log coding 90m yesterday reviewing PRs', '/lead undo', '/lead week last', '/lead targets coding 0-25', '/lead export', '/lead forget-me']) {
      expect(help.shown).toContain(`\`${example}\``);
    }
    const typo = await ask(t, 'lg coding 1h');
    expect(typo.text).toContain('Did you mean `/lead log`?');
    expect(await allStoredEntries(t.sql)).toHaveLength(0);
  });

  it('escapes a note with mentions when echoing it', async () => {
    const reply = await ask(t, 'log people 30m ping &lt;!channel&gt; about it');
    expect(reply.shown).toContain('ping &lt;!channel&gt; about it');
    expect(reply.shown).not.toContain('<!channel>');
    expect((await storedEntries(t.sql, 'U_MANAGER1'))[0]?.note).toBe('ping <!channel> about it');
  });
});

describe('/lead log refuses invalid input with an ephemeral answer and a correct example, storing nothing', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ users: [{ id: 'U_MANAGER1', tz: 'Europe/Berlin' }] });
  });
  afterAll(async () => {
    await t.stop();
  });

  it.each([
    ['unknown category, closest suggested, all listed', 'log codng 1h', 'Unknown category `codng`. Did you mean `coding`? The categories are: coding, people, meetings, strategy, improvement, firefighting.'],
    ['unparseable duration', 'log coding abc', "I can't read `abc` as a duration."],
    ['duration without unit', 'log coding 90', 'The duration `90` has no unit'],
    ['missing duration', 'log coding', 'A duration is missing.'],
    ['zero duration', 'log coding 0m', 'The duration `0m` is zero'],
    ['negative duration', 'log coding -30m', 'The duration `-30m` is negative'],
    ['more than 16 h in one entry', 'log coding 17h', '`17h` is more than 16 hours, the most one entry can hold.'],
    ['a future date', 'log coding 1h 2026-11-19', '2026-11-19 is in the future (today is 2026-11-18 in your time zone)'],
    ['more than 14 days back', 'log coding 1h 2026-11-03', '2026-11-03 is 15 days ago; entries can go back at most 14 days (to 2026-11-04).'],
    ['not a real date', 'log coding 1h 2026-02-30', '`2026-02-30` is not a real date.'],
    ['tomorrow', 'log strategy 1h tomorrow', '`tomorrow` is in the future (today is 2026-11-18 in your time zone); log time once it is spent.'],
    ['next monday', 'log strategy 1h next monday', '`next monday` is in the future'],
    ['a day phrase in the future', 'log strategy 1h 30 nov', '`30 nov` (2026-11-30) is in the future'],
    ['a day that does not exist', 'log strategy 1h 31 feb', '`31 feb` is not a real date.'],
    ['a numeric day/month', 'log strategy 1h 30/11', "`30/11` could be day/month or month/day, so I don't guess: write the month as a word, like `18 nov`, or write `2026-11-18`."],
    ['a span, not a day', 'log strategy 1h last week', '`last week` is not one day: name the day, like `yesterday`, `last friday` or `2026-11-16`.'],
    ['two durations', 'log coding 30m 1h', '`30m 1h` holds two durations; write one, like `1h30m`.'],
    ['a bare number after hours', 'log coding 2h 15', "After `2h`, I can't tell whether `15` is minutes or the start of your note: write `2h15m` for minutes, or put the note in quotes"],
    ['a fraction of a minute', 'log coding 1.33h', '`1.33h` is 79.8 minutes; entries are whole minutes, so write `1h20m` (or `80m`).'],
    ['a note over 500 characters', `log coding 1h ${'n'.repeat(501)}`, 'Your note is 501 characters long; keep it to 500.'],
  ])('%s', async (_name, command, problem) => {
    const reply = await ask(t, command);
    expect(reply.text).toContain(problem);
    expect(reply.text).toContain('Nothing was changed.');
    expect(reply.text).toContain(EXAMPLE);
    expect(await allStoredEntries(t.sql)).toHaveLength(0);
  });

  it('a day that would pass 24 h', async () => {
    await ask(t, 'log coding 16h');
    const reply = await ask(t, 'log people 8h1m');
    expect(reply.text).toContain('That would bring Wed 18 Nov to 24h 1m, more than 24 hours (16h is logged already).');
    expect(reply.text).toContain(EXAMPLE);
    expect((await allStoredEntries(t.sql)).map((r) => r.minutes)).toEqual([960]);
    await ask(t, 'log people 8h');
    expect((await allStoredEntries(t.sql)).map((r) => r.minutes)).toEqual([960, 480]);
    await t.sql.run('DELETE FROM time_entries');
  });
});
