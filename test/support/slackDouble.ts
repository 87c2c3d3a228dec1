import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { validateMessage, validateView } from './blockKit';

/** The workspace a double answers for unless a test sets another (`double.teamId`). */
export const TEST_TEAM_ID = 'T0001';

/**
 * A stand-in for Slack's Web API on 127.0.0.1. It answers like Slack does
 * (`{ok:true,...}`, `{ok:false,error}`, HTTP 429 with Retry-After), records every
 * call, and can be scripted per test. It also records what the app posts to
 * `response_url`s (`/response/<id>`) and to file upload URLs (`/upload/<id>`).
 * Like Slack, it refuses messages and views that break a Block Kit rule (`invalid_blocks`);
 * each refusal is also kept in `violations` so a harness can fail the test that caused it.
 */

/** Methods whose `blocks` (messages) or `view` Slack validates before accepting them. */
const MESSAGE_METHODS = new Set(['chat.postMessage', 'chat.postEphemeral', 'chat.update', 'chat.scheduleMessage']);
const VIEW_METHODS = new Set(['views.open', 'views.update', 'views.publish', 'views.push']);

export interface BlockKitViolation {
  /** The Web API method, or `response_url`. */
  where: string;
  problems: string[];
}

export interface RecordedCall {
  method: string;
  params: Record<string, unknown>;
  token: string | undefined;
  at: number;
  /** HTTP status the double answered with. */
  status: number;
  /** `error` of an `ok:false` answer. */
  error?: string;
}

export interface RecordedResponse {
  id: string;
  body: Record<string, unknown>;
  at: number;
}

export interface RecordedUpload {
  id: string;
  bytes: Buffer;
  contentType: string | undefined;
}

/** What a scripted handler returns: a JSON body (HTTP 200), or a raw HTTP answer. */
export type ScriptedAnswer =
  | Record<string, unknown>
  | { status: number; headers?: Record<string, string>; body?: unknown };

/** A handler that returns undefined leaves the call to the double's default answer. */
export type Handler = (params: Record<string, unknown>, call: RecordedCall) => ScriptedAnswer | undefined | Promise<ScriptedAnswer | undefined>;

export interface SlackUser {
  id: string;
  tz?: string;
  is_admin?: boolean;
  is_owner?: boolean;
  deleted?: boolean;
  is_bot?: boolean;
  name?: string;
  /** Slack status, for users.profile.get. */
  status_text?: string;
  status_emoji?: string;
  status_expiration?: number;
  /** Notifications paused until this Unix time, for dnd.info. */
  snooze_endtime?: number;
}

export interface RateLimit {
  /** Calls of `method` allowed per window; beyond that the double answers 429. */
  perSecond: number;
  method: string;
  retryAfterSeconds?: number;
}

/**
 * A transport fault for a method (or `upload`, `response_url`): `hang` never answers (until reset()
 * or stop()), `delay` answers normally after `ms`, `reset` drops the connection without an answer.
 */
export type Fault = { kind: 'hang' } | { kind: 'delay'; ms: number } | { kind: 'reset' };

export interface FaultOptions {
  /** Only calls whose params match are hit (all calls when absent). */
  when?: (params: Record<string, unknown>) => boolean;
  /** How many matching calls are hit before the fault clears itself (unlimited when absent). */
  times?: number;
}

export class SlackDouble {
  readonly calls: RecordedCall[] = [];
  readonly responses: RecordedResponse[] = [];
  readonly uploads: RecordedUpload[] = [];
  /** Every message or view the double refused for breaking a Block Kit rule. */
  readonly violations: BlockKitViolation[] = [];
  readonly users = new Map<string, SlackUser>();
  readonly channelMembers = new Map<string, string[]>();
  /** Answer for `apps.connections.open` (Socket Mode tests set it to their ws:// URL). */
  socketUrl = 'ws://127.0.0.1:9/unused';
  botUserId = 'UBOT0001';
  teamId = TEST_TEAM_ID;
  /** Set for an Enterprise Grid org; with `enterpriseInstall` the token is an org-wide install's. */
  enterpriseId: string | undefined;
  enterpriseInstall = false;

  private server: http.Server | undefined;
  private readonly scripted = new Map<string, Handler[]>();
  private readonly persistent = new Map<string, Handler>();
  private rateLimit: RateLimit | undefined;
  private rateWindow = { start: 0, count: 0 };
  private readonly faults = new Map<string, Array<{ fault: Fault; options: FaultOptions; hits: number }>>();
  private readonly held = new Set<http.ServerResponse>();
  private waiters: Array<() => void> = [];
  /** Messages chat.postMessage delivered, by conversation (a DM by its D… id), oldest first: what conversations.history reads. */
  private readonly posted = new Map<string, Array<{ ts: string; text: unknown; metadata?: unknown }>>();
  private tsCounter = 0;
  private fileCounter = 0;

  url = '';

  /** Base URL for WebClient's `slackApiUrl`. */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      void this.handle(req, res);
    });
    this.server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.releaseHeld();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** A response_url that the double records posts to. */
  responseUrl(id = `r${this.responses.length}-${Date.now()}`): string {
    return `${this.url}/response/${id}`;
  }

  /** The next call(s) of `method` get these answers, in order; then the defaults resume. */
  script(method: string, ...answers: Array<ScriptedAnswer | Handler>): void {
    const queue = this.scripted.get(method) ?? [];
    for (const a of answers) queue.push(typeof a === 'function' ? a : () => a);
    this.scripted.set(method, queue);
  }

  /** Every call of `method` gets this answer until `reset()`. */
  always(method: string, answer: ScriptedAnswer | Handler): void {
    this.persistent.set(method, typeof answer === 'function' ? answer : () => answer);
  }

  /** Makes calls of `method` (`upload` and `response_url` for those URLs) hang, answer late or lose their connection. */
  fault(method: string, fault: Fault, options: FaultOptions = {}): void {
    const list = this.faults.get(method) ?? [];
    list.push({ fault, options, hits: 0 });
    this.faults.set(method, list);
  }

  /** Drops the connection of every call that is hanging (the client sees a reset). */
  releaseHeld(): void {
    for (const res of this.held) res.destroy();
    this.held.clear();
  }

  limitRate(limit: RateLimit | undefined): void {
    this.rateLimit = limit;
    this.rateWindow = { start: 0, count: 0 };
  }

  addUser(user: SlackUser): void {
    this.users.set(user.id, user);
  }

  reset(): void {
    this.calls.length = 0;
    this.responses.length = 0;
    this.uploads.length = 0;
    this.violations.length = 0;
    this.scripted.clear();
    this.persistent.clear();
    this.rateLimit = undefined;
    this.faults.clear();
    this.posted.clear();
    this.releaseHeld();
  }

  /** Every call of `method`, failed ones included. */
  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Calls of `method` that Slack would have carried out (HTTP 200 and ok:true). */
  succeeded(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && c.status === 200 && c.error === undefined);
  }

  /** Resolves once `predicate` holds, re-checked on every recorded call or response. */
  async waitFor<T>(predicate: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = predicate();
      if (value) return value;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error('SlackDouble.waitFor timed out');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(remaining, 200));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits for the next response_url post (after `after` responses already seen). */
  async nextResponse(after = this.responses.length, timeoutMs = 5000): Promise<RecordedResponse> {
    return this.waitFor(() => this.responses[after], timeoutMs);
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (await this.applyFault(url.pathname, raw, req, res)) return;
    try {
      if (url.pathname.startsWith('/response/')) {
        const body = raw.length ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : {};
        const problems = body.delete_original === true ? [] : validateMessage(body);
        if (problems.length) {
          this.violations.push({ where: 'response_url', problems });
          this.notify();
          return send(res, 400, 'invalid_blocks', 'text/plain');
        }
        this.responses.push({ id: url.pathname.slice('/response/'.length), body, at: Date.now() });
        this.notify();
        return send(res, 200, 'ok', 'text/plain');
      }
      if (url.pathname.startsWith('/upload/')) {
        this.uploads.push({
          id: url.pathname.slice('/upload/'.length),
          bytes: raw,
          contentType: req.headers['content-type'],
        });
        this.notify();
        return send(res, 200, 'OK - ' + raw.length, 'text/plain');
      }
      if (!url.pathname.startsWith('/api/')) return send(res, 404, { ok: false, error: 'unknown_path' });
      const method = url.pathname.slice('/api/'.length);
      const params = parseParams(raw, req.headers['content-type']);
      const auth = req.headers.authorization;
      const token = auth?.startsWith('Bearer ') ? auth.slice('Bearer '.length) : (params.token as string | undefined);
      const call: RecordedCall = { method, params, token, at: Date.now(), status: 200 };

      if (this.rateLimit && this.rateLimit.method === method) {
        const now = Date.now();
        if (now - this.rateWindow.start >= 1000) this.rateWindow = { start: now, count: 0 };
        if (this.rateWindow.count >= this.rateLimit.perSecond) {
          const retryAfter = this.rateLimit.retryAfterSeconds ?? 1;
          this.record({ ...call, status: 429, error: 'ratelimited' });
          return send(res, 429, { ok: false, error: 'ratelimited' }, 'application/json', {
            'Retry-After': String(retryAfter),
          });
        }
        this.rateWindow.count++;
      }

      const problems = blockKitProblems(method, params);
      if (problems.length) {
        this.violations.push({ where: method, problems });
        this.record({ ...call, error: 'invalid_blocks' });
        return send(res, 200, { ok: false, error: 'invalid_blocks', errors: problems });
      }

      const metadataError = metadataProblem(method, params);
      if (metadataError) {
        this.record({ ...call, error: metadataError });
        return send(res, 200, { ok: false, error: metadataError });
      }

      const queued = this.scripted.get(method);
      const handler = queued?.shift() ?? this.persistent.get(method);
      const answer = (handler ? await handler(params, call) : undefined) ?? this.defaultAnswer(method, params);
      if (isRaw(answer)) {
        this.record({ ...call, status: answer.status });
        return send(res, answer.status, answer.body ?? '', 'application/json', answer.headers);
      }
      if (method === 'chat.postMessage' && answer.ok === true) this.keepPosted(params, answer);
      this.record(answer.ok === true ? call : { ...call, error: String(answer.error) });
      return send(res, 200, answer);
    } catch (err) {
      return send(res, 500, { ok: false, error: 'double_failure', detail: String(err) });
    }
  }

  /** True when a fault took the call (hung or reset); after a delay the call goes on normally. */
  private async applyFault(pathname: string, raw: Buffer, req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean> {
    const method = pathname.startsWith('/api/')
      ? pathname.slice('/api/'.length)
      : pathname.startsWith('/upload/')
        ? 'upload'
        : pathname.startsWith('/response/')
          ? 'response_url'
          : '';
    const list = this.faults.get(method);
    if (!list?.length) return false;
    const params = method === 'upload' ? {} : parseParams(raw, req.headers['content-type']);
    const entry = list.find((f) => (f.options.times === undefined || f.hits < f.options.times) && (!f.options.when || f.options.when(params)));
    if (!entry) return false;
    entry.hits++;
    const call: RecordedCall = { method, params, token: undefined, at: Date.now(), status: 0 };
    const { fault } = entry;
    switch (fault.kind) {
      case 'delay':
        await new Promise((resolve) => setTimeout(resolve, fault.ms).unref());
        return false;
      case 'hang':
        this.held.add(res);
        res.on('close', () => this.held.delete(res));
        this.record({ ...call, error: 'hung' });
        return true;
      case 'reset':
        this.record({ ...call, error: 'connection_reset' });
        req.socket.destroy();
        return true;
    }
  }

  /** A user id as channel means the DM with them, which conversations.open names D<user id>. */
  private static conversationOf(channel: unknown): string {
    const id = String(channel);
    return /^[UW]/.test(id) ? `D${id}` : id;
  }

  private keepPosted(params: Record<string, unknown>, answer: Record<string, unknown>): void {
    const conversation = SlackDouble.conversationOf(params.channel);
    const list = this.posted.get(conversation) ?? [];
    list.push({ ts: typeof answer.ts === 'string' ? answer.ts : this.nextTs(), text: params.text, ...(params.metadata ? { metadata: params.metadata } : {}) });
    this.posted.set(conversation, list);
  }

  /**
   * conversations.history as Slack answers it: newest first, after `oldest` (exclusive unless
   * `inclusive`), `limit` per page (default 100) with a cursor, metadata only with include_all_metadata.
   */
  private history(params: Record<string, unknown>): Record<string, unknown> {
    const conversation = String(params.channel);
    const list = this.posted.get(conversation);
    if (!list && !conversation.startsWith('D')) return { ok: false, error: 'channel_not_found' };
    const oldest = Number(params.oldest ?? 0);
    const inclusive = params.inclusive === true || params.inclusive === 'true';
    const withMetadata = params.include_all_metadata === true || params.include_all_metadata === 'true';
    const limit = Math.min(999, Math.max(1, Number(params.limit ?? 100)));
    const start = Number(params.cursor ?? 0) || 0;
    const newestFirst = (list ?? []).filter((m) => (inclusive ? Number(m.ts) >= oldest : Number(m.ts) > oldest)).reverse();
    const page = newestFirst.slice(start, start + limit);
    const more = start + limit < newestFirst.length;
    return {
      ok: true,
      messages: page.map((m) => ({ type: 'message', ts: m.ts, text: m.text, bot_id: 'B0001', ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}) })),
      has_more: more,
      response_metadata: { next_cursor: more ? String(start + limit) : '' },
    };
  }

  private record(call: RecordedCall): void {
    this.calls.push(call);
    this.notify();
  }

  private defaultAnswer(method: string, params: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://example.slack.com/',
          team: 'Example',
          user: 'lead-coach',
          team_id: this.teamId,
          user_id: this.botUserId,
          bot_id: 'B0001',
          ...(this.enterpriseId ? { enterprise_id: this.enterpriseId, is_enterprise_install: this.enterpriseInstall } : {}),
        };
      case 'apps.connections.open':
        return { ok: true, url: this.socketUrl };
      case 'users.info': {
        const user = this.users.get(String(params.user));
        if (!user) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: {
            id: user.id,
            team_id: this.teamId,
            name: user.name ?? user.id.toLowerCase(),
            deleted: user.deleted ?? false,
            is_bot: user.is_bot ?? false,
            tz: user.tz ?? 'America/Los_Angeles',
            is_admin: user.is_admin ?? false,
            is_owner: user.is_owner ?? false,
          },
        };
      }
      case 'users.profile.get': {
        const user = this.users.get(String(params.user));
        if (!user) return { ok: false, error: 'user_not_found' };
        return { ok: true, profile: { status_text: user.status_text ?? '', status_emoji: user.status_emoji ?? '', status_expiration: user.status_expiration ?? 0 } };
      }
      case 'dnd.info': {
        const user = this.users.get(String(params.user));
        if (!user) return { ok: false, error: 'user_not_found' };
        const snoozed = user.snooze_endtime !== undefined;
        return { ok: true, dnd_enabled: false, next_dnd_start_ts: 1, next_dnd_end_ts: 1, snooze_enabled: snoozed, ...(snoozed ? { snooze_endtime: user.snooze_endtime } : {}) };
      }
      case 'conversations.members': {
        const members = this.channelMembers.get(String(params.channel));
        if (!members) return { ok: false, error: 'channel_not_found' };
        return { ok: true, members, response_metadata: { next_cursor: '' } };
      }
      case 'conversations.open':
        return { ok: true, channel: { id: `D${typeof params.users === 'string' ? params.users : 'X'}` } };
      case 'chat.postMessage':
        return { ok: true, channel: params.channel, ts: this.nextTs(), message: { text: params.text } };
      case 'conversations.history':
        return this.history(params);
      case 'chat.update':
        return { ok: true, channel: params.channel, ts: params.ts, text: params.text };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: this.nextTs() };
      case 'views.open':
      case 'views.push':
      case 'views.update':
      case 'views.publish':
        return { ok: true, view: { id: `V${this.calls.length}`, hash: 'h' } };
      case 'files.getUploadURLExternal': {
        const id = `F${++this.fileCounter}`;
        return { ok: true, upload_url: `${this.url}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        const files = parseMaybeJson(params.files) as Array<{ id: string; title?: string }> | undefined;
        return { ok: true, files: (files ?? []).map((f) => ({ id: f.id, title: f.title })) };
      }
      default:
        return { ok: true };
    }
  }

  private nextTs(): string {
    this.tsCounter++;
    return `${Math.floor(Date.now() / 1000)}.${String(this.tsCounter).padStart(6, '0')}`;
  }
}

function blockKitProblems(method: string, params: Record<string, unknown>): string[] {
  if (MESSAGE_METHODS.has(method)) return validateMessage({ text: params.text, blocks: params.blocks });
  if (VIEW_METHODS.has(method)) return validateView(params.view);
  return [];
}

/**
 * Message metadata as Slack checks it on chat.postMessage and chat.update: an object with a
 * non-empty `event_type` and an object `event_payload`; anything else is `invalid_metadata_format`.
 */
function metadataProblem(method: string, params: Record<string, unknown>): string | undefined {
  if ((method !== 'chat.postMessage' && method !== 'chat.update') || params.metadata === undefined) return undefined;
  const m = params.metadata;
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return 'invalid_metadata_format';
  const { event_type: type, event_payload: payload } = m as Record<string, unknown>;
  if (typeof type !== 'string' || type.length === 0) return 'invalid_metadata_format';
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return 'invalid_metadata_format';
  return undefined;
}

function isRaw(a: ScriptedAnswer): a is { status: number; headers?: Record<string, string>; body?: unknown } {
  return typeof (a as { status?: unknown }).status === 'number' && (a as { ok?: unknown }).ok === undefined;
}

function parseMaybeJson(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

function parseParams(raw: Buffer, contentType: string | undefined): Record<string, unknown> {
  const text = raw.toString('utf8');
  if (!text) return {};
  if (contentType?.includes('application/json')) return JSON.parse(text) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(text)) {
    // The Web API client form-encodes objects as JSON strings; decode them for assertions.
    out[k] = k === 'blocks' || k === 'view' || k === 'attachments' || k === 'files' || k === 'metadata' ? parseMaybeJson(v) : v;
  }
  return out;
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  contentType = 'application/json',
  headers: Record<string, string> = {},
): void {
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': contentType, ...headers });
  res.end(payload);
}

export async function startSlackDouble(): Promise<SlackDouble> {
  return new SlackDouble().start();
}
