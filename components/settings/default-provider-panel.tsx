"use client";

import { Card, ErrorNote } from "@/components/ui/card";
import { providerLabel } from "@/lib/providers/traits";
import { useOrgSettings, useUpdateOrgSettings } from "@/lib/hooks/use-org-settings";
import { useT } from "@/lib/i18n/i18n-context";
import { providers } from "@/lib/validations/checkouts";

/** The organization's default provider for checkouts that name none; viewers see it read-only. */
export function DefaultProviderPanel({ org, canManage }: { org: string; canManage: boolean }) {
  const t = useT().settings.defaultProvider;
  const settings = useOrgSettings(org);
  const update = useUpdateOrgSettings(org);
  return (
    <Card title={t.title} description={t.description}>
      <ErrorNote error={settings.error ?? update.error} />
      <label className="flex flex-wrap items-center gap-3 text-sm">
        <span className="font-medium">{t.label}</span>
        <select
          className="min-w-0 max-w-full rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900"
          data-testid="default-provider"
          value={settings.data?.defaultProvider ?? ""}
          disabled={!canManage || !settings.data || update.isPending}
          onChange={(e) => update.mutate({ defaultProvider: e.target.value === "" ? null : (e.target.value as (typeof providers)[number]) })}
        >
          <option value="">{t.none}</option>
          {providers.map((p) => (
            <option key={p} value={p}>
              {providerLabel(p)}
            </option>
          ))}
        </select>
        {update.isSuccess && <span role="status" className="text-xs text-emerald-700 dark:text-emerald-400">{t.saved}</span>}
      </label>
      <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">{canManage ? t.rule : t.onlyAdmins}</p>
    </Card>
  );
}
