// The dashboard's languages. Client-safe: the negotiation runs on the server (Accept-Language,
// or the cookie the language switcher sets) and the switcher runs in the browser.

export const locales = ["en", "es"] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = "en";
export const localeCookie = "beacon_locale";

/** Intl tags used for numbers, money and dates (Spanish as written in Mexico, where most are). */
export const intlLocale: Record<Locale, string> = { en: "en-US", es: "es-MX" };

export function isLocale(value: string | null | undefined): value is Locale {
  return locales.includes(value as Locale);
}

/** The best of our locales for an Accept-Language header, by quality (`es-MX,es;q=0.9,en;q=0.8`). */
export function negotiateLocale(acceptLanguage: string | null | undefined): Locale {
  const ranges = (acceptLanguage ?? "")
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { language: tag.toLowerCase().split("-")[0] ?? "", q: q === undefined ? 1 : Number(q), index };
    })
    .filter((r) => r.language && r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranges.map((r) => r.language).find(isLocale) ?? defaultLocale;
}
