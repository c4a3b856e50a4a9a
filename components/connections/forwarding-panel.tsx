"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorNote } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { RelativeTime } from "@/components/ui/relative-time";
import { useT } from "@/lib/i18n/i18n-context";
import { ProblemError } from "@/lib/hooks/fetch-json";
import { useAddForwarding, useForwardingEndpoints, useRemoveForwarding } from "@/lib/hooks/use-connections";

/**
 * "Forward from `stripe listen`" on the Stripe card (test mode): a developer pastes the whsec_
 * the Stripe CLI printed and gets the exact command whose events land in this organization.
 */
export function ForwardingPanel({ org, canManage }: { org: string; canManage: boolean }) {
  const t = useT().connections.forwarding;
  const list = useForwardingEndpoints(org, "test");
  const add = useAddForwarding(org);
  const remove = useRemoveForwarding(org);
  const [copied, setCopied] = useState<string | null>(null);
  const secretError = add.error instanceof ProblemError ? add.error.errors.find((e) => e.field === "secret")?.message : undefined;

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const secret = String(new FormData(form).get("secret") ?? "");
    add.mutate({ mode: "test", secret }, { onSuccess: () => form.reset() });
  }
  const copy = (id: string, command: string) => navigator.clipboard?.writeText(command).then(() => setCopied(id));

  return (
    <section data-testid="stripe-forwarding" className="space-y-3 border-t border-slate-200 pt-4 dark:border-slate-800">
      <h3 className="text-sm font-semibold">{t.title}</h3>
      <p className="text-xs text-slate-500 dark:text-slate-400">{t.description}</p>
      <ErrorNote error={list.error ?? remove.error ?? (secretError ? null : add.error)} />
      {(list.data ?? []).map((e) => (
        <div key={e.id} data-testid="forwarding-endpoint" className="space-y-1 rounded-md border border-slate-200 p-2 text-xs dark:border-slate-800">
          <div className="flex flex-wrap items-center gap-2">
            <code className="font-mono">{e.secretHint}</code>
            <span className="text-slate-500 dark:text-slate-400">
              {t.lastDelivery} {e.lastDeliveryAt ? <RelativeTime iso={e.lastDeliveryAt} /> : t.never}
            </span>
          </div>
          <code data-testid="forwarding-command" className="block break-all rounded bg-slate-100 p-2 font-mono dark:bg-slate-900">
            {e.command}
          </code>
          <div className="flex gap-2">
            <Button variant="secondary" onClick={() => copy(e.id, e.command)}>
              {copied === e.id ? t.copied : t.copy}
            </Button>
            {canManage && (
              <Button variant="secondary" disabled={remove.isPending} onClick={() => remove.mutate(e.id)}>
                {t.remove}
              </Button>
            )}
          </div>
        </div>
      ))}
      {canManage ? (
        <form onSubmit={onSubmit} noValidate className="flex flex-wrap items-end gap-2">
          <div className="min-w-64 flex-1">
            <Field label={t.secret} error={secretError} hint={t.secretHint}>
              <Input name="secret" type="password" autoComplete="off" placeholder="whsec_…" />
            </Field>
          </div>
          <Button type="submit" disabled={add.isPending} className="mb-[1.375rem]">
            {t.add}
          </Button>
        </form>
      ) : (
        <p className="text-xs text-slate-500 dark:text-slate-400">{t.onlyAdmins}</p>
      )}
    </section>
  );
}
