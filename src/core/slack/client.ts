import type { WebClientOptions } from '@slack/web-api';

import type { Config } from '../config';
import { toSlackLogger, type Logger } from '../logger';

/** How long one Web API request may take before it fails (and is retried per retryConfig). */
export const SLACK_REQUEST_TIMEOUT_MS = 10_000;

/** Web API settings every client shares: our base URL (SLACK_API_URL), our JSON logger, bounded retries and timeouts. */
export function webClientOptions(config: Pick<Config, 'slackApiUrl'>, logger: Logger, name = 'web-api'): WebClientOptions {
  return {
    slackApiUrl: config.slackApiUrl,
    logger: toSlackLogger(logger, name),
    retryConfig: { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 2000 },
    timeout: SLACK_REQUEST_TIMEOUT_MS,
  };
}
