/** A field as a spreadsheet must read it: quoted, and never starting like a formula. */
export function csvField(value: string | number): string {
  let text = String(value);
  // Spreadsheets run a cell starting with = + - @ (or tab / carriage return) as a formula; a leading ' keeps it text.
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

/** RFC 4180 CSV with CRLF line ends and every field quoted. */
export function toCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}
