"use client";

import { createContext, useContext, useMemo } from "react";
import { dictionaries, type Dictionary } from "./dictionaries";
import { formatDate, formatDateTime, formatMoney, formatMonth, formatNumber, formatPercent, formatRelative, formatSeconds } from "./format";
import { defaultLocale, type Locale } from "./locales";

const LocaleContext = createContext<Locale>(defaultLocale);

/** Set once in the root layout from the server's choice, so server and client render alike. */
export function I18nProvider({ locale, children }: { locale: Locale; children: React.ReactNode }) {
  return <LocaleContext.Provider value={locale}>{children}</LocaleContext.Provider>;
}

export function useLocale(): Locale {
  return useContext(LocaleContext);
}

/** The dictionary of the reader's language. */
export function useT(): Dictionary {
  return dictionaries[useLocale()];
}

/** Numbers, money and dates in the reader's locale. */
export function useFormat() {
  const locale = useLocale();
  return useMemo(
    () => ({
      money: (minorUnits: number, currency: string) => formatMoney(locale, minorUnits, currency),
      number: (value: number, options?: Intl.NumberFormatOptions) => formatNumber(locale, value, options),
      percent: (ratio: number) => formatPercent(locale, ratio),
      date: (value: string | Date) => formatDate(locale, value),
      dateTime: (value: string | Date, options?: Intl.DateTimeFormatOptions) => formatDateTime(locale, value, options),
      month: (month: string) => formatMonth(locale, month),
      relative: (value: string | Date, now?: number) => formatRelative(locale, value, now),
      seconds: (seconds: number) => formatSeconds(locale, seconds),
    }),
    [locale],
  );
}
