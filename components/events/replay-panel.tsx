"use client";

import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Badge, Card, ErrorNote } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { Field, Input, Select } from "@/components/ui/field";
import type { Mode } from "@/db/schema";
import { useT } from "@/lib/i18n/i18n-context";
import { usePlanReplay, useReplayProgress, useRunReplay, type ReplayFilterForm } from "@/lib/hooks/use-replay";
import type { ReplayPlan } from "@/lib/webhooks/replay/plan-replay";

/** A datetime-local value as the API reads it (UTC ISO), or unset. */
const toIso = (local: string) => (local ? new Date(local).toISOString() : "");

/**
 * Replay by filter (admins): choose what to replay, read the plan (how many, which types, what
 * each would do now), then run it and follow its progress to the result. Nothing runs before the
 * plan is shown, and changing the filter asks for a new plan.
 */
export function ReplayPanel({ org, mode }: { org: string; mode: Mode }) {
  const t = useT().operations.replay;
  const [form, setForm] = useState({ status: "dead", provider: "", type: "", from: "", to: "", objectId: "" });
  const plan = usePlanReplay(org);
  const run = useRunReplay(org);
  const progress = useReplayProgress(org, run.data?.replayId ?? null);
  const filter: ReplayFilterForm = { mode, ...form, from: toIso(form.from), to: toIso(form.to) };
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => {
    setForm({ ...form, [key]: e.target.value });
    plan.reset();
    run.reset();
  };
  const shown = plan.data;
  const [open, setOpen] = useState(false);
  return (
    <div data-testid="replay-panel">
      <Card
        title={t.title}
        description={t.description}
        actions={
          <Button variant="secondary" aria-expanded={open} onClick={() => setOpen(!open)}>
            {open ? t.close : t.open}
          </Button>
        }
      >
        {open && (
        <div className="space-y-4">
          <div className="grid gap-3 sm:grid-cols-3">
            <Field label={t.status}>
              <Select name="replay-status" value={form.status} onChange={set("status")}>
                {(["dead", "failed", "ignored"] as const).map((s) => (
                  <option key={s} value={s}>
                    {t.statuses[s]}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label={t.provider}>
              <Select name="replay-provider" value={form.provider} onChange={set("provider")}>
                <option value="">{t.anyProvider}</option>
                <option value="stripe">Stripe</option>
                <option value="conekta">Conekta</option>
              </Select>
            </Field>
            <Field label={t.type}>
              <Input name="replay-type" value={form.type} onChange={set("type")} placeholder="invoice." />
            </Field>
            <Field label={t.from}>
              <Input name="replay-from" type="datetime-local" value={form.from} onChange={set("from")} />
            </Field>
            <Field label={t.to}>
              <Input name="replay-to" type="datetime-local" value={form.to} onChange={set("to")} />
            </Field>
            <Field label={t.objectId}>
              <Input name="replay-object" value={form.objectId} onChange={set("objectId")} placeholder="sub_…" />
            </Field>
          </div>
          <div className="flex flex-wrap gap-2">
            <Button variant="secondary" disabled={plan.isPending} onClick={() => plan.mutate(filter)}>
              {plan.isPending ? t.planning : t.plan}
            </Button>
            {shown && shown.willQueue > 0 && !run.data && (
              <Button disabled={run.isPending} onClick={() => run.mutate(filter)}>
                {run.isPending ? t.running : t.run(shown.willQueue)}
              </Button>
            )}
          </div>
          <ErrorNote error={plan.error ?? run.error ?? progress.error} />
          {shown && <PlanTable plan={shown} />}
          {progress.data && <Progress org={org} progress={progress.data} />}
        </div>
        )}
      </Card>
    </div>
  );
}

function PlanTable({ plan }: { plan: ReplayPlan }) {
  const t = useT().operations.replay;
  return (
    <div data-testid="replay-plan" className="space-y-2">
      <p role="status" className="text-sm font-medium">
        {plan.total === 0 ? t.nothing : t.planSummary(plan.total, plan.types.length)}
        {plan.total > plan.willQueue && ` ${t.capped(plan.willQueue)}`}
      </p>
      {plan.types.length > 0 && (
        <DataTable columns={[{ label: t.columns.type }, { label: t.columns.events }, { label: t.columns.now }]}>
          {plan.types.map((row) => (
            <tr key={`${row.provider}:${row.type}`} data-testid="replay-plan-row">
              <td className="py-2 pr-4 align-top">
                <span className="text-xs text-slate-500">{row.provider}</span> <code className="text-xs">{row.type}</code>
              </td>
              <td className="py-2 pr-4 align-top tabular-nums">{row.count}</td>
              <td className="py-2 align-top text-sm">
                {row.action.outcome === "handled" ? (
                  <Badge tone="green">{t.handled(row.action.handlers.join(", "))}</Badge>
                ) : (
                  <span>
                    <Badge tone="amber">{t.stillIgnored}</Badge> <span className="text-xs text-slate-500">{row.action.reason}</span>
                  </span>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </div>
  );
}

function Progress({ org, progress }: { org: string; progress: NonNullable<ReturnType<typeof useReplayProgress>["data"]> }) {
  const t = useT().operations.replay;
  const percent = progress.queued === 0 ? 100 : Math.round((100 * progress.settled) / progress.queued);
  const statuses = Object.entries(progress.byStatus).filter(([, n]) => n > 0);
  return (
    <div data-testid="replay-progress" data-done={progress.done} role="status" className="space-y-2 rounded-md border border-slate-200 p-3 text-sm dark:border-slate-700">
      <p className="font-medium">{progress.done ? t.done(progress.queued) : t.progress(progress.settled, progress.queued)}</p>
      <div className="h-2 w-full overflow-hidden rounded bg-slate-200 dark:bg-slate-700">
        <div className="h-2 bg-brand-600" style={{ width: `${percent}%` }} />
      </div>
      <p data-testid="replay-result" className="text-xs text-slate-600 dark:text-slate-400">
        {statuses.map(([s, n]) => `${t.statusCount[s as keyof typeof t.statusCount] ?? s}: ${n}`).join(" · ")}
        {Object.keys(progress.byDecision).length > 0 && ` — ${Object.entries(progress.byDecision).map(([d, n]) => `${d} ${n}`).join(", ")}`}
      </p>
      {progress.failing.length > 0 && (
        <ul className="list-inside list-disc text-xs">
          {progress.failing.map((f) => (
            <li key={f.id}>
              <Link className="text-brand-600 hover:underline dark:text-brand-400" href={`/${org}/events/${f.id}`}>
                {f.type}
              </Link>{" "}
              {f.status}: {f.lastError}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
