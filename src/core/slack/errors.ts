import { webApi } from './webApi';
import { z } from '../zod';

/**
 * The one vocabulary for failures that involve Slack, in the bolt-js style: errors carry a `code`.
 * (Bad input is not thrown: commands answer it with invalidInputMessage and return.)
 * Thrown values are read with zod, never cast, because anything can be thrown.
 */

/** A Slack call (or a step of one, like an upload) failed; `code` is Slack's error code or the step's own. */
export class SlackApiError extends Error {
  constructor(
    readonly code: string,
    message = `Slack call failed: ${code}`,
  ) {
    super(message);
    this.name = 'SlackApiError';
  }
}

function webApiFailureSchema() {
  return z.object({
    code: z.enum(webApi().ErrorCode),
    data: z.object({ error: z.string().optional() }).optional(),
    retryAfter: z.number().optional(),
    statusCode: z.number().optional(),
    original: z.object({ message: z.string() }).optional(),
    message: z.string().optional(),
  });
}
// Built on the first failure read, with the client's error codes (see ./webApi.ts).
let webApiFailureShape: ReturnType<typeof webApiFailureSchema> | undefined;

/** A failure thrown by @slack/web-api (platform, HTTP, request, rate limit), read field by field. */
export type WebApiFailure = z.infer<ReturnType<typeof webApiFailureSchema>>;

export function webApiFailure(err: unknown): WebApiFailure | undefined {
  webApiFailureShape ??= webApiFailureSchema();
  const parsed = webApiFailureShape.safeParse(err);
  return parsed.success ? parsed.data : undefined;
}

/**
 * Slack's error code for a failed call (`channel_not_found`, `not_in_channel`...): the `error` of
 * an `ok:false` answer, or the code of a SlackApiError. Undefined for anything else.
 */
export function slackErrorCode(err: unknown): string | undefined {
  if (err instanceof SlackApiError) return err.code;
  const failure = webApiFailure(err);
  return failure?.code === webApi().ErrorCode.PlatformError ? failure.data?.error : undefined;
}

const wrappedShape = z.object({ original: z.unknown() });

/** Bolt hands `app.error` its own wrapper around what a listener threw; this is what was thrown. */
export function listenerCause(err: unknown): unknown {
  if (webApiFailure(err)) return err;
  const wrapped = wrappedShape.safeParse(err);
  return wrapped.success && wrapped.data.original !== undefined ? wrapped.data.original : err;
}
