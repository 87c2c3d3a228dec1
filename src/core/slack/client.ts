import type { FetchFunction, WebClientOptions } from '@slack/web-api';

import type { Config } from '../config';
import { toSlackLogger, type Logger } from '../logger';

/** The Web API client's own bounded retry of a failed or timed-out request (so at most three tries). */
const WEB_API_RETRIES = { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 2000 } as const;

/**
 * Web API settings every client shares: our base URL (SLACK_API_URL), our JSON logger, bounded
 * retries, and SLACK_TIMEOUT_MS on every request. The same `fetch` is what Bolt's `respond()` posts
 * to response_url with, so those posts cannot hang either.
 */
export function webClientOptions(
  config: Pick<Config, 'slackApiUrl' | 'slackTimeoutMs'>,
  logger: Logger,
  name = 'web-api',
): WebClientOptions {
  return {
    slackApiUrl: config.slackApiUrl,
    logger: toSlackLogger(logger, name),
    retryConfig: WEB_API_RETRIES,
    timeout: config.slackTimeoutMs,
    fetch: fetchWithTimeout(config.slackTimeoutMs),
  };
}

/** globalThis.fetch that gives up after `timeoutMs` (on top of any signal the caller passes). */
export function fetchWithTimeout(timeoutMs: number): FetchFunction {
  return (url, init = {}) => fetch(url, { ...init, signal: deadlineSignal(timeoutMs, init.signal) });
}

/**
 * A signal that aborts with a `TimeoutError` after `timeoutMs`, or with `parent`'s reason when it
 * aborts first. Not `AbortSignal.any([..., AbortSignal.timeout()])`: Node 20 holds the timeout
 * signals of `any` only weakly, so after a garbage collection the timeout is lost and a hung
 * request waits until the server gives up (nodejs/node#57736). bench/faults.ts saw DMs to hung
 * Slack calls take 300 s under a 5 s limit, stalling the whole tick. Here the timer holds the
 * controller until it fires.
 */
export function deadlineSignal(timeoutMs: number, parent?: AbortSignal | null): AbortSignal {
  const controller = new AbortController();
  const timer = setTimeout(() => {
    controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
  }, timeoutMs);
  timer.unref();
  if (parent?.aborted) controller.abort(parent.reason);
  else parent?.addEventListener('abort', () => controller.abort(parent.reason), { once: true });
  return controller.signal;
}

/** Tries of a response_url post: a reset connection or a 5xx gets one more try. */
const RESPONSE_URL_ATTEMPTS = 2;

/**
 * POSTs a message to a response_url with a timeout and a bounded retry (used where Bolt's
 * `respond()` is not at hand, like the error handler). Throws when the last try failed.
 */
export async function postToResponseUrl(url: string, message: Record<string, unknown>, timeoutMs: number): Promise<void> {
  const post = fetchWithTimeout(timeoutMs);
  let lastProblem: unknown;
  for (let attempt = 1; attempt <= RESPONSE_URL_ATTEMPTS; attempt++) {
    try {
      const res = await post(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(message) });
      if (res.ok) return;
      lastProblem = new Error(`response_url answered HTTP ${res.status}`);
      if (res.status < 500) break;
    } catch (err) {
      lastProblem = err;
    }
  }
  throw lastProblem instanceof Error ? lastProblem : new Error('response_url post failed');
}
