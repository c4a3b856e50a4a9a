"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, ErrorNote } from "@/components/ui/card";
import { HiddenLabel, Select } from "@/components/ui/field";
import { useFormat, useT } from "@/lib/i18n/i18n-context";
import { useSubscriptionAction } from "@/lib/hooks/use-subscriptions";
import type { GetSubscriptionResponse } from "@/lib/subscriptions/get-subscription";

type Simple = "pause" | "resume" | "cancel" | "cancel_at_period_end";

/** The actions this provider allows in this state; the server checks the same rules. */
export function SubscriptionActions({ org, sub }: { org: string; sub: GetSubscriptionResponse }) {
  const dictionary = useT();
  const t = dictionary.subscriptions.detail.actions;
  const cycles = dictionary.checkouts.cycles;
  const format = useFormat();
  const act = useSubscriptionAction(org, sub.id);
  const allowed = new Set(sub.allowedActions);
  const options = sub.planOptions.filter((p) => !(p.code === sub.plan?.code && p.billingCycle === sub.billingCycle));
  const [target, setTarget] = useState(options[0] ? `${options[0].code}:${options[0].billingCycle}` : "");
  const run = (action: Simple) => confirm(t.confirm[action]) && act.mutate({ action });
  const button = (action: Simple, label: string, variant: "secondary" | "danger" = "secondary") =>
    allowed.has(action) && (
      <Button variant={variant} disabled={act.isPending} onClick={() => run(action)}>
        {label}
      </Button>
    );
  return (
    <Card title={t.title} description={t.providerNote[sub.provider]}>
      <div className="flex flex-wrap items-center gap-2" data-testid="subscription-actions">
        {button("pause", t.pause)}
        {button("resume", t.resume)}
        {button("cancel_at_period_end", t.cancelAtPeriodEnd)}
        {button("cancel", t.cancel, "danger")}
        {allowed.size === 0 && <p className="text-sm text-slate-500">{t.none(sub.status)}</p>}
      </div>
      {allowed.has("change_plan") && options.length > 0 && (
        <div className="mt-4 flex flex-wrap items-center gap-2">
          <HiddenLabel label={t.newPlan} className="text-sm">
            <Select value={target} onChange={(e) => setTarget(e.target.value)}>
              {options.map((p) => (
                <option key={`${p.code}:${p.billingCycle}`} value={`${p.code}:${p.billingCycle}`}>
                  {p.name} ({cycles[p.billingCycle] ?? p.billingCycle}) {format.money(p.amount, p.currency)}
                </option>
              ))}
            </Select>
          </HiddenLabel>
          <Button
            variant="secondary"
            disabled={act.isPending || !target}
            onClick={() => {
              const [plan, billingCycle] = target.split(":") as [string, "monthly" | "yearly"];
              if (confirm(t.confirmPlan(plan, cycles[billingCycle] ?? billingCycle))) act.mutate({ action: "change_plan", plan, billingCycle });
            }}
          >
            {t.changePlan}
          </Button>
        </div>
      )}
      {act.data && <p role="status" className="mt-3 text-sm text-slate-600 dark:text-slate-300">{act.data.scheduled?.effectiveAt ? t.scheduled(act.data.scheduled.plan, format.date(act.data.scheduled.effectiveAt)) : t.done(act.data.providerStatus)}</p>}
      <div className="mt-3"><ErrorNote error={act.error} /></div>
    </Card>
  );
}
