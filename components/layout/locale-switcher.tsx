"use client";

import { useRouter } from "next/navigation";
import { useLocale, useT } from "@/lib/i18n/i18n-context";
import { localeCookie, locales, type Locale } from "@/lib/i18n/locales";

const names: Record<Locale, string> = { en: "English", es: "Español" };

/** Overrides the browser's language; server components re-render in the chosen one. */
export function LocaleSwitcher({ className = "" }: { className?: string }) {
  const locale = useLocale();
  const t = useT();
  const router = useRouter();
  return (
    <select
      aria-label={t.shell.language}
      value={locale}
      onChange={(e) => {
        document.cookie = `${localeCookie}=${e.target.value}; path=/; max-age=31536000; samesite=lax`;
        router.refresh();
      }}
      className={`rounded-md border border-slate-300 bg-white px-1.5 py-1 text-sm dark:border-slate-700 dark:bg-slate-900 ${className}`}
    >
      {locales.map((l) => (
        <option key={l} value={l}>
          {names[l]}
        </option>
      ))}
    </select>
  );
}
