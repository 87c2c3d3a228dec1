import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM for secrets at rest. The owner's user id is the additional authenticated data, so a
 * ciphertext copied onto another manager's row does not decrypt. Format: `v1:` + base64(iv | tag | ciphertext).
 */
const VERSION = 'v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function encryptSecret(key: Buffer, owner: string, plaintext: string): string {
  if (key.length !== 32) throw new Error('the secret key must be 32 bytes');
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(owner, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return VERSION + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

/** The plaintext, or undefined when the key, the owner or the bytes do not match (never throws). */
export function decryptSecret(key: Buffer, owner: string, stored: string): string | undefined {
  if (!stored.startsWith(VERSION) || key.length !== 32) return undefined;
  const raw = Buffer.from(stored.slice(VERSION.length), 'base64');
  if (raw.length <= IV_BYTES + TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(owner, 'utf8'));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

/** What a manager is shown of their address: the host and the last 10 characters, never the secret part whole. */
export function urlHint(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}/…${u.pathname.slice(-10)}`;
  } catch {
    return '…';
  }
}
