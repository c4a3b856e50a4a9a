"use client";

import { Button } from "@/components/ui/button";
import { Card, ErrorNote } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { RelativeTime } from "@/components/ui/relative-time";
import type { Mode } from "@/db/schema";
import type { ListConnectionsResponse } from "@/lib/connections/list-connections";
import { ProblemError } from "@/lib/queries/fetch-json";
import { useConnectConekta, useRefreshConnection, useRegisterWebhooks } from "@/lib/queries/use-connections";
import { Notice, StatusBadge } from "./connection-parts";

interface Props {
  org: string;
  mode: Mode;
  data: ListConnectionsResponse;
  canManage: boolean;
}

export function ConektaCard({ org, mode, data, canManage }: Props) {
  const connection = data.conekta;
  const save = useConnectConekta(org);
  const refresh = useRefreshConnection(org);
  const register = useRegisterWebhooks(org);
  const { available, reason } = data.availability.conekta;
  const keyError = save.error instanceof ProblemError ? save.error.errors.find((e) => e.field === "privateKey")?.message : undefined;
  const missingEndpoint = connection && connection.status !== "disconnected" && !data.endpoints.some((e) => e.provider === "conekta");

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const privateKey = String(new FormData(form).get("privateKey") ?? "");
    save.mutate({ mode, privateKey }, { onSuccess: () => form.reset() });
  }

  return (
    <div data-testid="conekta-card">
      <Card title="Conekta" description="Your Conekta account, reached with its private key (stored encrypted, never shown again).">
        <div className="space-y-4">
          {!available && <Notice>{reason}</Notice>}
          {connection ? (
            <>
              <div className="flex flex-wrap items-center gap-2">
                <StatusBadge status={connection.status} />
                <span className="text-sm">{connection.accountName ?? "Conekta account"}</span>
                {connection.accountId && <code className="font-mono text-xs text-slate-600 dark:text-slate-400">{connection.accountId}</code>}
              </div>
              <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
                <dt className="text-slate-500 dark:text-slate-400">Private key</dt>
                <dd className="font-mono" data-testid="conekta-key-hint">key_…{connection.credentialHint}</dd>
                <dt className="text-slate-500 dark:text-slate-400">Checked</dt>
                <dd>
                  <RelativeTime iso={connection.lastSyncedAt} />
                </dd>
              </dl>
              {connection.status === "disconnected" && (
                <Notice tone="red">Conekta no longer accepts the saved key (disconnected <RelativeTime iso={connection.disconnectedAt} />). Save a current key.</Notice>
              )}
              {connection.disabledReason && <Notice tone="red">Conekta reports the account as {connection.disabledReason.code}.</Notice>}
            </>
          ) : (
            <p className="text-sm text-slate-600 dark:text-slate-400">Not connected in {mode} mode.</p>
          )}
          <ErrorNote error={refresh.error ?? register.error ?? (keyError ? null : save.error)} />
          {canManage ? (
            <>
              <form onSubmit={onSubmit} noValidate className="flex flex-wrap items-end gap-2">
                <div className="min-w-64 flex-1">
                  <Field label={connection ? "Replace private key" : "Private key"} error={keyError} hint="Checked with Conekta before it is saved.">
                    <Input name="privateKey" type="password" autoComplete="off" placeholder="key_…" disabled={!available} />
                  </Field>
                </div>
                <Button type="submit" disabled={!available || save.isPending} className="mb-[1.375rem]">
                  {save.isPending ? "Checking with Conekta…" : "Save key"}
                </Button>
              </form>
              {connection && (
                <div className="flex flex-wrap gap-2">
                  <Button variant="secondary" disabled={!available || refresh.isPending} onClick={() => refresh.mutate(connection.id)}>
                    {refresh.isPending ? "Checking…" : "Refresh status"}
                  </Button>
                  {missingEndpoint && (
                    <Button variant="secondary" disabled={!available || register.isPending} onClick={() => register.mutate(connection.id)}>
                      Register webhooks
                    </Button>
                  )}
                </div>
              )}
            </>
          ) : (
            <p className="text-sm text-slate-500 dark:text-slate-400">Only admins and owners can connect providers.</p>
          )}
        </div>
      </Card>
    </div>
  );
}
