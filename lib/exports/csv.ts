// CSV as RFC 4180 writes it: fields separated by commas, records by CRLF; a field holding a
// comma, a quote, CR or LF is quoted, with its quotes doubled. Text that a spreadsheet would run
// as a formula (starting with = + - @, tab or CR — OWASP's CSV-injection list) is prefixed with
// a single quote. Numbers are written as numbers: a negative amount is data, not a formula.

export type Cell = string | number | boolean | null | undefined;

const formulaStart = /^[=+\-@\t\r]/;
const needsQuotes = /[",\r\n]/;

export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  const text = formulaStart.test(value) ? `'${value}` : value;
  return needsQuotes.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const csvRecord = (cells: Cell[]) => `${cells.map(csvCell).join(",")}\r\n`;

/** Minor units as a decimal string in the currency's own precision (Intl's: 2 for USD and MXN, 0 for JPY). */
export function decimalAmount(minor: number, currency: string): string {
  const digits = new Intl.NumberFormat("en", { style: "currency", currency: currency.toUpperCase() }).resolvedOptions().maximumFractionDigits ?? 2;
  const sign = minor < 0 ? "-" : "";
  const abs = Math.abs(minor);
  if (digits === 0) return `${sign}${abs}`;
  const scale = 10 ** digits;
  return `${sign}${Math.floor(abs / scale)}.${String(abs % scale).padStart(digits, "0")}`;
}
