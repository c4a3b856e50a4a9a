"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Badge, Card, ErrorNote } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
import { RelativeTime } from "@/components/ui/relative-time";
import type { CreateApiTokenResponse } from "@/lib/api-tokens/create-api-token";
import { useT } from "@/lib/i18n/i18n-context";
import { ProblemError } from "@/lib/hooks/fetch-json";
import { useApiTokens, useCreateApiToken, useRevokeApiToken } from "@/lib/hooks/use-api-tokens";
import { tokenScopes, type CreateApiTokenInput } from "@/lib/validations/api-tokens";
import { DataTable } from "@/components/ui/data-table";

export function ApiTokensPanel({ org, canManage }: { org: string; canManage: boolean }) {
  const tokens = useApiTokens(org);
  const revoke = useRevokeApiToken(org);
  const t = useT();
  const [created, setCreated] = useState<CreateApiTokenResponse | null>(null);

  return (
    <div id="api-tokens">
      <Card title={t.settings.tokens.title} description={t.settings.tokens.description}>
        {created && <CreatedToken token={created} onDone={() => setCreated(null)} />}
        {canManage ? <CreateTokenForm org={org} onCreated={setCreated} /> : <p className="mb-4 text-sm text-slate-500">{t.settings.tokens.onlyAdmins}</p>}
        <ErrorNote error={tokens.error ?? revoke.error} />
        <DataTable columns={[{ label: t.settings.tokens.name }, { label: t.settings.tokens.token }, { label: t.settings.tokens.scopes }, { label: t.settings.tokens.created }, { label: t.settings.tokens.lastUsed }, {}]}>
          {tokens.data?.data.map((token) => (
            <tr key={token.id} data-testid="token-row" className={token.revokedAt ? "opacity-60" : ""}>
              <td className="py-2 pr-4 font-medium" data-i18n-literal>{token.name}</td>
              <td className="py-2 pr-4 font-mono text-xs">{token.prefix}…</td>
              <td className="space-x-1 py-2 pr-4">
                <Badge tone={token.mode === "live" ? "amber" : "blue"}>{t.common.modes[token.mode]}</Badge>
                {token.scopes.map((s) => <Badge key={s}>{s}</Badge>)}
              </td>
              <td className="py-2 pr-4"><RelativeTime iso={token.createdAt} /></td>
              <td className="py-2 pr-4"><RelativeTime iso={token.lastUsedAt} /></td>
              <td className="py-2 text-right">
                {token.revokedAt ? (
                  <Badge tone="red">{t.settings.tokens.revoked}</Badge>
                ) : (
                  canManage && (
                    <Button
                      variant="danger"
                      disabled={revoke.isPending}
                      onClick={() => confirm(t.settings.tokens.confirmRevoke(token.name)) && revoke.mutate(token.id)}
                    >
                      {t.settings.tokens.revoke}
                    </Button>
                  )
                )}
              </td>
            </tr>
          ))}
          {tokens.data?.data.length === 0 && (
            <tr>
              <td colSpan={6} className="py-6 text-center text-slate-500">{t.settings.tokens.none}</td>
            </tr>
          )}
        </DataTable>
      </Card>
    </div>
  );
}

function CreateTokenForm({ org, onCreated }: { org: string; onCreated: (t: CreateApiTokenResponse) => void }) {
  const create = useCreateApiToken(org);
  const t = useT();
  const fieldError = (f: string) => (create.error instanceof ProblemError ? create.error.errors.find((e) => e.field === f)?.message : undefined);
  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = { name: String(form.get("name")), mode: form.get("mode"), scopes: form.getAll("scopes") } as CreateApiTokenInput;
    create.mutate(input, { onSuccess: (t) => (onCreated(t), (event.target as HTMLFormElement).reset()) });
  }
  return (
    <form onSubmit={onSubmit} className="mb-6 grid gap-3 rounded-md border border-dashed border-slate-300 p-4 sm:grid-cols-4 dark:border-slate-700" noValidate>
      <Field label={t.settings.tokens.tokenName} error={fieldError("name")}>
        <Input name="name" placeholder={t.settings.tokens.namePlaceholder} required />
      </Field>
      <Field label={t.settings.tokens.mode}>
        <Select name="mode" defaultValue="test">
          <option value="test">{t.common.modes.test}</option>
          <option value="live">{t.common.modes.live}</option>
        </Select>
      </Field>
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium text-slate-700 dark:text-slate-300">{t.settings.tokens.scopes}</legend>
        {tokenScopes.map((s) => (
          <label key={s} className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="scopes" value={s} defaultChecked={s === "integration"} /> {s}
          </label>
        ))}
        {fieldError("scopes") && <span role="alert" className="block text-xs text-red-600">{fieldError("scopes")}</span>}
      </fieldset>
      <div className="flex items-end">
        <Button type="submit" disabled={create.isPending}>{t.settings.tokens.create}</Button>
      </div>
      {create.error && !(create.error instanceof ProblemError && create.error.errors.length) && (
        <div className="sm:col-span-4"><ErrorNote error={create.error} /></div>
      )}
    </form>
  );
}

function CreatedToken({ token, onDone }: { token: CreateApiTokenResponse; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  const t = useT();
  return (
    <div className="mb-6 rounded-md border border-emerald-300 bg-emerald-50 p-4 dark:border-emerald-800 dark:bg-emerald-950" role="status">
      <p className="text-sm font-medium">{t.settings.tokens.createdNotice(token.name)}</p>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <code data-testid="new-token" className="break-all rounded bg-white px-2 py-1 font-mono text-sm dark:bg-slate-900">{token.token}</code>
        <Button variant="secondary" onClick={() => navigator.clipboard?.writeText(token.token).then(() => setCopied(true))}>{copied ? t.settings.tokens.copied : t.settings.tokens.copy}</Button>
        <Button variant="ghost" onClick={onDone}>{t.settings.tokens.done}</Button>
      </div>
    </div>
  );
}
