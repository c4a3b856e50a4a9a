"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/card";
import type { SerializedEndpoint } from "@/lib/connections/list-connections";
import { useT } from "@/lib/i18n/i18n-context";

/** The API version an endpoint's events arrive at, against Beacon's; a drifted one offers the upgrade path. */
export function ApiVersionLine({ endpoint, overlapHours, onAddEndpoint, adding }: { endpoint: SerializedEndpoint; overlapHours: number; onAddEndpoint: () => void; adding: boolean }) {
  const t = useT().operations.apiVersion;
  const [open, setOpen] = useState(false);
  const v = endpoint.apiVersion;
  if (v.expected === null) return null;
  return (
    <div data-testid="endpoint-api-version" data-drift={v.drift} className="mt-1 space-y-1 text-xs">
      <div className="flex flex-wrap items-center gap-2">
        <span className="text-slate-500 dark:text-slate-400">{t.label}</span>
        {v.versions.length === 0 ? (
          <span className="text-slate-400">{t.noneYet}</span>
        ) : (
          v.versions.map((s) => (
            <Badge key={s.version} tone={s.version === v.expected ? "green" : "amber"}>
              <code>{s.version}</code> ×{s.events}
            </Badge>
          ))
        )}
        {v.drift && (
          <Button variant="ghost" aria-expanded={open} onClick={() => setOpen(!open)}>
            {t.upgrade}
          </Button>
        )}
      </div>
      {v.drift && open && (
        <ol data-testid="api-version-guide" className="max-w-md list-inside list-decimal space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
          <li>
            {t.stepAdd(v.current ?? "?", v.expected)}{" "}
            {endpoint.canRotate ? (
              <Button variant="secondary" disabled={adding} onClick={onAddEndpoint}>
                {t.addEndpoint(v.expected)}
              </Button>
            ) : (
              <span>
                {t.operatorRuns} <code className="break-all">npm run beacon -- webhooks rotate --provider {endpoint.provider} --mode {endpoint.mode}</code>
              </span>
            )}
          </li>
          <li>{t.stepOverlap(overlapHours)}</li>
          <li>{t.stepRetire(v.expected)}</li>
        </ol>
      )}
    </div>
  );
}
