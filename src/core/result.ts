/** What a parser returns: the value, or a sentence naming what is wrong (shown to the user as is). */
export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

export function ok<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

export function fail<T>(problem: string): Parsed<T> {
  return { ok: false, problem };
}
