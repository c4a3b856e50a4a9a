"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Badge, Card, ErrorNote } from "@/components/ui/card";
import { useFormat, useT } from "@/lib/i18n/i18n-context";
import type { SerializedPlan } from "@/lib/plans/serialize-plan";
import { usePlans, useUpdatePlan } from "@/lib/hooks/use-plans";
import { PlanForm } from "./plan-form";
import { DataTable } from "@/components/ui/data-table";

export function PlansPanel({ org, canManage }: { org: string; canManage: boolean }) {
  const t = useT().plans;
  const plans = usePlans(org);
  const update = useUpdatePlan(org);
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <Card title={t.title} description={t.description}>
      {canManage ? <PlanForm org={org} /> : <p className="mb-4 text-sm text-slate-500">{t.onlyAdmins}</p>}
      <ErrorNote error={plans.error ?? update.error} />
      <DataTable columns={[{ label: t.columns.code }, { label: t.columns.name }, { label: t.columns.monthly }, { label: t.columns.yearly }, { label: t.columns.trial }, { label: t.columns.syncedTo }, {}]}>
        {plans.data?.data.map((p) =>
          editing === p.id ? (
            <tr key={p.id}>
              <td colSpan={7} className="py-2">
                <PlanForm org={org} plan={p} onDone={() => setEditing(null)} />
              </td>
            </tr>
          ) : (
            <PlanRow
              key={p.id}
              plan={p}
              canManage={canManage}
              busy={update.isPending}
              onEdit={() => setEditing(p.id)}
              onArchive={(archived) => update.mutate({ id: p.id, archived })}
            />
          ),
        )}
        {plans.data?.data.length === 0 && (
          <tr>
            <td colSpan={7} className="py-6 text-center text-slate-500">{t.empty}</td>
          </tr>
        )}
      </DataTable>
    </Card>
  );
}

interface RowProps {
  plan: SerializedPlan;
  canManage: boolean;
  busy: boolean;
  onEdit: () => void;
  onArchive: (archived: boolean) => void;
}

function PlanRow({ plan: p, canManage, busy, onEdit, onArchive }: RowProps) {
  const dictionary = useT();
  const t = dictionary.plans;
  const format = useFormat();
  const price = (amount: number | null) => (amount === null ? <span className="text-slate-400">—</span> : format.money(amount, p.currency));
  const synced = [...new Set([...p.syncedTo.monthly, ...p.syncedTo.yearly])];
  return (
    <tr data-testid="plan-row" className={p.archived ? "opacity-60" : ""}>
      <td className="py-2 pr-4 font-mono text-xs">{p.code}</td>
      <td className="py-2 pr-4 font-medium">
        {p.name} {p.archived && <Badge>{t.archived}</Badge>}
      </td>
      <td className="py-2 pr-4 tabular-nums">{price(p.prices.monthly)}</td>
      <td className="py-2 pr-4 tabular-nums">{price(p.prices.yearly)}</td>
      <td className="py-2 pr-4">{p.trialDays ? t.trialDays(p.trialDays) : <span className="text-slate-400">{t.noTrial}</span>}</td>
      <td className="space-x-1 py-2 pr-4">
        {synced.length ? synced.map((s) => <Badge key={s} tone="blue">{s.split(" ").map((word) => dictionary.common.providers[word] ?? dictionary.common.modes[word] ?? word).join(" ")}</Badge>) : <span className="text-xs text-slate-400">{t.notSynced}</span>}
      </td>
      <td className="space-x-2 whitespace-nowrap py-2 text-right">
        {canManage && (
          <>
            <Button variant="ghost" onClick={onEdit} disabled={busy}>{t.edit}</Button>
            <Button variant="secondary" onClick={() => onArchive(!p.archived)} disabled={busy}>{p.archived ? t.restore : t.archive}</Button>
          </>
        )}
      </td>
    </tr>
  );
}
