// @engines sqlite postgres
import { signedHeaders } from '../support/signing';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../support/harness';
import { HOSTILE_QUESTIONS } from './hostile';

interface Button {
  type: string;
  action_id: string;
  value: string;
  style?: string;
  text: { text: string };
}
interface Block {
  type: string;
  text?: { text: string };
  accessory?: Button;
  elements?: Array<Button & { text: { text: string } | string }>;
}
type Body = Record<string, unknown>;

const blocksOf = (body: Body): Block[] => (body.blocks ?? []) as Block[];
const buttonsOf = (body: Body): Button[] =>
  blocksOf(body).flatMap((b) => [...(b.accessory ? [b.accessory] : []), ...((b.elements ?? []).filter((e) => e.type === 'button') as Button[])]);
const allText = (body: Body): string =>
  blocksOf(body)
    .flatMap((b) => [b.text?.text ?? '', ...(b.elements ?? []).map((e) => (typeof e.text === 'string' ? e.text : e.text?.text ?? ''))])
    .join('\n');

const PLAUSIBLE_QUESTION = 'how to deal with stakeholders';

describe('/lead faq never leaves a manager at a dead end (issue 14)', () => {
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
    expect((await t.interact(payload)).status).toBe(200);
    return (await t.double.waitFor(() => t.double.responses.find((r) => r.id === id))).body;
  }

  async function questions(): Promise<Array<Record<string, unknown>>> {
    await t.double.waitFor(() => t.app.deps.faqQuestions.pending() === 0);
    return t.sql.all<Record<string, unknown>>('SELECT * FROM faq_questions ORDER BY id');
  }

  describe('"Did you mean…?"', () => {
    it('says it is not sure in one line, offers up to three candidates, and the choice opens in place and is stored', async () => {
      const reply = await t.commandReply(`faq ${PLAUSIBLE_QUESTION}`);
      expect(reply.response_type).toBe('ephemeral');
      expect(allText(reply)).toContain("I'm not sure I have this one. Did you mean…?");
      expect(String(reply.text)).not.toContain("I don't have guidance");
      const candidates = buttonsOf(reply).filter((b) => b.action_id.startsWith('faq_choose_'));
      expect(candidates.length).toBeGreaterThanOrEqual(1);
      expect(candidates.length).toBeLessThanOrEqual(3);
      // No vote on a guess; the candidates carry the question's id, never its text.
      expect(buttonsOf(reply).some((b) => b.action_id.startsWith('faq_vote'))).toBe(false);
      for (const c of candidates) expect(c.value).not.toContain('stakeholders');

      const last = candidates[candidates.length - 1]!;
      const chosenId = (JSON.parse(last.value) as { e: string }).e;
      const opened = await press(last.action_id, last.value);
      expect(opened).toMatchObject({ response_type: 'ephemeral', replace_original: true });
      const chosen = await t.app.deps.repos.faq.entry(chosenId);
      // Each candidate is listed in full, even when a button label would cut it.
      expect(allText(reply)).toContain(`• ${chosen!.title}`);
      expect(allText(opened)).toContain(`*${chosen!.title}*`);
      expect(allText(opened)).toContain(`You asked: _${PLAUSIBLE_QUESTION}_`);
      expect(buttonsOf(opened).map((b) => b.action_id)).toEqual(expect.arrayContaining(['faq_vote_helpful', 'faq_vote_not_helpful', 'faq_share']));

      const [stored] = await questions();
      expect(stored).toMatchObject({ question: PLAUSIBLE_QUESTION, matched: 0, plausible: 1, chosen_entry_id: chosenId });
      expect(await t.sql.all('SELECT entry_id, user_id, signal FROM faq_learning ORDER BY term_key, entry_id, user_id')).toEqual([{ entry_id: chosenId, user_id: 'U_MANAGER1', signal: 1 }]);
    });

    it('refuses a choice on someone else\'s question and stores nothing', async () => {
      const reply = await t.commandReply(`faq ${PLAUSIBLE_QUESTION}`);
      const candidate = buttonsOf(reply).find((b) => b.action_id === 'faq_choose_1')!;
      await questions();
      const foreign = await press(candidate.action_id, candidate.value, 'U_OTHER');
      expect(String(foreign.text)).toMatch(/out of date/);
      expect((await questions())[0]).toMatchObject({ chosen_entry_id: null });
      expect(await t.sql.get('SELECT COUNT(*) AS n FROM faq_learning')).toEqual({ n: 0 });
    });

    it('still says "no guidance" for questions nothing resembles', async () => {
      for (const q of ['give me a recipe for banana bread', 'which laptop to order for a new engineer', 'kubernetes upgrade planning']) {
        const reply = await t.commandReply(`faq ${q}`);
        expect(String(reply.text)).toContain("I don't have guidance on that yet");
        expect(buttonsOf(reply).some((b) => b.action_id.startsWith('faq_choose'))).toBe(false);
      }
    });

    it('gives the topics, not three unrelated entries, to off-topic questions that share a word or two with an entry', async () => {
      // Both share a word with entries (team and lunch with the remote-teams entry, world with cross-cultural
      // teams) and were offered "Did you mean…?" before the sentence-similarity floor for offers.
      const offTopic = ['ideas for a fun team lunch spot', 'who won the world cup in 2018'];
      for (const q of offTopic) {
        const reply = await t.commandReply(`faq ${q}`);
        expect(String(reply.text)).toContain("I don't have guidance on that yet");
        expect(allText(reply)).not.toContain('Did you mean');
        expect(buttonsOf(reply).some((b) => b.action_id.startsWith('faq_choose'))).toBe(false);
      }
      // Stored as declined with the closest entry, so `lead-coach faq-gaps` still shows where they came closest.
      const stored = await questions();
      expect(stored.map((r) => [r.question, r.matched, r.plausible])).toEqual(offTopic.map((q) => [q, 0, 0]));
      for (const r of stored) expect(r.closest_entry_id).toEqual(expect.any(String));
    });
  });

  describe('/lead <question> without "faq"', () => {
    it('answers questions as FAQ questions and stores them as asked', async () => {
      const oneOnOnes = await t.commandReply('how do I run a good 1:1?');
      expect(allText(oneOnOnes)).toContain('*How do I run good 1:1 meetings with my reports?*');
      const burnout = await t.commandReply('what should i do when my team is burnt out');
      expect(allText(burnout)).toContain('*How do I prevent burnout on my team and in myself?*');
      const plain = await t.commandReply('my report keeps missing deadlines and I need to talk');
      expect(String(plain.text)).not.toMatch(/Unknown command/);
      expect((await questions()).map((q) => q.question)).toEqual([
        'how do I run a good 1:1?',
        'what should i do when my team is burnt out',
        'my report keeps missing deadlines and I need to talk',
      ]);
    });

    it('keeps "did you mean" for typos of subcommands, and short unknown words stay unknown', async () => {
      expect(String((await t.commandReply('wek')).text)).toContain('Did you mean `/lead week`?');
      expect(String((await t.commandReply('lgo coding 90m yesterday')).text)).toContain('Did you mean `/lead log`?');
      expect(String((await t.commandReply('xyzzy plugh')).text)).toMatch(/^Unknown command/);
      expect(await questions()).toEqual([]);
    });

    it('answers hostile text that reads like a question without an error', async () => {
      for (const q of ['how "unbalanced NEAR( * - ?', 'why <script>alert(1)</script> *bold* 🔥 <!channel>?', `how ${'x'.repeat(3990)}`, `${HOSTILE_QUESTIONS[30] ?? ''}?`]) {
        const reply = await t.commandReply(q);
        expect(reply.response_type).toBe('ephemeral');
        expect(String(reply.text)).not.toMatch(/something went wrong|Unknown command/i);
      }
      expect(t.logs.lines.some((l) => l.msg === 'listener failed')).toBe(false);
    });
  });

  describe('questions in the Messages tab (message.im)', () => {
    const dm = (fields: Record<string, unknown>) => ({
      type: 'message',
      channel: 'D_MANAGER1',
      channel_type: 'im',
      user: 'U_MANAGER1',
      text: 'how technical should I stay?',
      ts: '1763460000.000100',
      event_ts: '1763460000.000100',
      ...fields,
    });
    const posts = () => t.double.succeeded('chat.postMessage').map((c) => c.params);

    it('answers in the thread with the same buttons, and records the question', async () => {
      expect((await t.event(dm({}))).status).toBe(200);
      const [answer] = await t.double.waitFor(() => (posts().length ? posts() : undefined));
      expect(answer).toMatchObject({ channel: 'D_MANAGER1', thread_ts: '1763460000.000100' });
      const raw = answer!.blocks;
      const body = { blocks: (typeof raw === 'string' ? JSON.parse(raw) : raw) as Block[] };
      expect(allText(body)).toContain('*How technical should I stay as a manager?*');
      expect(buttonsOf(body).map((b) => b.action_id)).toEqual(expect.arrayContaining(['faq_vote_helpful', 'faq_vote_not_helpful', 'faq_share']));
      expect(await questions()).toEqual([expect.objectContaining({ user_id: 'U_MANAGER1', question: 'how technical should I stay?', matched: 1 })]);

      // A follow-up inside the thread is answered in the same thread.
      await t.event(dm({ text: PLAUSIBLE_QUESTION, ts: '1763460001.000200', thread_ts: '1763460000.000100' }));
      const followUp = await t.double.waitFor(() => posts()[1]);
      expect(followUp).toMatchObject({ thread_ts: '1763460000.000100' });
      expect(String(followUp.text)).toContain('Did you mean');
    });

    it('answers a DM with no question in it ("thanks! :pray:") with what can be asked, and notes no gap', async () => {
      await t.event(dm({ text: 'thanks! :pray:' }));
      const [reply] = await t.double.waitFor(() => (posts().length ? posts() : undefined));
      expect(reply).toMatchObject({ channel: 'D_MANAGER1', thread_ts: '1763460000.000100' });
      expect(String(reply!.text)).toMatch(/^Ask a question \(/);
      expect(String(reply!.text)).not.toContain("I don't have guidance");
      // A padded question is still a question: answered and stored as asked.
      const padded = 'hey :wave: quick question - how technical should I stay? thanks in advance!';
      await t.event(dm({ text: padded, ts: '1763460002.000300' }));
      const answer = await t.double.waitFor(() => posts()[1]);
      expect(String(answer.text)).toContain('How technical should I stay as a manager?');
      expect((await questions()).map((q) => q.question)).toEqual([padded]);
    });

    it('ignores its own messages, other bots, edits, deletions, joins and channel messages', async () => {
      await t.event(dm({ user: 'UBOT0001' }));
      await t.event(dm({ bot_id: 'B0001', user: undefined }));
      await t.event(dm({ bot_id: 'B0999', user: 'U_MANAGER1' }));
      await t.event(dm({ subtype: 'message_changed', user: undefined, message: { text: 'how technical should I stay?' } }));
      await t.event(dm({ subtype: 'message_deleted', user: undefined }));
      await t.event(dm({ subtype: 'channel_join' }));
      await t.event(dm({ channel: 'C_GENERAL', channel_type: 'channel' }));
      await t.event(dm({ channel: 'G_PRIVATE', channel_type: 'group' }));
      // A marker DM afterwards: once it is answered, every event before it has been handled.
      await t.event(dm({ text: 'how do I run a good 1:1?' }));
      await t.double.waitFor(() => (posts().length ? posts() : undefined));
      await new Promise((r) => setTimeout(r, 100));
      expect(posts()).toHaveLength(1);
      expect((await questions()).map((q) => q.question)).toEqual(['how do I run a good 1:1?']);
    });

    it('gives a short answer, no stack trace, to a 40,000-character DM and to a file', async () => {
      await t.event(dm({ text: 'why '.repeat(10_000) }));
      const long = await t.double.waitFor(() => posts()[0]);
      expect(String(long.text)).toMatch(/^:straight_ruler: I can read questions up to 4,000 characters/);
      await t.event(dm({ subtype: 'file_share', text: '', files: [{ id: 'F1', name: 'notes.pdf' }] }));
      const file = await t.double.waitFor(() => posts()[1]);
      expect(String(file.text)).toContain("I can't read files — ask in words");
      expect(file).toMatchObject({ thread_ts: '1763460000.000100' });
      expect(await questions()).toEqual([]);
      expect(t.logs.lines.some((l) => l.level === 50)).toBe(false);
    });

    it('answers a retried event once', async () => {
      const body = JSON.stringify({
        token: 'legacy-verification-token',
        team_id: t.double.teamId,
        api_app_id: 'A_LEADCOACH',
        type: 'event_callback',
        event_id: 'EvRETRIED01',
        event_time: 1763460000,
        event: dm({}),
      });
      expect((await t.postSigned(body, 'application/json')).status).toBe(200);
      await t.double.waitFor(() => (posts().length ? posts() : undefined));
      const retry = { ...signedHeaders(SIGNING_SECRET, body, 'application/json'), 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' };
      expect((await t.postSigned(body, 'application/json', retry)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 150));
      expect(posts()).toHaveLength(1);
    });
  });
});
