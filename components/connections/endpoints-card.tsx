"use client";

import { Card } from "@/components/ui/card";
import type { ListConnectionsResponse } from "@/lib/connections/list-connections";
import { EndpointRow } from "./endpoint-row";

export function EndpointsCard({ org, data, canManage }: { org: string; data: ListConnectionsResponse; canManage: boolean }) {
  return (
    <div data-testid="endpoints-card">
      <Card
        title="Webhook endpoints"
        description={`Where each provider delivers events to Beacon. Secrets are encrypted at rest; after a rotation the previous secret keeps verifying for ${data.overlapHours} h.`}
      >
        {data.endpoints.length === 0 ? (
          <p className="text-sm text-slate-500 dark:text-slate-400">No endpoints yet: they are registered when you connect a provider in {data.mode} mode.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead className="text-xs uppercase text-slate-500 dark:text-slate-400">
                <tr>
                  <th className="py-2 pr-4">Endpoint</th>
                  <th className="py-2 pr-4">Last delivery</th>
                  <th className="py-2 pr-4">Last verification</th>
                  <th className="py-2 pr-4">Secret</th>
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
