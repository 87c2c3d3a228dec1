import type { WebClientOptions } from '@slack/web-api';

import type { Config } from '../config';
import { toSlackLogger, type Logger } from '../logger';

/** Web API settings every client shares: our base URL (SLACK_API_URL), our JSON logger, bounded retries. */
export function webClientOptions(config: Pick<Config, 'slackApiUrl'>, logger: Logger, name = 'web-api'): WebClientOptions {
  return {
    slackApiUrl: config.slackApiUrl,
    logger: toSlackLogger(logger, name),
    retryConfig: { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 2000 },
  };
}
