import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { WebClient } from '@slack/web-api';

import { classifySlackError, createDeliveryClient } from '../../src/core/delivery/delivery';
import { createLogger } from '../../src/core/logger';
import { fetchWithTimeout, webClientOptions } from '../../src/core/slack/client';

const TIMEOUT_MS = 300;
/** Far beyond the limit and its retries: a call still unanswered by then would wait for the server to give up (minutes). */
const HANGING_AFTER_MS = 6000;

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/**
 * Node 20 loses an AbortSignal.timeout held only through AbortSignal.any once the garbage
 * collector runs (nodejs/node#57736): a Slack call to a server that never answers then waits
 * minutes instead of SLACK_TIMEOUT_MS. Here the collector runs every 20 ms while the calls wait.
 */
describe('a Slack call gives up at SLACK_TIMEOUT_MS even while the garbage collector runs', () => {
  let server: Server;
  let apiUrl: string;
  let collecting: NodeJS.Timeout;
  beforeAll(async () => {
    server = createServer(() => { /* never answers */ });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
    collecting = setInterval(collectGarbage, 20);
  });
  afterAll(async () => {
    clearInterval(collecting);
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  /** How a call ended, described by `describeError`; 'still waiting' when it had not ended after HANGING_AFTER_MS. */
  function outcome(call: () => Promise<unknown>, describeError: (err: unknown) => string = slackOutcome): Promise<string> {
    return Promise.race([
      call().then(() => 'answered', describeError),
      new Promise<string>((resolve) => setTimeout(() => resolve('still waiting'), HANGING_AFTER_MS).unref()),
    ]);
  }

  function slackOutcome(err: unknown): string {
    const sorted = classifySlackError(err);
    return `${sorted.kind}: ${'reason' in sorted ? sorted.reason : ''}`;
  }

  function errorName(err: unknown): string {
    return typeof err === 'object' && err !== null && 'name' in err ? String(err.name) : 'thrown';
  }

  it('scheduled delivery: every one of five hung chat.postMessage calls ends as a retryable timeout', async () => {
    const client = createDeliveryClient({ slackBotToken: 'xoxb-test', slackApiUrl: apiUrl, slackTimeoutMs: TIMEOUT_MS }, createLogger('silent'));
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map(() => outcome(() => client.chat.postMessage({ channel: 'U000001', text: 'hello' }))),
    );
    for (const result of results) expect(result).toMatch(/^retryable: network_error: .*timeout/);
  });

  it('the app’s own client (with its retries) gives up too', async () => {
    const client = new WebClient('xoxb-test', webClientOptions({ slackApiUrl: apiUrl, slackTimeoutMs: TIMEOUT_MS }, createLogger('silent')));
    const result = await outcome(() => client.users.info({ user: 'U000001' }));
    expect(result).toMatch(/^retryable: network_error: .*timeout/);
  });

  it('the shared fetch gives up at its own limit when the caller’s signal is a later, unreferenced timeout', async () => {
    // What Bolt's respond() and the Web API client pass: a signal of their own; ours must still fire.
    const fetchLimited = fetchWithTimeout(TIMEOUT_MS);
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map(() =>
        outcome(() => fetchLimited(apiUrl, { method: 'POST', body: 'x', signal: AbortSignal.timeout(60_000) }), errorName),
      ),
    );
    expect(results).toEqual(['TimeoutError', 'TimeoutError', 'TimeoutError', 'TimeoutError', 'TimeoutError']);
  });
});
