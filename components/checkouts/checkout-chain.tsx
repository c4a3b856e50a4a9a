"use client";

import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Badge, Card, ErrorNote } from "@/components/ui/card";
import type { GetCheckoutChainResponse } from "@/lib/checkouts/get-checkout-chain";
import { useFormat, useT } from "@/lib/i18n/i18n-context";
import { useCheckoutChain, useConfirmCheckout } from "@/lib/hooks/use-checkouts";
import { ChainStepItem } from "./chain-step";

const statusTone = { open: "amber", completed: "green", expired: "neutral", failed: "red" } as const;

/** The checkout detail page: what it is, and the causal chain of everything that happened to it. */
export function CheckoutChain({ org, id, canManage }: { org: string; id: string; canManage: boolean }) {
  const { data, error } = useCheckoutChain(org, id);
  const confirm = useConfirmCheckout(org);
  const dictionary = useT();
  const t = dictionary.checkoutChain;
  if (!data) return <ErrorNote error={error} />;
  const { checkout } = data;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <p className="text-sm"><Link href={`/${org}/checkouts`} className="text-brand-700 hover:underline dark:text-blue-300">{t.back}</Link></p>
          <h1 className="mt-1 text-2xl font-semibold">{t.title} · {checkout.planName}</h1>
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <Badge tone={statusTone[checkout.status]}>{dictionary.checkouts.status[checkout.status]}</Badge>
            {checkout.stuck && <Badge tone="amber">{dictionary.checkouts.stuck}</Badge>}
            <Badge>{dictionary.common.providers[checkout.provider]}</Badge>
            <Badge tone={checkout.mode === "live" ? "amber" : "blue"}>{dictionary.common.modes[checkout.mode]}</Badge>
            <span className="font-mono text-xs text-slate-500" data-testid="checkout-id">{checkout.id}</span>
          </div>
        </div>
        {canManage && checkout.status === "open" && (
          <Button variant={checkout.stuck ? "primary" : "secondary"} onClick={() => confirm.mutate(checkout.id)} disabled={confirm.isPending}>
            {confirm.isPending ? dictionary.checkouts.confirming : dictionary.checkouts.confirmNow}
          </Button>
        )}
      </div>
      <ErrorNote error={confirm.error} />
      <div className="grid items-start gap-6 lg:grid-cols-3">
        <Facts org={org} checkout={checkout} />
        <div className="lg:col-span-2">
          <Card title={t.chain} description={t.chainDescription}>
            <ol className="relative space-y-5 border-l border-slate-200 pl-5 dark:border-slate-700" data-testid="checkout-chain">
              {data.steps.map((step) => (
                <ChainStepItem key={step.id} org={org} step={step} />
              ))}
            </ol>
            {data.moreEvents && checkout.subscription && (
              <p className="mt-4 text-sm">
                <Link href={`/${org}/subscriptions/${checkout.subscription.id}`} className="text-brand-700 hover:underline dark:text-blue-300">{t.moreEvents}</Link>
              </p>
            )}
          </Card>
        </div>
      </div>
    </div>
  );
}

function Facts({ org, checkout }: { org: string; checkout: GetCheckoutChainResponse["checkout"] }) {
  const dictionary = useT();
  const t = dictionary.checkoutChain.facts;
  const format = useFormat();
  const when = (iso: string) => format.dateTime(iso, { dateStyle: "medium", timeStyle: "medium" });
  const customer = [checkout.customer.name, checkout.customer.email].filter(Boolean).join(" · ");
  const subscription = checkout.subscription;
  return (
    <Card title={t.title}>
      <dl className="space-y-2 text-sm">
        <Fact label={t.plan}>
          <span className="font-mono text-xs">{checkout.plan}</span> · {dictionary.checkouts.cycles[checkout.billingCycle]}
        </Fact>
        <Fact label={t.customer}>
          {customer || "—"}
          {checkout.customer.reference && <span className="block font-mono text-xs text-slate-500">{checkout.customer.reference}</span>}
        </Fact>
        <Fact label={t.session}><span className="break-all font-mono text-xs">{checkout.providerCheckoutId}</span></Fact>
        <Fact label={t.created}>{when(checkout.createdAt)}</Fact>
        <Fact label={t.confirmed}>
          {checkout.confirmedAt ? `${when(checkout.confirmedAt)}${checkout.confirmedVia ? ` · ${dictionary.checkouts.via[checkout.confirmedVia]}` : ""}` : t.notYet}
        </Fact>
        <Fact label={t.subscription}>
          {subscription ? (
            <Link href={`/${org}/subscriptions/${subscription.id}`} className="text-brand-700 hover:underline dark:text-blue-300" data-testid="chain-subscription-link">
              {subscription.status ? dictionary.common.subscriptionStatus[subscription.status] : dictionary.checkouts.linked}
            </Link>
          ) : (
            "—"
          )}
        </Fact>
      </dl>
    </Card>
  );
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs uppercase text-slate-500 dark:text-slate-400">{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
