"use client";

import { Button } from "@/components/ui/button";
import { Card, ErrorNote } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { RelativeTime } from "@/components/ui/relative-time";
import type { Mode } from "@/db/schema";
import type { ListConnectionsResponse } from "@/lib/connections/list-connections";
import { useT } from "@/lib/i18n/i18n-context";
import { ProblemError } from "@/lib/hooks/fetch-json";
import { useConnectConekta, useRefreshConnection, useRegisterWebhooks } from "@/lib/hooks/use-connections";
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
  const dictionary = useT();
  const t = dictionary.connections;
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
      <Card title="Conekta" description={t.conekta.description}>
        <div className="space-y-4">
          {!available && <Notice>{reason}</Notice>}
          {connection ? (
            <>
              <div className="flex flex-wrap items-center gap-2">
                <StatusBadge status={connection.status} />
                <span className="text-sm">{connection.accountName ?? t.conekta.account}</span>
                {connection.accountId && <code className="font-mono text-xs text-slate-600 dark:text-slate-400">{connection.accountId}</code>}
              </div>
              <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
                <dt className="text-slate-500 dark:text-slate-400">{t.conekta.privateKey}</dt>
                <dd className="font-mono" data-testid="conekta-key-hint">key_…{connection.credentialHint}</dd>
                <dt className="text-slate-500 dark:text-slate-400">{t.conekta.checked}</dt>
                <dd>
                  <RelativeTime iso={connection.lastSyncedAt} />
                </dd>
              </dl>
              {connection.status === "disconnected" && (
                <Notice tone="red">
                  {t.conekta.disconnectedBefore}
                  <RelativeTime iso={connection.disconnectedAt} />
                  {t.conekta.disconnectedAfter}
                </Notice>
              )}
              {connection.disabledReason && <Notice tone="red">{t.conekta.reports(connection.disabledReason.code)}</Notice>}
            </>
          ) : (
            <p className="text-sm text-slate-600 dark:text-slate-400">{t.conekta.notConnected(dictionary.common.modes[mode] ?? mode)}</p>
          )}
          <ErrorNote error={refresh.error ?? register.error ?? (keyError ? null : save.error)} />
          {canManage ? (
            <>
              <form onSubmit={onSubmit} noValidate className="flex flex-wrap items-end gap-2">
                <div className="min-w-64 flex-1">
                  <Field label={connection ? t.conekta.replaceKey : t.conekta.privateKey} error={keyError} hint={t.conekta.keyHint}>
                    <Input name="privateKey" type="password" autoComplete="off" placeholder="key_…" disabled={!available} />
                  </Field>
                </div>
                <Button type="submit" disabled={!available || save.isPending} className="mb-[1.375rem]">
                  {save.isPending ? t.conekta.saving : t.conekta.save}
                </Button>
              </form>
              {connection && (
                <div className="flex flex-wrap gap-2">
                  <Button variant="secondary" disabled={!available || refresh.isPending} onClick={() => refresh.mutate(connection.id)}>
                    {refresh.isPending ? t.checking : t.refresh}
                  </Button>
                  {missingEndpoint && (
                    <Button variant="secondary" disabled={!available || register.isPending} onClick={() => register.mutate(connection.id)}>
                      {t.registerWebhooks}
                    </Button>
                  )}
                </div>
              )}
            </>
          ) : (
            <p className="text-sm text-slate-500 dark:text-slate-400">{t.onlyAdmins}</p>
          )}
        </div>
      </Card>
    </div>
  );
}
