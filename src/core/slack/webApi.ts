import type * as WebApi from '@slack/web-api';

let loaded: typeof WebApi | undefined;

/**
 * `@slack/web-api` (the Web API client and its error codes), loaded the first time something talks
 * to Slack or reads a Slack failure. Loading it is ~100 M instructions (~40 ms on a 2-core VM), a
 * sixth of a one-shot `lead-coach run-job` that finds nothing due and so never calls Slack. Bolt
 * loads it anyway, so the bot is not affected. Modules import its types with `import type` and its
 * values through here.
 */
export function webApi(): typeof WebApi {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
  loaded ??= require('@slack/web-api') as typeof WebApi;
  return loaded;
}
