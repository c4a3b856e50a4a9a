"use client";

import { Button } from "@/components/ui/button";
import { Card, ErrorNote } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import type { Mode } from "@/db/schema";
import type { ListConnectionsResponse } from "@/lib/connections/list-connections";
import { useT } from "@/lib/i18n/i18n-context";
import { useRefreshConnection, useRegisterWebhooks, useStartStripeOnboarding } from "@/lib/hooks/use-connections";
import { Flags, Notice, Requirements, StatusBadge } from "./connection-parts";
import { ForwardingPanel } from "./forwarding-panel";

interface Props {
  org: string;
  mode: Mode;
  data: ListConnectionsResponse;
  canManage: boolean;
}

export function StripeCard({ org, mode, data, canManage }: Props) {
  const connection = data.stripe;
  const onboarding = useStartStripeOnboarding(org);
  const refresh = useRefreshConnection(org);
  const register = useRegisterWebhooks(org);
  const dictionary = useT();
  const t = dictionary.connections;
  const modeName = dictionary.common.modes[mode] ?? mode;
  const { available, reason } = data.availability.stripe;
  // The onboarding link is single-use: go there as soon as Beacon has it.
  const startOnboarding = () => onboarding.mutate(mode, { onSuccess: ({ url }) => window.location.assign(url) });
  const missingEndpoints = connection && !data.endpoints.some((e) => e.provider === "stripe");
  const busy = onboarding.isPending || refresh.isPending || register.isPending;

  return (
    <div data-testid="stripe-card">
      <Card title="Stripe" description={t.stripe.description}>
        <div className="space-y-4">
          {!available && <Notice>{reason}</Notice>}
          {connection ? (
            <>
              <div className="flex flex-wrap items-center gap-2">
                <StatusBadge status={connection.status} />
                <code className="font-mono text-xs text-slate-600 dark:text-slate-400">{connection.accountId}</code>
                {connection.accountName && <span className="text-sm">{connection.accountName}</span>}
              </div>
              {connection.status === "disconnected" ? (
                <Notice tone="red">
                  {t.stripe.disconnectedBefore}
                  <RelativeTime iso={connection.disconnectedAt} />
                  {t.stripe.disconnectedAfter}
                </Notice>
              ) : (
                <>
                  <Flags connection={connection} />
                  {connection.disabledReason && <Notice tone={connection.status === "restricted" ? "red" : "amber"}>{connection.disabledReason.label}.</Notice>}
                  <Requirements connection={connection} />
                </>
              )}
              <p className="text-xs text-slate-500 dark:text-slate-400">
                {t.stripe.checkedBefore}
                <RelativeTime iso={connection.lastSyncedAt} />
                {t.stripe.checkedAfter}
              </p>
            </>
          ) : (
            <p className="text-sm text-slate-600 dark:text-slate-400">
              {t.stripe.notConnected(modeName)}
            </p>
          )}
          <ErrorNote error={onboarding.error ?? refresh.error ?? register.error} />
          {canManage ? (
            <div className="flex flex-wrap gap-2">
              {(!connection || connection.status === "disconnected") && (
                <Button disabled={!available || busy} onClick={startOnboarding}>
                  {connection ? t.stripe.connectAgain : t.stripe.connect}
                </Button>
              )}
              {connection && connection.status !== "enabled" && connection.status !== "disconnected" && (
                <Button disabled={!available || busy} onClick={startOnboarding}>
                  {t.stripe.continueOnboarding}
                </Button>
              )}
              {connection && (
                <Button variant="secondary" disabled={!available || busy} onClick={() => refresh.mutate(connection.id)}>
                  {refresh.isPending ? t.checking : t.refresh}
                </Button>
              )}
              {missingEndpoints && (
                <Button variant="secondary" disabled={!available || busy} onClick={() => register.mutate(connection.id)}>
                  {t.registerWebhooks}
                </Button>
              )}
            </div>
          ) : (
            <p className="text-sm text-slate-500 dark:text-slate-400">{t.onlyAdmins}</p>
          )}
          {mode === "test" && connection && connection.status !== "disconnected" && <ForwardingPanel org={org} canManage={canManage} />}
        </div>
      </Card>
    </div>
  );
}
