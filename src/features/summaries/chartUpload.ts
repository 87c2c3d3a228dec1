import type { WebClient } from '@slack/web-api';

export interface ChartUpload {
  channelId: string;
  filename: string;
  title: string;
  altText: string;
  bytes: Buffer;
  /** Posts the file as a reply under this message when given. */
  threadTs?: string;
  initialComment?: string;
}

export class UploadError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'UploadError';
  }
}

/**
 * Slack's two-step upload: ask for an upload URL, POST the bytes there, then complete the
 * upload into the channel. Returns the file id; throws UploadError naming the step that failed.
 */
export async function uploadPng(client: WebClient, upload: ChartUpload): Promise<string> {
  const target = await client.files.getUploadURLExternal({
    filename: upload.filename,
    length: upload.bytes.length,
    alt_text: upload.altText,
  });
  if (!target.upload_url || !target.file_id) {
    throw new UploadError('no_upload_url', 'files.getUploadURLExternal returned no upload_url');
  }
  const res = await fetch(target.upload_url, {
    method: 'POST',
    headers: { 'Content-Type': 'image/png' },
    body: upload.bytes,
  });
  if (!res.ok) throw new UploadError(`upload_http_${res.status}`, `the upload URL answered HTTP ${res.status}`);
  const files: [{ id: string; title: string }] = [{ id: target.file_id, title: upload.title }];
  const destination = upload.threadTs
    ? { channel_id: upload.channelId, thread_ts: upload.threadTs }
    : { channel_id: upload.channelId };
  await client.files.completeUploadExternal({
    files,
    ...destination,
    ...(upload.initialComment ? { initial_comment: upload.initialComment } : {}),
  });
  return target.file_id;
}
