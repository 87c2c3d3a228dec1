// @engines sqlite postgres
import { shownText, viewSubmission, type Block } from '../timelog/helpers';
import { calendarWorld, MANAGER, rows, type CalendarWorld } from './support';

const SECRET_PATH = '/calendar/ical/manager%40example.com/private-0123456789abcdef0123456789abcdef/basic.ics';

interface OpenedView {
  callback_id: string;
  private_metadata: string;
  blocks: Block[];
}

describe('/lead calendar: linking a calendar by its secret iCal address', () => {
  let w: CalendarWorld;
  beforeEach(async () => {
    w = await calendarWorld();
    w.feeds.serve(SECRET_PATH, (await import('./feedServer')).fixture('team.ics'));
  });
  afterEach(async () => {
    await w.stop();
  });

  async function openModal(): Promise<OpenedView> {
    await w.t.command('calendar');
    const call = await w.t.double.waitFor(() => w.t.double.callsTo('views.open')[0]);
    return call.params.view as OpenedView;
  }

  async function submit(view: OpenedView, address: string): Promise<{ ack: Record<string, unknown>; result?: string }> {
    const before = w.t.double.callsTo('views.update').length;
    const res = await w.t.interact(viewSubmission(w.t, view, { calendar_url: { url: { type: 'plain_text_input', value: address } } }));
    const ack = JSON.parse(res.body || '{}') as Record<string, unknown>;
    if (ack.response_action !== 'update') return { ack };
    const update = await w.t.double.waitFor(() => w.t.double.callsTo('views.update')[before], 15_000);
    return { ack, result: shownText(update.params.view as Record<string, unknown>) };
  }

  it('the modal explains where Google and Outlook give the secret address', async () => {
    const view = await openModal();
    const text = shownText(view as unknown as Record<string, unknown>);
    expect(view.callback_id).toBe('calendar_link_modal');
    expect(text).toContain('Secret address in iCal format');
    expect(text).toMatch(/Publish a calendar.*ICS/);
  });

  it('reads the feed before saving, says how many events this week, and stores the address only encrypted', async () => {
    const view = await openModal();
    const address = `${w.feeds.origin}${SECRET_PATH}`;
    const { ack, result } = await submit(view, address);
    expect(shownText(ack.view as Record<string, unknown>)).toContain('Reading your calendar');
    expect(result).toContain('Linked your calendar');
    expect(result).toContain('12 events this week');
    expect(result).not.toContain('private-0123456789abcdef');
    const [link] = await rows(w.t.sql, 'calendar_links');
    expect(String(link?.url_cipher)).toMatch(/^v1:/);
    expect(JSON.stringify(link)).not.toContain('private-0123');
    expect(String(link?.url_hint)).toBe(`127.0.0.1:${w.feeds.port}/…/basic.ics`);
    const wednesday = (await rows(w.t.sql, 'calendar_days')).find((d) => d.local_date === '2026-11-18');
    expect(JSON.parse(String(wednesday?.minutes))).toMatchObject({ people: 60, strategy: 180, firefighting: 60, meetings: 30 });
    expect(await rows(w.t.sql, 'calendar_one_on_ones')).toHaveLength(1);
    // The address is in no log line, whatever the level (tests log at debug).
    expect(w.t.logs.raw.join('\n')).not.toContain('private-0123456789abcdef');
  });

  it.each([
    ['not an address', 'errors', /not a web address/],
    ['ftp://example.com/cal.ics', 'errors', /not a web address/],
  ])('refuses %s under the field, storing nothing', async (address, action, problem) => {
    const view = await openModal();
    const { ack } = await submit(view, address);
    expect(ack.response_action).toBe(action);
    expect(JSON.stringify(ack.errors)).toMatch(problem);
    expect(await rows(w.t.sql, 'calendar_links')).toEqual([]);
  });

  it.each([
    ['/cal/page.html', /web page \(HTML\)/],
    ['/cal/not-ical.txt', /did not answer with an iCal feed/],
    ['/cal/broken.ics', /broken lines/],
    ['/cal/to-metadata-https.ics', /private network/],
    ['/cal/huge.ics', /larger than 5 MB/],
    ['/cal/missing.ics', /no calendar at that address \(HTTP 404\)/],
  ])('a feed at %s is not linked: the modal says why and nothing is stored', async (pathname, problem) => {
    const view = await openModal();
    const { result } = await submit(view, `${w.feeds.origin}${pathname}`);
    expect(result).toMatch(problem);
    expect(result).toContain('Nothing was stored');
    expect(await rows(w.t.sql, 'calendar_links')).toEqual([]);
    expect(await rows(w.t.sql, 'calendar_days')).toEqual([]);
  });

  it('an address on a private network is refused without being read', async () => {
    const reply = await w.t.commandReply('calendar https://10.0.0.7/calendar.ics');
    expect(shownText(reply)).toMatch(/private network/);
    expect(shownText(reply)).toContain('Nothing was stored');
    expect(await rows(w.t.sql, 'calendar_links')).toEqual([]);
  });

  it('an unreachable host (no such name) gets a clear answer and nothing is stored', async () => {
    const reply = await w.t.commandReply('calendar https://no-such-host.invalid/calendar/private-abc/basic.ics');
    expect(reply.response_type).toBe('ephemeral');
    expect(shownText(reply)).toMatch(/host name does not exist|could not be reached/);
    expect(shownText(reply)).toContain('Nothing was stored');
    expect(await rows(w.t.sql, 'calendar_links')).toEqual([]);
  });

  it('`calendar off` deletes the address and what was read from it, and says so', async () => {
    await w.t.commandReply(`calendar ${w.feeds.origin}${SECRET_PATH}`);
    expect(await rows(w.t.sql, 'calendar_links')).toHaveLength(1);
    const reply = await w.t.commandReply('calendar off');
    expect(shownText(reply)).toContain('Unlinked your calendar');
    expect(await rows(w.t.sql, 'calendar_links')).toEqual([]);
    expect(await rows(w.t.sql, 'calendar_days')).toEqual([]);
    expect(await rows(w.t.sql, 'calendar_one_on_ones')).toEqual([]);
    const again = await w.t.commandReply('calendar off');
    expect(shownText(again)).toContain('nothing to remove');
  });

  it('export names the linked calendar by its hint and the rules, never the address', async () => {
    await w.t.commandReply(`calendar ${w.feeds.origin}${SECRET_PATH}`);
    await w.t.commandReply('calendar rule "arch review" strategy');
    await w.t.commandReply('log coding 1h');
    await w.t.commandReply('export');
    const completed = await w.t.double.waitFor(() => w.t.double.callsTo('files.completeUploadExternal')[0]);
    const comment = String(completed.params.initial_comment);
    expect(comment).toContain(`Linked calendar: 127.0.0.1:${w.feeds.port}/…/basic.ics`);
    expect(comment).toContain('"arch review" → strategy');
    expect(comment).not.toContain('private-0123');
    expect(w.t.double.uploads.map((u) => u.bytes.toString('utf8')).join('')).not.toContain('private-0123');
    // Typed on the command line, the address is still in no log line (tests log at debug).
    expect(w.t.logs.raw.join('\n')).not.toContain('private-0123');
  });

  it('forget-me deletes the calendar with everything else', async () => {
    await w.t.commandReply(`calendar ${w.feeds.origin}${SECRET_PATH}`);
    await w.t.commandReply('calendar rule "arch review" strategy');
    const deleted = await w.t.app.deps.repos.personalData.deleteAll(MANAGER);
    expect(deleted.byTable).toMatchObject({ calendar_links: 1, calendar_rules: 1 });
    for (const table of ['calendar_links', 'calendar_days', 'calendar_rules', 'calendar_one_on_ones']) expect(await rows(w.t.sql, table)).toEqual([]);
  });
});

describe('/lead calendar without LEAD_COACH_SECRET_KEY', () => {
  it('answers that calendar linking is off, and opens nothing', async () => {
    const w = await calendarWorld({ config: { secretKey: undefined } });
    try {
      const reply = await w.t.commandReply('calendar');
      expect(shownText(reply)).toContain('Calendar linking is off');
      expect(shownText(reply)).toContain('LEAD_COACH_SECRET_KEY');
      expect(w.t.double.callsTo('views.open')).toHaveLength(0);
    } finally {
      await w.stop();
    }
  });
});

describe('/lead calendar rules and rule', () => {
  let w: CalendarWorld;
  beforeEach(async () => {
    w = await calendarWorld();
  });
  afterEach(async () => {
    await w.stop();
  });

  it('shows the built-in rules in order and the manager\'s own first', async () => {
    await w.t.commandReply('calendar rule "arch review" strategy');
    const shown = shownText(await w.t.commandReply('calendar rules'));
    expect(shown).toContain('"arch review" → *strategy*');
    expect(shown).toMatch(/"1:1", "1-1".*→ \*people\*/);
    expect(shown).toMatch(/"focus", "no code".*no-code blocks/);
    expect(shown).toContain('anything else → *meetings*');
  });

  it('adds, changes and removes a rule', async () => {
    expect(shownText(await w.t.commandReply('calendar rule "arch review" strategy'))).toContain('Added your rule');
    expect(shownText(await w.t.commandReply('calendar rule "Arch Review" improvement'))).toContain('Changed your rule');
    expect((await rows(w.t.sql, 'calendar_rules')).map((r) => [r.phrase, r.category])).toEqual([['arch review', 'improvement']]);
    expect(shownText(await w.t.commandReply('calendar rule remove "arch review"'))).toContain('Removed your rule');
    expect(await rows(w.t.sql, 'calendar_rules')).toEqual([]);
  });

  it.each([
    ['mrkdwn and a mention', 'calendar rule "*bold* <!channel>" people', /letters, digits/],
    ['3,000 characters', `calendar rule "${'x'.repeat(3000)}" people`, /characters long/],
    ['an unknown category', 'calendar rule "arch review" lunch', /is not a category/],
    ['nothing', 'calendar rule', /Say which words/],
  ])('refuses a rule with %s: an ephemeral answer, nothing stored', async (_label, text, problem) => {
    const reply = await w.t.commandReply(text);
    expect(reply.response_type).toBe('ephemeral');
    const shown = shownText(reply);
    expect(shown).toMatch(problem);
    expect(shown).toContain('Nothing was changed');
    expect(shown).not.toContain('<!channel>');
    expect(await rows(w.t.sql, 'calendar_rules')).toEqual([]);
  });
});
