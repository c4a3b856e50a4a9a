"use client";

import { Card } from "@/components/ui/card";
import type { ListConnectionsResponse } from "@/lib/connections/list-connections";
import { useT } from "@/lib/i18n/i18n-context";
import { EndpointRow } from "./endpoint-row";
import { DataTable } from "@/components/ui/data-table";

export function EndpointsCard({ org, data, canManage }: { org: string; data: ListConnectionsResponse; canManage: boolean }) {
  const dictionary = useT();
  const t = dictionary.connections.endpoints;
  return (
    <div data-testid="endpoints-card">
      <Card
        title={t.title}
        description={t.description(data.overlapHours)}
      >
        {data.endpoints.length === 0 ? (
          <p className="text-sm text-slate-500 dark:text-slate-400">{t.none(dictionary.common.modes[data.mode] ?? data.mode)}</p>
        ) : (
          <DataTable columns={[{ label: t.columns.endpoint }, { label: t.columns.lastDelivery }, { label: t.columns.lastVerification }, { label: t.columns.secret }, {}]}>
            {data.endpoints.map((endpoint) => (
              <EndpointRow key={endpoint.id} org={org} endpoint={endpoint} canManage={canManage} overlapHours={data.overlapHours} />
            ))}
          </DataTable>
        )}
      </Card>
    </div>
  );
}
