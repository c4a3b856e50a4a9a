"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorNote } from "@/components/ui/card";
import { Select } from "@/components/ui/field";
import type { Mode } from "@/db/schema";
import { useT } from "@/lib/i18n/i18n-context";
import { useReconcile } from "@/lib/hooks/use-events";

/** Asks each provider for the events Beacon missed and compares every subscription with it. */
export function ReconcileButton({ org, mode }: { org: string; mode: Mode }) {
  const reconcile = useReconcile(org);
  const dictionary = useT();
  const t = dictionary.events.reconcile;
  const modeName = dictionary.common.modes[mode] ?? mode;
  const [since, setSince] = useState("3d");
  const reports = reconcile.data?.reports;
  return (
    <div className="space-y-2">
      <div className="flex items-center gap-2">
        <Select aria-label={t.period} value={since} onChange={(e) => setSince(e.target.value)}>
          {["1h", "1d", "3d", "30d"].map((p) => (
            <option key={p} value={p}>
              {t.periods[p]}
            </option>
          ))}
        </Select>
        <Button variant="secondary" disabled={reconcile.isPending} onClick={() => reconcile.mutate({ since, mode })}>
          {reconcile.isPending ? t.running : t.run}
        </Button>
      </div>
      <ErrorNote error={reconcile.error} />
      {reports && (
        <div role="status" className="rounded-md border border-slate-200 p-3 text-sm dark:border-slate-700">
          {reports.length === 0 && <p>{t.none(modeName)}</p>}
          {reports.map((r) => (
            <div key={r.connectionId} className="space-y-1">
              <p>
                <strong className="capitalize">{r.provider}</strong>: {t.report(r.eventsListed, r.eventsRecovered, r.subscriptionsChecked, r.drift.length, r.repaired)}
              </p>
              {r.drift.length > 0 && (
                <ul className="list-inside list-disc text-xs text-slate-600 dark:text-slate-400">
                  {r.drift.slice(0, 10).map((d) => (
                    <li key={`${d.providerSubscriptionId}-${d.field}`}>
                      <code>{d.providerSubscriptionId}</code> {t.drift(d.field, d.beacon ?? "—", d.provider ?? "—")}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
