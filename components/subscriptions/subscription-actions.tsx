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
  // The server leaves out the plan billed next cycle; a choice that left the list falls back to the first.
  const options = sub.planOptions;
  const [choice, setChoice] = useState("");
  // Named as the merchant chose it: the answer names plans by code.
  const [chosenName, setChosenName] = useState("");
  const target = options.find((p) => optionKey(p) === choice) ?? options[0];
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
            <Select value={target ? optionKey(target) : ""} onChange={(e) => setChoice(e.target.value)}>
              {options.map((p) => (
                <option key={optionKey(p)} value={optionKey(p)}>
                  {p.name} ({cycles[p.billingCycle] ?? p.billingCycle}) {format.money(p.amount, p.currency)}
                </option>
              ))}
            </Select>
          </HiddenLabel>
          <Button
            variant="secondary"
            disabled={act.isPending || !target}
            onClick={() => {
              if (!target || !confirm(t.confirmPlan(target.name, cycles[target.billingCycle] ?? target.billingCycle))) return;
              setChosenName(target.name);
              act.mutate({ action: "change_plan", plan: target.code, billingCycle: target.billingCycle });
            }}
          >
            {t.changePlan}
          </Button>
        </div>
      )}
      {act.data && (
        <p role="status" className="mt-3 text-sm text-slate-600 dark:text-slate-300">
          {act.data.scheduled?.effectiveAt
            ? t.scheduled(chosenName, format.date(act.data.scheduled.effectiveAt))
            : act.variables?.action === "change_plan"
              ? t.planChanged(chosenName)
              : t.done(act.data.providerStatus)}
        </p>
      )}
      <div className="mt-3"><ErrorNote error={act.error} /></div>
    </Card>
  );
}

const optionKey = (p: { code: string; billingCycle: string }) => `${p.code}:${p.billingCycle}`;
