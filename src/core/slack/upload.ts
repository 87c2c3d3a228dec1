import { ErrorCode, type WebClient } from '@slack/web-api';

/** Slack answered `ok:false` (or the upload URL refused the bytes): the file did not reach the DM. */
export class FileDeliveryError extends Error {
  constructor(readonly slackError: string) {
    super(`file delivery failed: ${slackError}`);
    this.name = 'FileDeliveryError';
  }
}

export interface DmFile {
  filename: string;
  title: string;
  content: string;
  initialComment: string;
}

function slackErrorOf(err: unknown): string | undefined {
  const e = err as { code?: unknown; data?: { error?: unknown } };
  return e.code === ErrorCode.PlatformError && typeof e.data?.error === 'string' ? e.data.error : undefined;
}

/**
 * Sends a file to the user's DM with the app, the way Slack wants files uploaded since 2024:
 * reserve an upload URL, POST the bytes there, then complete the upload into the DM channel.
 */
export async function sendFileToDm(client: WebClient, userId: string, file: DmFile): Promise<{ fileId: string; channelId: string }> {
  try {
    const dm = await client.conversations.open({ users: userId });
    const channelId = dm.channel?.id;
    if (!channelId) throw new FileDeliveryError('no_dm_channel');
    const bytes = Buffer.from(file.content, 'utf8');
    const reserved = await client.files.getUploadURLExternal({ filename: file.filename, length: bytes.length });
    if (!reserved.upload_url || !reserved.file_id) throw new FileDeliveryError('no_upload_url');
    const upload = await fetch(reserved.upload_url, {
      method: 'POST',
      headers: { 'Content-Type': 'text/csv; charset=utf-8' },
      body: bytes,
    });
    if (!upload.ok) throw new FileDeliveryError(`upload_http_${upload.status}`);
    await client.files.completeUploadExternal({
      files: [{ id: reserved.file_id, title: file.title }],
      channel_id: channelId,
      initial_comment: file.initialComment,
    });
    return { fileId: reserved.file_id, channelId };
  } catch (err) {
    const slackError = slackErrorOf(err);
    if (slackError) throw new FileDeliveryError(slackError);
    throw err;
  }
}
