import type { TermGroup } from './normalise';

/** FTS5 columns that describe what an entry is about (weighted above the answer text). */
export const STRONG_COLUMNS = ['title', 'phrasings', 'tags'] as const;

/**
 * A term as an FTS5 string literal. Inside double quotes FTS5 treats everything as text
 * (NEAR, AND, *, :, - and parentheses included); a double quote is escaped by doubling it.
 */
export function quoteTerm(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

/** `"a" OR "b"` for one concept, or for a whole question; empty string when there is nothing to look for. */
export function anyOf(terms: readonly string[]): string {
  const unique = [...new Set(terms.filter((t) => t.length > 0))];
  return unique.map(quoteTerm).join(' OR ');
}

/** The MATCH expression for a whole question: any alternative of any concept. */
export function buildMatchExpression(groups: readonly TermGroup[]): string {
  return anyOf(groups.flatMap((g) => g.alternatives));
}

/** The MATCH expression for one concept, optionally restricted to the strong columns. */
export function groupExpression(group: TermGroup, strongOnly: boolean): string {
  const any = anyOf(group.alternatives);
  if (!any) return '';
  return strongOnly ? `{${STRONG_COLUMNS.join(' ')}} : (${any})` : any;
}
