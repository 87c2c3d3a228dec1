import type { Db } from '../../src/core/db/connection';
import type { SqlDatabase } from '../../src/core/db/sql';
import type { TestApp } from '../support/harness';

export interface EntryRow {
  id: number;
  user_id: string;
  category: string;
  minutes: number;
  local_date: string;
  time_zone: string;
  note: string | null;
  source: string;
  created_at: string;
  request_key: string | null;
}

/** SQLite only: kept for other areas' tests that still read the connection (use storedEntries). */
export function entriesOf(db: Db, userId: string): EntryRow[] {
  return db.prepare('SELECT * FROM time_entries WHERE user_id = ? ORDER BY id').all(userId) as EntryRow[];
}

export function allEntries(db: Db): EntryRow[] {
  return db.prepare('SELECT * FROM time_entries ORDER BY id').all() as EntryRow[];
}

/** The manager's stored entries in the order logged, read through t.sql so a test runs on either engine. */
export function storedEntries(db: SqlDatabase, userId: string): Promise<EntryRow[]> {
  return db.all<EntryRow>('SELECT * FROM time_entries WHERE user_id = ? ORDER BY id', [userId]);
}

/** Every stored entry in the order logged, on either engine. */
export function allStoredEntries(db: SqlDatabase): Promise<EntryRow[]> {
  return db.all<EntryRow>('SELECT * FROM time_entries ORDER BY id');
}

/** Every text a Slack message or view shows: fallback text plus all block texts and fields. */
export function shownText(payload: Record<string, unknown>): string {
  const parts: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'text' && typeof value === 'string') parts.push(value);
        else visit(value);
      }
    }
  };
  visit(payload);
  return parts.join('\n');
}

export interface Block {
  type: string;
  block_id?: string;
  text?: { text: string };
  accessory?: { action_id?: string; type?: string };
  elements?: Array<{ action_id?: string; type?: string; text?: unknown; value?: string }>;
  element?: { action_id?: string; type?: string; initial_value?: string; options?: Array<{ value: string }>; initial_option?: { value: string } };
}

export function actionIds(blocks: Block[]): string[] {
  return blocks.flatMap((b) => [b.accessory?.action_id, ...(b.elements ?? []).map((e) => e.action_id)]).filter((x): x is string => Boolean(x));
}

/** Waits for the app's answer posted to a given response_url id. */
export async function replyTo(t: TestApp, responseId: string): Promise<Record<string, unknown>> {
  const r = await t.double.waitFor(() => t.double.responses.find((x) => x.id === responseId));
  return r.body;
}

/** Sends a command and waits for the reply; asserts it was ephemeral. */
export async function ask(t: TestApp, text: string, userId = 'U_MANAGER1'): Promise<{ text: string; shown: string; body: Record<string, unknown> }> {
  const body = await t.commandReply(text, { userId });
  if (body.response_type !== 'ephemeral') throw new Error(`reply to "${text}" was not ephemeral: ${JSON.stringify(body)}`);
  return { text: String(body.text), shown: shownText(body), body };
}

/** A view_submission payload for the time-log form as Slack would send it. */
export function submission(
  t: TestApp,
  opened: { private_metadata: string; blocks: Block[] },
  values: Partial<Record<string, string>>,
  userId = 'U_MANAGER1',
): Record<string, unknown> {
  const state: Record<string, Record<string, unknown>> = {};
  for (const block of opened.blocks) {
    if (block.type !== 'input' || !block.block_id) continue;
    if (block.element?.type === 'static_select') {
      state[block.block_id] = { [block.element.action_id ?? '']: { type: 'static_select', selected_option: block.element.initial_option } };
      continue;
    }
    const category = /^time_log_([a-z]+)_/.exec(block.block_id)?.[1] ?? '';
    state[block.block_id] = { minutes: { type: 'plain_text_input', value: values[category] ?? null } };
  }
  return viewSubmission(t, { callback_id: 'time_log_modal', ...opened }, state, userId);
}

/** A view_submission of any lead-coach view, with the given state values (block id → action id → value). */
export function viewSubmission(
  t: TestApp,
  view: { callback_id: string; private_metadata: string; blocks: Block[] },
  values: Record<string, Record<string, unknown>> = {},
  userId = 'U_MANAGER1',
): Record<string, unknown> {
  return {
    type: 'view_submission',
    team: { id: t.double.teamId, domain: 'example' },
    user: { id: userId, username: 'manager', team_id: t.double.teamId },
    api_app_id: 'A_LEADCOACH',
    token: 'legacy-verification-token',
    trigger_id: 'trigger-view',
    view: {
      id: 'V_FORM',
      team_id: t.double.teamId,
      type: 'modal',
      callback_id: view.callback_id,
      private_metadata: view.private_metadata,
      hash: 'h1',
      blocks: view.blocks,
      state: { values },
      title: { type: 'plain_text', text: 'Form' },
      app_id: 'A_LEADCOACH',
      bot_id: 'B0001',
    },
  };
}

export interface AnsweredView {
  callback_id: string;
  private_metadata: string;
  blocks: Block[];
}

/** Submits a view and returns the acknowledgement: `update` with the next view, or `errors`. */
export async function submitView(t: TestApp, payload: Record<string, unknown>): Promise<{ response_action: string; view?: AnsweredView; errors?: Record<string, string> }> {
  const res = await t.interact(payload);
  if (res.status !== 200) throw new Error(`view submission answered with HTTP ${res.status}`);
  return JSON.parse(res.body) as { response_action: string; view?: AnsweredView; errors?: Record<string, string> };
}
