"use client";

import Link from "next/link";
import { useMode } from "@/components/layout/mode-context";
import { Button } from "@/components/ui/button";
import { Badge, Card, ErrorNote } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import type { SerializedCheckout } from "@/lib/checkouts/serialize-checkout";
import { useT } from "@/lib/i18n/i18n-context";
import { useCheckouts, useConfirmCheckout } from "@/lib/hooks/use-checkouts";
import { DataTable } from "@/components/ui/data-table";

const statusTone = { open: "amber", completed: "green", expired: "neutral", failed: "red" } as const;
const subscriptionTone = (status: string | null) =>
  status === "active" || status === "trialing" ? "green" : status === "past_due" || status === "unpaid" ? "red" : "neutral";

export function CheckoutsPanel({ org, canManage, stuckMinutes }: { org: string; canManage: boolean; stuckMinutes: number }) {
  const t = useT().checkouts;
  const checkouts = useCheckouts(org, useMode());
  const confirm = useConfirmCheckout(org);
  const rows = checkouts.data?.pages.flatMap((p) => p.data) ?? [];
  const stuck = rows.filter((c) => c.stuck).length;
  return (
    <Card title={t.title} description={t.description(stuckMinutes)}>
      {stuck > 0 && (
        <p role="status" className="mb-3 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200">
          {t.stuckNotice(stuck)}
        </p>
      )}
      <ErrorNote error={checkouts.error ?? confirm.error} />
      <DataTable columns={[{ label: t.columns.status }, { label: t.columns.plan }, { label: t.columns.customer }, { label: t.columns.subscription }, { label: t.columns.created }, {}]} testId="checkouts-table">
        {rows.map((c) => (
          <CheckoutRow
            key={c.id}
            org={org}
            checkout={c}
            canManage={canManage}
            busy={confirm.isPending && confirm.variables === c.id}
            onConfirm={() => confirm.mutate(c.id)}
          />
        ))}
        {rows.length === 0 && !checkouts.isLoading && (
          <tr>
            <td colSpan={6} className="py-6 text-center text-slate-500">{t.empty}</td>
          </tr>
        )}
      </DataTable>
      {checkouts.hasNextPage && (
        <Button variant="secondary" className="mt-3" onClick={() => checkouts.fetchNextPage()} disabled={checkouts.isFetchingNextPage}>
          {t.loadMore}
        </Button>
      )}
    </Card>
  );
}

interface RowProps {
  org: string;
  checkout: SerializedCheckout;
  canManage: boolean;
  busy: boolean;
  onConfirm: () => void;
}

function CheckoutRow({ org, checkout: c, canManage, busy, onConfirm }: RowProps) {
  const i18n = useT();
  const t = i18n.checkouts;
  const small = "block text-xs text-slate-500 dark:text-slate-400";
  return (
    <tr data-testid="checkout-row" data-checkout-id={c.id} data-status={c.status} className={c.stuck ? "bg-amber-50/60 dark:bg-amber-950/30" : ""}>
      <td className="py-2 pr-4">
        <span className="space-x-1 whitespace-nowrap">
          <Badge tone={statusTone[c.status]}>{t.status[c.status]}</Badge>
          {c.stuck && <Badge tone="amber">{t.stuck}</Badge>}
        </span>
        <span className={small} data-testid="confirmed-via">{c.confirmedVia ? t.via[c.confirmedVia] : t.notConfirmed}</span>
      </td>
      <td className="py-2 pr-4">
        <span className="whitespace-nowrap">
          <span className="font-mono text-xs">{c.plan}</span> · {t.cycles[c.billingCycle]}
        </span>
        <span className={small}>{i18n.common.providers[c.provider]} · {i18n.common.modes[c.mode]}</span>
      </td>
      <td className="max-w-56 py-2 pr-4">
        <span className="block truncate" title={c.customer.email ?? undefined}>{c.customer.email ?? c.customer.name ?? "—"}</span>
        {c.customer.reference && <span className={`${small} truncate font-mono`}>{c.customer.reference}</span>}
      </td>
      <td className="py-2 pr-4" data-testid="subscription-status">
        {c.subscription ? (
          <Badge tone={subscriptionTone(c.subscription.status)}>{c.subscription.status ? i18n.common.subscriptionStatus[c.subscription.status] : t.linked}</Badge>
        ) : (
          <span className="text-slate-400">—</span>
        )}
      </td>
      <td className="whitespace-nowrap py-2 pr-4"><RelativeTime iso={c.createdAt} /></td>
      <td className="py-2">
        {/* Wraps rather than widening the table past the card when a row has every action. */}
        <div className="flex flex-wrap items-center justify-end gap-x-3 gap-y-1 whitespace-nowrap">
          <Link href={`/${org}/checkouts/${c.id}`} className="text-sm text-brand-700 underline dark:text-blue-300" data-testid="checkout-chain-link">
            {i18n.checkoutChain.rowLink}
          </Link>
          {c.status === "open" && (
            <a href={c.url} target="_blank" rel="noreferrer" className="text-sm text-brand-600 underline dark:text-brand-500">{t.hostedPage}</a>
          )}
          {canManage && c.status === "open" && (
            <Button variant={c.stuck ? "primary" : "secondary"} onClick={onConfirm} disabled={busy}>{busy ? t.confirming : t.confirmNow}</Button>
          )}
        </div>
      </td>
    </tr>
  );
}
