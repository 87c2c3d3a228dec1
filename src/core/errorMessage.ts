/**
 * The message of anything thrown. Duck-typed rather than `instanceof Error`, because errors
 * from native modules (better-sqlite3) can come from another realm under jest.
 */
export function errorMessage(err: unknown): string {
  if (err && typeof err === 'object' && 'message' in err && typeof err.message === 'string') return err.message;
  return String(err);
}
