"use client";

import { ErrorNote } from "@/components/ui/card";
import type { Mode } from "@/db/schema";
import { useConnections } from "@/lib/hooks/use-connections";
import { ConektaCard } from "./conekta-card";
import { EndpointsCard } from "./endpoints-card";
import { StripeCard } from "./stripe-card";

export function ConnectionsView({ org, mode, canManage }: { org: string; mode: Mode; canManage: boolean }) {
  const { data, error } = useConnections(org, mode);
  return (
    <div className="space-y-6">
      <ErrorNote error={error} />
      {data && (
        <>
          <div className="grid gap-6 lg:grid-cols-2">
            <StripeCard org={org} mode={mode} data={data} canManage={canManage} />
            <ConektaCard org={org} mode={mode} data={data} canManage={canManage} />
          </div>
          <EndpointsCard org={org} data={data} canManage={canManage} />
        </>
      )}
    </div>
  );
}
