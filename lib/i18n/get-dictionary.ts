import "server-only";
import { cookies, headers } from "next/headers";
import { cache } from "react";
import { dictionaries } from "./dictionaries";
import { isLocale, localeCookie, negotiateLocale, type Locale } from "./locales";

/** The reader's language: the switcher's cookie when set, else the browser's Accept-Language. */
export const getLocale = cache(async (): Promise<Locale> => {
  const chosen = (await cookies()).get(localeCookie)?.value;
  if (isLocale(chosen)) return chosen;
  return negotiateLocale((await headers()).get("accept-language"));
});

/** For server components: the locale and its dictionary. */
export async function getDictionary() {
  const locale = await getLocale();
  return { locale, t: dictionaries[locale] };
}
