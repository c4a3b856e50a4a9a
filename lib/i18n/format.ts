import { intlLocale, type Locale } from "./locales";

// Amounts are stored in minor units; how many decimals a currency has comes from Intl itself
// (2 for USD and MXN, 0 for JPY), so no table of currencies is kept here.

// Building an Intl formatter costs far more than formatting with one (it resolves the locale's
// data): a page of 50 rows formats hundreds of values, so each locale-and-options formatter is
// built once and kept. The options come from code and currencies from a short list, so the map
// stays small; the cap only bounds a surprise.
const MAX_FORMATTERS = 500;
const formatters = new Map<string, unknown>();

function reuse<T>(key: string, build: () => T): T {
  let formatter = formatters.get(key) as T | undefined;
  if (formatter === undefined) {
    if (formatters.size >= MAX_FORMATTERS) formatters.clear();
    formatter = build();
    formatters.set(key, formatter);
  }
  return formatter;
}

const numberFormat = (locale: Locale, options: Intl.NumberFormatOptions) =>
  reuse(`number ${locale} ${JSON.stringify(options)}`, () => new Intl.NumberFormat(intlLocale[locale], options));

const dateTimeFormat = (locale: Locale, options: Intl.DateTimeFormatOptions) =>
  reuse(`date ${locale} ${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(intlLocale[locale], options));

/** The currency's formatter and the power of ten its minor units are divided by. */
function currencyFormat(locale: Locale, currency: string) {
  return reuse(`currency ${locale} ${currency.toUpperCase()}`, () => {
    const format = numberFormat(locale, { style: "currency", currency: currency.toUpperCase() });
    return { format, scale: 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2) };
  });
}

export function formatMoney(locale: Locale, minorUnits: number, currency: string): string {
  const { format, scale } = currencyFormat(locale, currency);
  return format.format(minorUnits / scale);
}

export function formatNumber(locale: Locale, value: number, options: Intl.NumberFormatOptions = {}): string {
  return numberFormat(locale, options).format(value);
}

export function formatPercent(locale: Locale, ratio: number): string {
  return numberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(ratio);
}

export function formatDateTime(locale: Locale, value: string | Date, options: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short" }): string {
  return dateTimeFormat(locale, options).format(new Date(value));
}

export function formatDate(locale: Locale, value: string | Date): string {
  return formatDateTime(locale, value, { dateStyle: "medium" });
}

/** `2026-03` as "March 2026" / "Marzo de 2026" (capitalized: it heads a table row). */
export function formatMonth(locale: Locale, month: string): string {
  const text = formatDateTime(locale, `${month}-01T12:00:00Z`, { month: "long", year: "numeric", timeZone: "UTC" });
  return text.charAt(0).toLocaleUpperCase(intlLocale[locale]) + text.slice(1);
}

/** A duration in the largest fitting unit: "45 s", "3.5 min", "2 h". */
export function formatSeconds(locale: Locale, seconds: number): string {
  const [unit, size] = seconds >= 7200 ? (["hour", 3600] as const) : seconds >= 120 ? (["minute", 60] as const) : (["second", 1] as const);
  return numberFormat(locale, { style: "unit", unit, unitDisplay: "narrow", maximumFractionDigits: 1 }).format(seconds / size);
}

const relativeUnits: [Intl.RelativeTimeFormatUnit, number][] = [
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
];

/** "3 minutes ago" / "hace 3 minutos". */
export function formatRelative(locale: Locale, value: string | Date, now = Date.now()): string {
  const diff = new Date(value).getTime() - now;
  const [unit, ms] = relativeUnits.find(([, ms]) => Math.abs(diff) >= ms) ?? ["second", 1000];
  return reuse(`relative ${locale}`, () => new Intl.RelativeTimeFormat(intlLocale[locale], { numeric: "auto" })).format(Math.round(diff / ms), unit);
}
