import { LocaleSwitcher } from "@/components/layout/locale-switcher";
import { Logo } from "@/components/ui/logo";

export function AuthCard({ title, children, footer }: { title: string; children: React.ReactNode; footer?: React.ReactNode }) {
  return (
    <main className="relative flex min-h-screen items-center justify-center px-4 py-12">
      <LocaleSwitcher className="absolute right-4 top-4" />
      <div className="w-full max-w-sm space-y-6">
        <div className="text-center">
          <div className="text-2xl font-bold tracking-tight">
            <Logo size={24} />
          </div>
          <h1 className="mt-2 text-lg font-semibold">{title}</h1>
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900">{children}</div>
        {footer && <div className="text-center text-sm text-slate-500">{footer}</div>}
      </div>
    </main>
  );
}
