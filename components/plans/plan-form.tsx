"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorNote } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
import type { SerializedPlan } from "@/lib/plans/serialize-plan";
import { useT } from "@/lib/i18n/i18n-context";
import { ProblemError } from "@/lib/hooks/fetch-json";
import { useCreatePlan, useUpdatePlan } from "@/lib/hooks/use-plans";
import { currencies } from "@/lib/validations/plans";
import { parseMoney } from "./money";

const decimal = (minor: number | null) => (minor === null ? "" : (minor / 100).toFixed(2));

/** Creates a plan, or edits one (code and currency are fixed once created). */
export function PlanForm({ org, plan, onDone }: { org: string; plan?: SerializedPlan; onDone?: () => void }) {
  const t = useT().plans.form;
  const cancel = useT().common.cancel;
  const create = useCreatePlan(org);
  const update = useUpdatePlan(org);
  const mutation = plan ? update : create;
  const [local, setLocal] = useState<Record<string, string>>({});
  const fieldError = (f: string) =>
    local[f] ?? (mutation.error instanceof ProblemError ? mutation.error.errors.find((e) => e.field === f)?.message : undefined);

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const monthly = parseMoney(String(data.get("monthly")));
    const yearly = parseMoney(String(data.get("yearly")));
    const errors: Record<string, string> = {};
    if (Number.isNaN(monthly)) errors["prices.monthly"] = t.amountError;
    if (Number.isNaN(yearly)) errors["prices.yearly"] = t.amountError;
    setLocal(errors);
    if (Object.keys(errors).length) return;
    const common = { name: String(data.get("name")), trialDays: Number(data.get("trialDays") || 0), prices: { monthly, yearly } };
    if (plan) update.mutate({ id: plan.id, ...common }, { onSuccess: () => onDone?.() });
    else create.mutate({ ...common, code: String(data.get("code")), currency: String(data.get("currency")) as (typeof currencies)[number] }, { onSuccess: () => form.reset() });
  }

  return (
    <form onSubmit={onSubmit} noValidate className="mb-6 grid gap-3 rounded-md border border-dashed border-slate-300 p-4 sm:grid-cols-6 dark:border-slate-700">
      {!plan && (
        <Field label={t.code} error={fieldError("code")} hint={t.codeHint}>
          <Input name="code" placeholder="plus" required />
        </Field>
      )}
      <Field label={t.name} error={fieldError("name")}>
        <Input name="name" placeholder="Plus" defaultValue={plan?.name} required />
      </Field>
      {!plan && (
        <Field label={t.currency} error={fieldError("currency")}>
          <Select name="currency" defaultValue="usd">
            {currencies.map((c) => <option key={c} value={c}>{c.toUpperCase()}</option>)}
          </Select>
        </Field>
      )}
      <Field label={t.monthly} error={fieldError("prices.monthly")}>
        <Input name="monthly" inputMode="decimal" placeholder="15.00" defaultValue={decimal(plan?.prices.monthly ?? null)} />
      </Field>
      <Field label={t.yearly} error={fieldError("prices.yearly")}>
        <Input name="yearly" inputMode="decimal" placeholder="150.00" defaultValue={decimal(plan?.prices.yearly ?? null)} />
      </Field>
      <Field label={t.trialDays} error={fieldError("trialDays")}>
        <Input name="trialDays" type="number" min={0} max={365} defaultValue={plan?.trialDays ?? 0} />
      </Field>
      <div className="flex items-end gap-2 sm:col-span-6">
        <Button type="submit" disabled={mutation.isPending}>{plan ? t.save : t.create}</Button>
        {plan && <Button type="button" variant="ghost" onClick={onDone}>{cancel}</Button>}
        {mutation.error && !(mutation.error instanceof ProblemError && mutation.error.errors.length) && <ErrorNote error={mutation.error} />}
      </div>
    </form>
  );
}
