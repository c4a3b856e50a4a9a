"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { signOut } from "next-auth/react";
import { useEffect, useState } from "react";
import { useT } from "@/lib/i18n/i18n-context";
import type { DashboardMode } from "@/lib/mode";
import { lastOrgCookie } from "@/lib/organizations/last-org-cookie";
import { LocaleSwitcher } from "./locale-switcher";
import { ModeProvider, ModeToggle } from "./mode-context";
import { navItems } from "./nav-items";
import { OrgSwitcher, type OrgSummary } from "./org-switcher";
import { ThemeToggle } from "./theme-toggle";
import { Logo } from "@/components/ui/logo";

export function DashboardShell({
  org,
  orgs,
  user,
  mode,
  children,
}: {
  org: OrgSummary;
  orgs: OrgSummary[];
  user: { email: string; role: string };
  mode: DashboardMode;
  children: React.ReactNode;
}) {
  const pathname = usePathname() ?? "";
  const t = useT();
  const [open, setOpen] = useState(false);
  useEffect(() => {
    document.cookie = `${lastOrgCookie}=${encodeURIComponent(org.slug)}; path=/; max-age=31536000; samesite=lax`;
  }, [org.slug]);

  const nav = (
    <nav className="space-y-1" aria-label={t.nav.sections}>
      {navItems.map((item) => {
        const href = `/${org.slug}${item.href}`;
        const active = item.href ? pathname.startsWith(href) : pathname === href;
        return (
          <Link
            key={item.key}
            href={href}
            onClick={() => setOpen(false)}
            aria-current={active ? "page" : undefined}
            className={`flex items-center gap-2 rounded-md px-3 py-2 text-sm font-medium ${active ? "bg-brand-50 text-brand-700 dark:bg-slate-800 dark:text-white" : "text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"}`}
          >
            <span aria-hidden>{item.icon}</span>
            {t.nav[item.key]}
          </Link>
        );
      })}
    </nav>
  );

  return (
    <ModeProvider mode={mode}>
      <div className="flex min-h-screen">
        <aside className={`${open ? "fixed inset-0 z-30 block" : "hidden"} w-64 shrink-0 border-r border-slate-200 bg-white p-4 md:static md:block dark:border-slate-800 dark:bg-slate-900`}>
          <div className="mb-6 flex items-center justify-between">
            <Link href="/" className="text-lg font-bold tracking-tight">
              <Logo />
            </Link>
            <button className="md:hidden" onClick={() => setOpen(false)} aria-label={t.shell.closeMenu}>
              ✕
            </button>
          </div>
          <OrgSwitcher current={org} orgs={orgs} />
          <div className="mt-6">{nav}</div>
        </aside>
        <div className="flex min-w-0 flex-1 flex-col">
          {/* On a phone the header takes two rows: menu and organization, then the controls. */}
          <header className="flex flex-wrap items-center justify-between gap-x-3 gap-y-2 border-b border-slate-200 bg-white px-4 py-3 md:flex-nowrap md:px-8 dark:border-slate-800 dark:bg-slate-900">
            <div className="flex min-w-0 flex-1 items-center gap-3">
              <button className="px-1 text-lg md:hidden" onClick={() => setOpen(true)} aria-label={t.shell.openMenu}>
                ☰
              </button>
              <div className="truncate text-sm font-medium text-slate-600 dark:text-slate-300">{org.name}</div>
            </div>
            <div className="flex flex-wrap items-center justify-end gap-3">
              <ModeToggle />
              <LocaleSwitcher />
              <ThemeToggle />
              <span className="hidden text-sm text-slate-600 sm:inline dark:text-slate-300" data-testid="current-user">
                {user.email} · {t.common.roles[user.role] ?? user.role}
              </span>
              <button onClick={() => signOut({ callbackUrl: "/sign-in" })} className="rounded-md px-2 py-1 text-sm text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800">
                {t.shell.signOut}
              </button>
            </div>
          </header>
          {mode === "test" && (
            <div className="border-b border-amber-300 bg-amber-50 px-4 py-1 text-center text-xs font-medium text-amber-800 md:px-8 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-200" data-testid="test-mode-banner">
              {t.shell.testBanner}
            </div>
          )}
          <main className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 md:px-8">{children}</main>
        </div>
      </div>
    </ModeProvider>
  );
}
