"use client";

import { Button } from "@/components/ui/button";
import { Card, ErrorNote } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
import { useT } from "@/lib/i18n/i18n-context";
import { ProblemError } from "@/lib/hooks/fetch-json";
import { useCreateTestCheckout } from "@/lib/hooks/use-checkouts";
import { usePlans } from "@/lib/hooks/use-plans";
import type { CreateTestCheckoutInput } from "@/lib/validations/checkouts";

/** Admins try the hosted checkout without writing code: a test-mode checkout, opened in a new tab. */
export function TestCheckoutForm({ org }: { org: string }) {
  const { create: t, cycles } = useT().checkouts;
  const plans = usePlans(org);
  const create = useCreateTestCheckout(org);
  const active = plans.data?.data.filter((p) => !p.archived) ?? [];
  const fieldError = (f: string) => (create.error instanceof ProblemError ? create.error.errors.find((e) => e.field === f)?.message : undefined);

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (name: string) => String(data.get(name) ?? "").trim() || undefined;
    const customer = { email: text("email"), name: text("name"), phone: text("phone") };
    const input: CreateTestCheckoutInput = {
      plan: String(data.get("plan")),
      billingCycle: data.get("billingCycle") === "yearly" ? "yearly" : "monthly",
      ...(text("provider") ? { provider: text("provider") as "stripe" | "conekta" } : {}),
      ...(Object.values(customer).some(Boolean) ? { customer } : {}),
    };
    create.mutate(input);
  }

  return (
    <Card title={t.title} description={t.description}>
      {active.length === 0 ? (
        <p className="text-sm text-slate-500">{t.needPlan}</p>
      ) : (
        <form onSubmit={onSubmit} noValidate className="grid gap-3 sm:grid-cols-6">
          <Field label={t.plan} error={fieldError("plan")}>
            <Select name="plan">{active.map((p) => <option key={p.id} value={p.code}>{p.name} ({p.code})</option>)}</Select>
          </Field>
          <Field label={t.cycle} error={fieldError("billingCycle")}>
            <Select name="billingCycle">
              <option value="monthly">{cycles.monthly}</option>
              <option value="yearly">{cycles.yearly}</option>
            </Select>
          </Field>
          <Field label={t.provider} error={fieldError("provider")}>
            <Select name="provider" defaultValue="">
              <option value="">{t.defaultProvider}</option>
              <option value="stripe">Stripe</option>
              <option value="conekta">Conekta</option>
            </Select>
          </Field>
          <Field label={t.email} error={fieldError("customer.email")}>
            <Input name="email" type="email" placeholder="buyer@example.com" />
          </Field>
          <Field label={t.name} error={fieldError("customer.name")} hint={t.conektaNeeds}>
            <Input name="name" placeholder="Ana López" />
          </Field>
          <Field label={t.phone} error={fieldError("customer.phone")} hint={t.conektaNeeds}>
            <Input name="phone" placeholder="+52 55 1234 5678" />
          </Field>
          <div className="flex flex-wrap items-center gap-3 sm:col-span-6">
            <Button type="submit" disabled={create.isPending}>{create.isPending ? t.creating : t.submit}</Button>
            {create.data && (
              <a data-testid="test-checkout-url" href={create.data.url} target="_blank" rel="noreferrer" className="text-sm font-medium text-brand-600 underline dark:text-brand-500">
                {t.open}
              </a>
            )}
            {create.error && !(create.error instanceof ProblemError && create.error.errors.some((e) => e.field !== "body")) && <ErrorNote error={create.error} />}
          </div>
        </form>
      )}
    </Card>
  );
}
