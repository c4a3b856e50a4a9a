"use client";

import { useT } from "@/lib/i18n/i18n-context";

export function ThemeToggle() {
  const t = useT();
  function toggle() {
    const dark = document.documentElement.classList.toggle("dark");
    localStorage.setItem("theme", dark ? "dark" : "light");
  }
  return (
    <button onClick={toggle} aria-label={t.shell.toggleTheme} className="rounded-md px-2 py-1 text-sm hover:bg-slate-100 dark:hover:bg-slate-800">
      <span className="dark:hidden">☾</span>
      <span className="hidden dark:inline">☀</span>
    </button>
  );
}
