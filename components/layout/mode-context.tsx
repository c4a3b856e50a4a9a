"use client";

import { useRouter } from "next/navigation";
import { createContext, useContext } from "react";
import { useT } from "@/lib/i18n/i18n-context";
import { modeCookie, type DashboardMode } from "@/lib/mode";

const ModeContext = createContext<DashboardMode>("test");

export function ModeProvider({ mode, children }: { mode: DashboardMode; children: React.ReactNode }) {
  return <ModeContext.Provider value={mode}>{children}</ModeContext.Provider>;
}

/** The dashboard's current mode, for hooks that pass `?mode=` to the JSON routes. */
export function useMode(): DashboardMode {
  return useContext(ModeContext);
}

/** Test/live switch in the header; server components re-render with the new mode. */
export function ModeToggle() {
  const mode = useMode();
  const router = useRouter();
  const t = useT();
  const live = mode === "live";
  return (
    <label className="flex cursor-pointer items-center gap-2 text-sm whitespace-nowrap text-slate-600 dark:text-slate-300">
      <span>{t.shell.testMode}</span>
      <button
        type="button"
        role="switch"
        aria-checked={!live}
        aria-label={t.shell.testMode}
        onClick={() => {
          document.cookie = `${modeCookie}=${live ? "test" : "live"}; path=/; max-age=31536000; samesite=lax`;
          router.refresh();
        }}
        className={`relative h-5 w-9 rounded-full transition ${live ? "bg-slate-300 dark:bg-slate-600" : "bg-amber-500"}`}
      >
        <span className={`absolute top-0.5 h-4 w-4 rounded-full bg-white transition ${live ? "left-0.5" : "left-4.5"}`} />
      </button>
    </label>
  );
}
