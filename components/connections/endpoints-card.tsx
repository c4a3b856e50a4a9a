"use client";

import { Card } from "@/components/ui/card";
import type { ListConnectionsResponse } from "@/lib/connections/list-connections";
import { useT } from "@/lib/i18n/i18n-context";
import { EndpointRow } from "./endpoint-row";

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
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead className="text-xs uppercase text-slate-500 dark:text-slate-400">
                <tr>
                  <th className="py-2 pr-4">{t.columns.endpoint}</th>
                  <th className="py-2 pr-4">{t.columns.lastDelivery}</th>
                  <th className="py-2 pr-4">{t.columns.lastVerification}</th>
                  <th className="py-2 pr-4">{t.columns.secret}</th>
                  <th className="py-2" />
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {data.endpoints.map((endpoint) => (
                  <EndpointRow key={endpoint.id} org={org} endpoint={endpoint} canManage={canManage} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}
