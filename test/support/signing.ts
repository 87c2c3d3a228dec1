import crypto from 'node:crypto';

/** Computes `X-Slack-Signature` exactly as Slack documents it: v0=HMAC-SHA256(secret, "v0:ts:body"). */
export function slackSignature(signingSecret: string, timestamp: number | string, body: string): string {
  const hmac = crypto.createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex');
  return `v0=${hmac}`;
}

export function signedHeaders(
  signingSecret: string,
  body: string,
  contentType: 'application/x-www-form-urlencoded' | 'application/json',
  timestamp = Math.floor(Date.now() / 1000),
): Record<string, string> {
  return {
    'Content-Type': contentType,
    'X-Slack-Request-Timestamp': String(timestamp),
    'X-Slack-Signature': slackSignature(signingSecret, timestamp, body),
  };
}
