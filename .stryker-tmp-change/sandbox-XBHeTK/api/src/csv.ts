/** One CSV cell: RFC 4180 quoting, and a leading quote on formula-like text so spreadsheets don't run it. */
// @ts-nocheck

export function csvCell(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
