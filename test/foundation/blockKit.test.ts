import { modal as modalView, section } from '../../src/core/blockKit';
import { BLOCK_KIT_LIMITS as L, validateMessage, validateView } from '../support/blockKit';
import { startSlackDouble, type SlackDouble } from '../support/slackDouble';

const text = (t: string, type: 'plain_text' | 'mrkdwn' = 'mrkdwn') => ({ type, text: t });
const button = (actionId: string, label = 'Go', extra: Record<string, unknown> = {}) => ({ type: 'button', action_id: actionId, text: text(label, 'plain_text'), ...extra });
const x = (n: number) => 'x'.repeat(n);
const modal = (extra: Record<string, unknown> = {}) => ({ type: 'modal', title: text('Log time', 'plain_text'), blocks: [{ type: 'section', text: text('hi') }], ...extra });

describe('Block Kit validator: the rules Slack refuses a message or view for', () => {
  it('accepts a well-formed message at every limit exactly', () => {
    const blocks = [
      { type: 'header', text: text(x(L.headerText), 'plain_text') },
      { type: 'section', block_id: x(L.blockId), text: text(x(L.sectionText)), accessory: button(x(L.actionId), x(L.buttonText), { value: x(L.buttonValue), url: `https://e.com/${x(L.buttonUrl - 14)}` }) },
      { type: 'section', fields: Array.from({ length: L.sectionFields }, () => text(x(L.sectionFieldText))) },
      { type: 'context', elements: Array.from({ length: L.contextElements }, () => text('c')) },
      { type: 'actions', elements: Array.from({ length: L.actionsElements }, (_, i) => button(`a${i}`)) },
      { type: 'actions', elements: [{ type: 'static_select', action_id: 's', placeholder: text('Pick', 'plain_text'), options: Array.from({ length: L.options }, (_, i) => ({ text: text(x(L.optionText), 'plain_text'), value: `${i}`.padEnd(L.optionValue, 'v') })) }] },
      ...Array.from({ length: L.messageBlocks - 6 }, () => ({ type: 'divider' })),
    ];
    expect(validateMessage({ text: x(L.messageText), blocks })).toEqual([]);
  });

  it('refuses one action_id on two buttons of one actions block, but not across blocks', () => {
    const twice = validateMessage({ text: 't', blocks: [{ type: 'actions', elements: [button('same'), button('same', 'Other')] }] });
    expect(twice).toEqual(['blocks[0].elements: action_id "same" is used more than once in this block']);
    const apart = validateMessage({ text: 't', blocks: [{ type: 'actions', elements: [button('same')] }, { type: 'actions', elements: [button('same')] }] });
    expect(apart).toEqual([]);
  });

  it('refuses a block_id used twice in one message or view', () => {
    const blocks = [{ type: 'divider', block_id: 'b' }, { type: 'divider', block_id: 'b' }];
    expect(validateMessage({ text: 't', blocks })).toEqual(['blocks[1].block_id: block_id "b" is used more than once']);
    expect(validateView({ type: 'home', blocks })).toEqual(['view.blocks[1].block_id: block_id "b" is used more than once']);
  });

  it.each([
    ['51 blocks in a message', { text: 't', blocks: Array.from({ length: 51 }, () => ({ type: 'divider' })) }, 'blocks: 51 blocks, more than 50'],
    ['section text of 3,001', { text: 't', blocks: [{ type: 'section', text: text(x(3001)) }] }, 'blocks[0].text.text: 3001 characters, more than 3000'],
    ['a field of 2,001', { text: 't', blocks: [{ type: 'section', fields: [text(x(2001))] }] }, 'blocks[0].fields[0].text: 2001 characters, more than 2000'],
    ['11 fields', { text: 't', blocks: [{ type: 'section', fields: Array.from({ length: 11 }, () => text('f')) }] }, 'blocks[0].fields: 11 fields, more than 10'],
    ['header of 151', { text: 't', blocks: [{ type: 'header', text: text(x(151), 'plain_text') }] }, 'blocks[0].text.text: 151 characters, more than 150'],
    ['mrkdwn header', { text: 't', blocks: [{ type: 'header', text: text('Hi') }] }, 'blocks[0].text.type: must be plain_text'],
    ['button text of 76', { text: 't', blocks: [{ type: 'actions', elements: [button('a', x(76))] }] }, 'blocks[0].elements[0].text.text: 76 characters, more than 75'],
    ['mrkdwn button text', { text: 't', blocks: [{ type: 'actions', elements: [{ type: 'button', action_id: 'a', text: text('Go') }] }] }, 'blocks[0].elements[0].text.type: must be plain_text'],
    ['button value of 2,001', { text: 't', blocks: [{ type: 'actions', elements: [button('a', 'Go', { value: x(2001) })] }] }, 'blocks[0].elements[0].value: 2001 characters, more than 2000'],
    ['button url of 3,001', { text: 't', blocks: [{ type: 'actions', elements: [button('a', 'Go', { url: x(3001) })] }] }, 'blocks[0].elements[0].url: 3001 characters, more than 3000'],
    ['action_id of 256', { text: 't', blocks: [{ type: 'actions', elements: [button(x(256))] }] }, 'blocks[0].elements[0].action_id: 256 characters, more than 255'],
    ['block_id of 256', { text: 't', blocks: [{ type: 'divider', block_id: x(256) }] }, 'blocks[0].block_id: 256 characters, more than 255'],
    ['11 context elements', { text: 't', blocks: [{ type: 'context', elements: Array.from({ length: 11 }, () => text('c')) }] }, 'blocks[0].elements: 11 elements, more than 10'],
    ['26 actions elements', { text: 't', blocks: [{ type: 'actions', elements: Array.from({ length: 26 }, (_, i) => button(`a${i}`)) }] }, 'blocks[0].elements: 26 elements, more than 25'],
    ['an empty section text', { text: 't', blocks: [{ type: 'section', text: text('') }] }, 'blocks[0].text.text: empty text'],
    ['an empty context element', { text: 't', blocks: [{ type: 'context', elements: [text('')] }] }, 'blocks[0].elements[0].text: empty text'],
    ['an unknown block type', { text: 't', blocks: [{ type: 'sectoin', text: text('hi') }] }, 'blocks[0].type: unknown block type "sectoin"'],
    ['top-level text of 40,001', { text: x(40_001) }, 'text: 40001 characters, more than 40000'],
    ['no text and no blocks', { text: '' }, 'text: a message needs text or blocks'],
  ])('refuses %s', (_name, msg, problem) => {
    expect(validateMessage(msg)).toEqual([problem]);
  });

  it('refuses options beyond their limits', () => {
    const select = (options: unknown[]) => ({ text: 't', blocks: [{ type: 'actions', elements: [{ type: 'static_select', action_id: 's', options }] }] });
    const option = (t: string, v: string) => ({ text: text(t, 'plain_text'), value: v });
    expect(validateMessage(select([option(x(76), 'v')]))).toEqual(['blocks[0].elements[0].options[0].text.text: 76 characters, more than 75']);
    expect(validateMessage(select([option('t', x(151))]))).toEqual(['blocks[0].elements[0].options[0].value: 151 characters, more than 150']);
    expect(validateMessage(select(Array.from({ length: 101 }, (_, i) => option('t', `${i}`))))).toEqual(['blocks[0].elements[0].options: 101 options, more than 100']);
  });

  it('checks modals: title, submit and close up to 24 plain_text characters, private_metadata, 100 blocks', () => {
    expect(validateView(modal({ title: text(x(24), 'plain_text'), submit: text(x(24), 'plain_text'), close: text(x(24), 'plain_text'), private_metadata: x(3000) }))).toEqual([]);
    expect(validateView(modal({ title: text(x(25), 'plain_text') }))).toEqual(['view.title.text: 25 characters, more than 24']);
    expect(validateView(modal({ submit: text('Save') }))).toEqual(['view.submit.type: must be plain_text']);
    expect(validateView(modal({ close: text(x(25), 'plain_text') }))).toEqual(['view.close.text: 25 characters, more than 24']);
    expect(validateView(modal({ private_metadata: x(3001) }))).toEqual(['view.private_metadata: 3001 characters, more than 3000']);
    expect(validateView(modal({ blocks: Array.from({ length: 101 }, () => ({ type: 'divider' })) }))).toEqual(['view.blocks: 101 blocks, more than 100']);
    expect(validateView({ type: 'home', blocks: Array.from({ length: 100 }, () => ({ type: 'divider' })) })).toEqual([]);
  });
});

describe('Slack double: refuses what Slack refuses', () => {
  let double: SlackDouble;
  beforeAll(async () => {
    double = await startSlackDouble();
  });
  afterAll(() => double.stop());
  beforeEach(() => double.reset());

  async function call(method: string, params: Record<string, unknown>): Promise<Record<string, unknown>> {
    const res = await fetch(`${double.apiUrl}${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer xoxb-t' }, body: JSON.stringify(params) });
    return (await res.json()) as Record<string, unknown>;
  }
  const repeated = [{ type: 'actions', elements: [button('same'), button('same')] }];

  it.each(['chat.postMessage', 'chat.postEphemeral', 'chat.update'])('%s answers invalid_blocks and records the violation', async (method) => {
    const answer = await call(method, { channel: 'D1', user: 'U1', ts: '1.1', text: 'hi', blocks: repeated });
    expect(answer).toMatchObject({ ok: false, error: 'invalid_blocks' });
    expect(double.succeeded(method)).toHaveLength(0);
    expect(double.violations).toEqual([{ where: method, problems: ['blocks[0].elements: action_id "same" is used more than once in this block'] }]);
    expect(await call(method, { channel: 'D1', user: 'U1', ts: '1.1', text: 'hi', blocks: [{ type: 'divider' }] })).toMatchObject({ ok: true });
  });

  it.each(['views.open', 'views.update', 'views.publish', 'views.push'])('%s answers invalid_blocks for a broken view', async (method) => {
    const view = method === 'views.publish' ? { type: 'home', blocks: repeated } : modal({ blocks: repeated });
    expect(await call(method, { trigger_id: 't', user_id: 'U1', view_id: 'V1', view })).toMatchObject({ ok: false, error: 'invalid_blocks' });
    expect(double.violations.map((v) => v.where)).toEqual([method]);
  });

  it.each([
    ['a string', 'lead_coach_delivery'],
    ['no event_type', { event_payload: { key: 'k' } }],
    ['an empty event_type', { event_type: '', event_payload: { key: 'k' } }],
    ['a payload that is not an object', { event_type: 'lead_coach_delivery', event_payload: 'k' }],
  ])('chat.postMessage answers invalid_metadata_format for metadata that is %s', async (_, metadata) => {
    expect(await call('chat.postMessage', { channel: 'U1', text: 'hi', metadata })).toMatchObject({ ok: false, error: 'invalid_metadata_format' });
    expect(double.succeeded('chat.postMessage')).toHaveLength(0);
  });

  it('conversations.history lists a DM newest first after `oldest`, with metadata only when include_all_metadata is asked, a page at a time', async () => {
    const metadata = { event_type: 'lead_coach_delivery', event_payload: { key: 'k1' } };
    const first = await call('chat.postMessage', { channel: 'U1', text: 'one', metadata });
    await call('chat.postMessage', { channel: 'U1', text: 'two' });
    await call('chat.postMessage', { channel: 'U2', text: 'elsewhere' });
    const opened = await call('conversations.open', { users: 'U1' });
    const dm = (opened.channel as { id: string }).id;
    const plain = await call('conversations.history', { channel: dm });
    expect((plain.messages as Array<Record<string, unknown>>).map((m) => [m.text, 'metadata' in m])).toEqual([['two', false], ['one', false]]);
    const paged = await call('conversations.history', { channel: dm, include_all_metadata: true, limit: 1 });
    expect(paged).toMatchObject({ ok: true, has_more: true, messages: [{ text: 'two' }] });
    const cursor = (paged.response_metadata as { next_cursor: string }).next_cursor;
    expect(await call('conversations.history', { channel: dm, include_all_metadata: true, limit: 1, cursor })).toMatchObject({ has_more: false, messages: [{ text: 'one', metadata }] });
    expect(await call('conversations.history', { channel: dm, oldest: first.ts })).toMatchObject({ messages: [{ text: 'two' }] });
    expect(await call('conversations.history', { channel: 'C_NOWHERE' })).toMatchObject({ ok: false, error: 'channel_not_found' });
  });

  it('answers a broken response_url post with HTTP 400 and records it, without recording it as a response', async () => {
    const res = await fetch(double.responseUrl('r1'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text: 'hi', blocks: repeated }) });
    expect(res.status).toBe(400);
    expect(double.responses).toHaveLength(0);
    expect(double.violations.map((v) => v.where)).toEqual(['response_url']);
  });
});

describe('the one modal builder', () => {
  it('cuts a long title and button labels to what Slack accepts, and leaves out what was not given', () => {
    const view = modalView({ callbackId: 'cb', title: 'Change these entries for the whole week?', submit: 'Save every change now please', close: 'Cancel', blocks: [section('Hello')] });
    expect(validateView(view)).toEqual([]);
    expect(view.title.text).toHaveLength(24);
    expect(view.submit?.text.endsWith('…')).toBe(true);
    const plain = modalView({ callbackId: 'cb2', title: 'Saved', close: 'Done', blocks: [section('Hello')] });
    expect(plain).toEqual({ type: 'modal', callback_id: 'cb2', title: { type: 'plain_text', text: 'Saved' }, close: { type: 'plain_text', text: 'Done' }, blocks: [section('Hello')] });
  });
});
