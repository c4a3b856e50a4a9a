"use client";

import { Card, ErrorNote } from "@/components/ui/card";
import { useT } from "@/lib/i18n/i18n-context";
import { useFiscalSettings, useUpdateFiscalSettings } from "@/lib/hooks/use-fiscal";

/** The organization's automatic-tax switch for new Stripe checkouts; viewers see it read-only. */
export function TaxSettingsCard({ org, canManage }: { org: string; canManage: boolean }) {
  const t = useT();
  const settings = useFiscalSettings(org);
  const update = useUpdateFiscalSettings(org);
  const on = settings.data?.automaticTax ?? false;
  return (
    <Card title={t.fiscal.settings.title} description={t.fiscal.settings.description}>
      <ErrorNote error={settings.error ?? update.error} />
      <label className="flex items-center gap-3 text-sm">
        <input
          type="checkbox"
          className="h-4 w-4"
          checked={on}
          disabled={!canManage || !settings.data || update.isPending}
          onChange={(e) => update.mutate({ automaticTax: e.target.checked })}
        />
        <span className="font-medium">{t.fiscal.settings.automaticTax}</span>
      </label>
      <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">{canManage ? t.fiscal.settings.hint : t.fiscal.settings.onlyAdmins}</p>
    </Card>
  );
}
