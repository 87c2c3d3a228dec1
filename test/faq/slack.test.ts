// @engines sqlite postgres
import { startTestApp, type TestApp } from '../support/harness';
import { HOSTILE_QUESTIONS } from './hostile';

interface Block {
  type: string;
  block_id?: string;
  text?: { text: string };
  accessory?: Button;
  elements?: Array<Button & { text: { text: string } | string }>;
}
interface Button {
  type: string;
  action_id: string;
  value: string;
  text: { text: string };
}
type Body = Record<string, unknown>;

function blocksOf(body: Body): Block[] {
  return body.blocks as Block[];
}

function buttonsOf(body: Body): Button[] {
  return blocksOf(body).flatMap((b) => [...(b.accessory ? [b.accessory] : []), ...((b.elements ?? []).filter((e) => e.type === 'button') as Button[])]);
}

function allText(body: Body): string {
  return blocksOf(body)
    .flatMap((b) => [b.text?.text ?? '', ...(b.elements ?? []).map((e) => (typeof e.text === 'string' ? e.text : e.text?.text ?? ''))])
    .join('\n');
}

function expectWithinSlackLimits(body: Body): void {
  expect(typeof body.text).toBe('string');
  expect(String(body.text).length).toBeGreaterThan(0);
  const blocks = blocksOf(body);
  expect(blocks.length).toBeLessThanOrEqual(50);
  for (const b of blocks) if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(3000);
  for (const button of buttonsOf(body)) {
    expect(button.value.length).toBeLessThanOrEqual(2000);
    expect(button.text.text.length).toBeLessThanOrEqual(75);
  }
}

describe('/lead faq end to end (signed requests, real app, Slack double)', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp({ users: [{ id: 'U_MANAGER1', tz: 'Europe/Berlin' }, { id: 'U_OTHER', tz: 'UTC' }] });
  });
  afterEach(async () => {
    await t.stop();
  });

  async function press(actionId: string, value: string, userId = 'U_MANAGER1'): Promise<Body> {
    const payload = t.buttonPayload(actionId, value, { userId, channelId: 'C_TEAM' });
    const id = payload.response_url.split('/').pop();
    const res = await t.interact(payload);
    expect(res.status).toBe(200);
    return (await t.double.waitFor(() => t.double.responses.find((r) => r.id === id))).body;
  }

  /** Stored questions, once the question log has written what it holds (it writes shortly after answering). */
  async function questions(): Promise<Array<Record<string, unknown>>> {
    await t.double.waitFor(() => t.app.deps.faqQuestions.pending() === 0);
    return t.sql.all<Record<string, unknown>>('SELECT * FROM faq_questions ORDER BY id');
  }

  it('answers privately with the best entry, its next step and source, related entries, votes and sharing', async () => {
    const reply = await t.commandReply('faq how technical should I stay?');
    expect(reply.response_type).toBe('ephemeral');
    expectWithinSlackLimits(reply);
    const text = allText(reply);
    expect(text).toContain('*How technical should I stay as a manager?*');
    expect(text).toMatch(/architectural trade-offs/);
    expect(text).toContain('*Next step:*');
    // This answer draws on four of the five documents: its main one first, then each other one.
    expect(text).toContain(
      'Sources: _Tech Leadership: Why Top Engineers Fail as Managers (And How to Avoid It)_ (reading list #2); ' +
        "also _Tech Leadership: Why Great Engineers Don't Always Make Great Managers_ (#1), " +
        '_A guide to engineering management (untitled): skills, leadership, common challenges_ (#4), ' +
        '_Technical Leadership: Where Engineering Meets Strategy_ (#5)',
    );
    expect(text).not.toContain('.txt');
    expect(String(reply.text)).toContain('How technical should I stay as a manager?');
    expect(String(reply.text)).toContain("(Sources: Tech Leadership: Why Top Engineers Fail as Managers (And How to Avoid It); Tech Leadership: Why Great");

    const buttons = buttonsOf(reply);
    const related = buttons.filter((b) => b.action_id.startsWith('faq_open_'));
    expect(related).toHaveLength(2);
    expect(related.map((b) => b.text.text)).not.toContain('How technical should I stay as a manager?');
    expect(buttons.map((b) => b.action_id)).toEqual(expect.arrayContaining(['faq_vote_helpful', 'faq_vote_not_helpful', 'faq_share']));

    const stored = await questions();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ user_id: 'U_MANAGER1', question: 'how technical should I stay?', matched: 1, entry_id: 'how-technical-to-stay', channel: 'slack' });
    // Buttons carry the question's id, never its text.
    for (const b of buttons) expect(b.value).not.toContain('technical should I stay');
  });

  it('opens a related entry from its button, privately, keeping the votes tied to the question', async () => {
    const reply = await t.commandReply('faq how do I run good 1:1 meetings');
    const relatedButton = buttonsOf(reply).find((b) => b.action_id === 'faq_open_1');
    expect(relatedButton).toBeDefined();
    const opened = await press(relatedButton!.action_id, relatedButton!.value);
    expect(opened).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expectWithinSlackLimits(opened);
    expect(allText(opened)).toContain(`*${relatedButton!.text.text}*`);
    const vote = buttonsOf(opened).find((b) => b.action_id === 'faq_vote_helpful');
    expect(JSON.parse(vote!.value)).toMatchObject({ q: (await questions())[0]?.id });
  });

  it('stores one vote per question and person, changeable, and updates the answer in place to show it', async () => {
    const reply = await t.commandReply('faq my team is burning out');
    const helpful = buttonsOf(reply).find((b) => b.action_id === 'faq_vote_helpful')!;
    const notHelpful = buttonsOf(reply).find((b) => b.action_id === 'faq_vote_not_helpful')!;
    const updated = await press(helpful.action_id, helpful.value);
    // The same answer, replaced, with the choice marked: no second message.
    expect(updated).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    expectWithinSlackLimits(updated);
    expect(allText(updated)).toContain('*How do I prevent burnout on my team and in myself?*');
    expect(allText(updated)).toMatch(/noted that this answer helped/);
    const marked = buttonsOf(updated).find((b) => b.action_id === 'faq_vote_helpful') as Button & { style?: string };
    expect(marked.text.text).toContain('✓');
    expect(marked.style).toBe('primary');
    expect(buttonsOf(updated).find((b) => b.action_id === 'faq_vote_not_helpful')!.text.text).not.toContain('✓');
    const questionId = (await questions())[0]?.id;
    const votes = () => t.sql.all('SELECT question_id, entry_id, user_id, helpful FROM faq_votes ORDER BY question_id, entry_id, user_id');
    expect(await votes()).toEqual([{ question_id: questionId, entry_id: 'team-burnout', user_id: 'U_MANAGER1', helpful: 1 }]);
    const changed = await press(notHelpful.action_id, notHelpful.value);
    expect(changed).toMatchObject({ replace_original: true });
    expect(buttonsOf(changed).find((b) => b.action_id === 'faq_vote_not_helpful')!.text.text).toContain('✓');
    expect(buttonsOf(changed).find((b) => b.action_id === 'faq_vote_helpful')!.text.text).not.toContain('✓');
    expect(await votes()).toEqual([{ question_id: questionId, entry_id: 'team-burnout', user_id: 'U_MANAGER1', helpful: 0 }]);
    const joined = await t.sql.get('SELECT q.question, v.helpful FROM faq_votes v JOIN faq_questions q ON q.id = v.question_id');
    expect(joined).toEqual({ question: 'my team is burning out', helpful: 0 });
    // A vote on another entry (a related one opened from the answer) replaces it: one vote per question and person.
    await press('faq_vote_helpful', JSON.stringify({ e: 'engagement-motivation', q: questionId }));
    expect(await votes()).toEqual([{ question_id: questionId, entry_id: 'engagement-motivation', user_id: 'U_MANAGER1', helpful: 1 }]);
  });

  it('refuses a vote on a question that does not exist or belongs to someone else, and stores nothing', async () => {
    await t.commandReply('faq my team is burning out');
    const questionId = Number((await questions())[0]?.id);
    const stale = await press('faq_vote_helpful', JSON.stringify({ e: 'team-burnout', q: questionId + 100 }));
    expect(String(stale.text)).toMatch(/out of date/);
    const foreign = await press('faq_vote_helpful', JSON.stringify({ e: 'team-burnout', q: questionId }), 'U_OTHER');
    expect(String(foreign.text)).toMatch(/out of date/);
    const garbage = await press('faq_vote_helpful', 'not json at all');
    expect(garbage.response_type).toBe('ephemeral');
    expect(await t.sql.get('SELECT COUNT(*) AS n FROM faq_votes')).toEqual({ n: 0 });
  });

  it('shows a private preview before sharing, then posts the answer for everyone without the private question', async () => {
    const reply = await t.commandReply('faq how do I handle a toxic senior engineer');
    const share = buttonsOf(reply).find((b) => b.action_id === 'faq_share')!;
    const preview = await press(share.action_id, share.value);
    expect(preview).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expectWithinSlackLimits(preview);
    expect(allText(preview)).toContain('Preview');
    expect(allText(preview)).toContain('*How do I handle a toxic or difficult senior engineer?*');
    expect(JSON.stringify(preview)).not.toContain('how do I handle a toxic senior engineer');
    const previewButtons = buttonsOf(preview);
    expect(previewButtons.map((b) => b.text.text)).toEqual(['Post it', 'Cancel']);
    expect(t.double.responses.some((r) => r.body.response_type === 'in_channel')).toBe(false);

    const cancel = previewButtons.find((b) => b.action_id === 'faq_share_cancel')!;
    expect(await press(cancel.action_id, cancel.value)).toEqual({ delete_original: true });
    expect(t.double.responses.some((r) => r.body.response_type === 'in_channel')).toBe(false);

    const post = previewButtons.find((b) => b.action_id === 'faq_share_post')!;
    const payload = t.buttonPayload(post.action_id, post.value, { channelId: 'C_TEAM' });
    const id = payload.response_url.split('/').pop();
    await t.interact(payload);
    const sent = await t.double.waitFor(() => {
      const all = t.double.responses.filter((r) => r.id === id);
      return all.length === 2 ? all : undefined;
    });
    const posted = sent[0]!.body;
    expect(posted).toMatchObject({ response_type: 'in_channel', replace_original: false });
    expectWithinSlackLimits(posted);
    const text = allText(posted);
    expect(text).toContain('*How do I handle a toxic or difficult senior engineer?*');
    expect(text).toContain('Shared by <@U_MANAGER1>');
    expect(text).toContain('(reading list #2)');
    expect(text).not.toContain('.txt');
    expect(String(posted.text)).toContain('<@U_MANAGER1> shared');
    expect(JSON.stringify(posted)).not.toContain('how do I handle a toxic senior engineer');
    expect(buttonsOf(posted)).toEqual([]);
    // The preview goes away once posted.
    expect(sent[1]!.body).toEqual({ delete_original: true });
  });

  it('says it has no guidance for an out-of-scope question, lists the topics and records the gap', async () => {
    const reply = await t.commandReply('faq give me a recipe for banana bread');
    expect(reply.response_type).toBe('ephemeral');
    expectWithinSlackLimits(reply);
    expect(String(reply.text)).toContain("I don't have guidance on that yet");
    const browse = buttonsOf(reply).filter((b) => b.action_id === 'faq_topic');
    expect(browse.map((b) => b.value)).toEqual(['traps', 'time', 'people', 'team', 'strategy', 'career', 'influence', 'measuring']);
    expect(buttonsOf(reply).some((b) => b.action_id.startsWith('faq_vote'))).toBe(false);
    expect(await questions()).toEqual([
      expect.objectContaining({ user_id: 'U_MANAGER1', question: 'give me a recipe for banana bread', matched: 0, entry_id: null }),
    ]);
  });

  it('lists the topics for /lead faq without a question, and a topic button lists its questions to open', async () => {
    const reply = await t.commandReply('faq');
    expect(reply.response_type).toBe('ephemeral');
    expectWithinSlackLimits(reply);
    const topicButtons = buttonsOf(reply).filter((b) => b.action_id === 'faq_topic');
    expect(topicButtons).toHaveLength(8);
    expect(allText(reply)).toContain('*People, 1:1s and feedback*');
    expect(await questions()).toHaveLength(0);

    const people = topicButtons.find((b) => b.value === 'people')!;
    const list = await press(people.action_id, people.value);
    expect(list).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expectWithinSlackLimits(list);
    expect(allText(list)).toContain('How do I run good 1:1 meetings with my reports?');
    const open = buttonsOf(list).filter((b) => b.action_id === 'faq_open');
    expect(open.length).toBeGreaterThanOrEqual(5);

    const oneOnOnes = open.find((b) => JSON.parse(b.value).e === 'one-on-ones')!;
    const answer = await press(oneOnOnes.action_id, oneOnOnes.value);
    expect(allText(answer)).toContain('*How do I run good 1:1 meetings with my reports?*');
    // Opened from a list, there is no question to vote on; sharing still works.
    expect(buttonsOf(answer).map((b) => b.action_id)).toContain('faq_share');
    expect(buttonsOf(answer).some((b) => b.action_id.startsWith('faq_vote'))).toBe(false);
  });

  it('answers hostile text ephemerally without an error', async () => {
    for (const q of ['"unbalanced NEAR( * -', '<script>alert(1)</script> *bold* 🔥', 'x'.repeat(3990), HOSTILE_QUESTIONS[30]!]) {
      const reply = await t.commandReply(`faq ${q}`);
      expect(reply.response_type).toBe('ephemeral');
      expect(String(reply.text)).not.toMatch(/something went wrong/i);
      expectWithinSlackLimits(reply);
    }
    expect(t.logs.lines.some((l) => l.msg === 'listener failed')).toBe(false);
  });

  it('lists faq in /lead help with its example', async () => {
    const reply = await t.commandReply('help');
    expect(allText(reply)).toContain('`/lead faq how technical should I stay?`');
  });
});
