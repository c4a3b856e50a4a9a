"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Badge, Card, ErrorNote } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { Field, Input, Select } from "@/components/ui/field";
import { useT } from "@/lib/i18n/i18n-context";
import { useAlertDestinations, useCreateAlertDestination, useDeleteAlertDestination, useSendTestAlert } from "@/lib/hooks/use-alert-destinations";

/** Where the organization's alerts are sent (admins): webhook URLs (signed) and email addresses, each with Send test. */
export function AlertDestinationsPanel({ org }: { org: string }) {
  const t = useT().operations.alertDelivery;
  const list = useAlertDestinations(org);
  const create = useCreateAlertDestination(org);
  const remove = useDeleteAlertDestination(org);
  const test = useSendTestAlert(org);
  const [kind, setKind] = useState<"webhook" | "email">("webhook");
  const [target, setTarget] = useState("");
  const [minSeverity, setMinSeverity] = useState<"critical" | "warning">("critical");
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    create.mutate(kind === "webhook" ? { kind, url: target, minSeverity } : { kind, email: target, minSeverity }, { onSuccess: () => setTarget("") });
  };
  return (
    <div id="alert-destinations" data-testid="alert-destinations">
      <Card title={t.title} description={t.description}>
        <form onSubmit={submit} className="mb-4 grid gap-3 sm:grid-cols-4">
          <Field label={t.kind}>
            <Select name="alert-kind" value={kind} onChange={(e) => setKind(e.target.value as "webhook" | "email")}>
              <option value="webhook">{t.kinds.webhook}</option>
              <option value="email">{t.kinds.email}</option>
            </Select>
          </Field>
          <Field label={kind === "webhook" ? t.url : t.email}>
            <Input name="alert-target" value={target} onChange={(e) => setTarget(e.target.value)} placeholder={kind === "webhook" ? "https://pager.example.com/beacon" : "oncall@example.com"} required />
          </Field>
          <Field label={t.minSeverity}>
            <Select name="alert-severity" value={minSeverity} onChange={(e) => setMinSeverity(e.target.value as "critical" | "warning")}>
              <option value="critical">{t.severities.critical}</option>
              <option value="warning">{t.severities.warning}</option>
            </Select>
          </Field>
          <div className="flex items-end">
            <Button type="submit" disabled={create.isPending}>
              {t.add}
            </Button>
          </div>
        </form>
        {create.data?.secret && (
          <div role="status" data-testid="alert-secret" className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950">
            <p className="font-medium">{t.secretOnce}</p>
            <code className="break-all">{create.data.secret}</code>
          </div>
        )}
        <ErrorNote error={create.error ?? list.error ?? remove.error ?? test.error} />
        {test.data && (
          <p role="status" data-testid="alert-test-result" data-ok={test.data.ok} className={`mb-3 text-sm ${test.data.ok ? "text-emerald-700 dark:text-emerald-400" : "text-red-700 dark:text-red-400"}`}>
            {test.data.ok ? t.testOk(test.data.latencyMs) : t.testFailed(test.data.error ?? "")}
          </p>
        )}
        <DataTable columns={[{ label: t.destination }, { label: t.minSeverity }, { label: t.lastDelivery }, {}]}>
          {list.data?.items.map((d) => (
            <tr key={d.id} data-testid="alert-destination-row">
              <td className="py-2 pr-4 align-top">
                <div className="text-xs text-slate-500">{t.kinds[d.kind]}</div>
                <code className="break-all text-xs">{d.target}</code>
                {d.secretHint && <div className="text-xs text-slate-500">{t.signedWith(d.secretHint)}</div>}
              </td>
              <td className="py-2 pr-4 align-top">{t.severities[d.minSeverity]}</td>
              <td className="py-2 pr-4 align-top text-xs">
                {d.lastDelivery ? <Badge tone={d.lastDelivery.status === "sent" ? "green" : d.lastDelivery.status === "failed" ? "red" : "amber"}>{d.lastDelivery.status}</Badge> : <span className="text-slate-400">—</span>}
                {d.lastDelivery?.error && <div className="text-slate-500">{d.lastDelivery.error}</div>}
              </td>
              <td className="space-x-2 whitespace-nowrap py-2 text-right align-top">
                <Button variant="secondary" disabled={test.isPending} onClick={() => test.mutate(d.id)}>
                  {test.isPending ? t.testing : t.sendTest}
                </Button>
                <Button variant="ghost" disabled={remove.isPending} onClick={() => confirm(t.confirmRemove(d.target)) && remove.mutate(d.id)}>
                  {t.remove}
                </Button>
              </td>
            </tr>
          ))}
        </DataTable>
      </Card>
    </div>
  );
}
