/** Reads `<#C123|name>` / `<#C123>` (what Slack sends for a channel picked from the # menu) or a bare channel id. */
export function parseChannel(text: string): string | undefined {
  const escaped = /^<#([CG][A-Z0-9_]{2,})(?:\|[^>]*)?>$/.exec(text.trim());
  if (escaped) return escaped[1];
  const bare = /^([CG][A-Z0-9]{8,})$/.exec(text.trim());
  return bare?.[1];
}
