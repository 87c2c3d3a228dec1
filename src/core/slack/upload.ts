import type { WebClient } from '@slack/web-api';
import { z } from '../zod';

import { deadlineSignal } from './client';
import { SlackApiError, slackErrorCode } from './errors';

/** How long the POST of the bytes to Slack's upload URL may take before the upload counts as failed. */
export const UPLOAD_TIMEOUT_MS = 30_000;

export interface FileUpload {
  channelId: string;
  filename: string;
  title: string;
  bytes: Buffer;
  contentType: string;
  altText?: string;
  /** Posts the file as a reply under this message when given. */
  threadTs?: string;
  initialComment?: string;
}

/**
 * Slack's upload since 2024: reserve an upload URL, POST the bytes there, then complete the upload
 * into the channel. Returns the file id. A Slack `ok:false` answer or a failed step throws a
 * SlackApiError with Slack's code or the step's (`no_upload_url`, `upload_http_500`, `upload_timeout`).
 * The Web API calls are bounded by the client's `timeout` (see webClientOptions).
 */
export async function uploadFile(client: WebClient, upload: FileUpload, timeoutMs = UPLOAD_TIMEOUT_MS): Promise<string> {
  try {
    const reserved = await client.files.getUploadURLExternal({
      filename: upload.filename,
      length: upload.bytes.length,
      ...(upload.altText ? { alt_text: upload.altText } : {}),
    });
    if (!reserved.upload_url || !reserved.file_id) throw new SlackApiError('no_upload_url', 'files.getUploadURLExternal returned no upload_url');
    const posted = await postBytes(reserved.upload_url, upload, timeoutMs);
    if (!posted.ok) throw new SlackApiError(`upload_http_${posted.status}`, `the upload URL answered HTTP ${posted.status}`);
    const files: [{ id: string; title: string }] = [{ id: reserved.file_id, title: upload.title }];
    const destination = upload.threadTs
      ? { channel_id: upload.channelId, thread_ts: upload.threadTs }
      : { channel_id: upload.channelId };
    await client.files.completeUploadExternal({
      files,
      ...destination,
      ...(upload.initialComment ? { initial_comment: upload.initialComment } : {}),
    });
    return reserved.file_id;
  } catch (err) {
    const code = slackErrorCode(err);
    if (code && !(err instanceof SlackApiError)) throw new SlackApiError(code);
    throw err;
  }
}

/** What fetch throws when deadlineSignal fires (a DOMException, possibly from another realm). */
const timeoutShape = z.object({ name: z.literal('TimeoutError') });

async function postBytes(url: string, upload: FileUpload, timeoutMs: number): Promise<Response> {
  try {
    return await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': upload.contentType },
      body: upload.bytes,
      signal: deadlineSignal(timeoutMs),
    });
  } catch (err) {
    if (timeoutShape.safeParse(err).success) {
      throw new SlackApiError('upload_timeout', `the upload URL did not answer within ${timeoutMs} ms`);
    }
    throw err;
  }
}

export interface DmFile {
  filename: string;
  title: string;
  content: string;
  contentType: string;
  initialComment: string;
}

/** Sends a file to the user's DM with the app; throws SlackApiError when it did not arrive. */
export async function sendFileToDm(client: WebClient, userId: string, file: DmFile): Promise<{ fileId: string; channelId: string }> {
  let channelId: string | undefined;
  try {
    channelId = (await client.conversations.open({ users: userId })).channel?.id;
  } catch (err) {
    const code = slackErrorCode(err);
    throw code ? new SlackApiError(code) : err;
  }
  if (!channelId) throw new SlackApiError('no_dm_channel');
  const fileId = await uploadFile(client, {
    channelId,
    filename: file.filename,
    title: file.title,
    bytes: Buffer.from(file.content, 'utf8'),
    contentType: file.contentType,
    initialComment: file.initialComment,
  });
  return { fileId, channelId };
}
