"use client";

import Link from "next/link";
import { Card } from "@/components/ui/card";
import { useT } from "@/lib/i18n/i18n-context";
import type { QuickstartStep } from "@/lib/overview/quickstart-checklist";

export function QuickstartChecklist({ steps }: { steps: QuickstartStep[] }) {
  const t = useT();
  const q = t.overview.quickstart;
  const done = steps.filter((s) => s.done).length;
  return (
    <Card title={q.title} description={q.description} actions={<span className="text-sm font-medium tabular-nums" data-testid="quickstart-progress">{q.progress(done, steps.length)}</span>}>
      <ol className="space-y-3">
        {steps.map((step, index) => {
          const text = q.steps[step.key];
          return (
            <li key={step.key} className="flex items-start gap-3" data-testid="quickstart-step" data-step={step.key} data-done={step.done}>
              <span
                aria-hidden
                className={`mt-0.5 flex h-6 w-6 shrink-0 items-center justify-center rounded-full text-xs font-semibold ${step.done ? "bg-emerald-500 text-white" : "border border-slate-300 text-slate-500 dark:border-slate-600"}`}
              >
                {step.done ? "✓" : index + 1}
              </span>
              <div className="min-w-0 flex-1">
                <div className="font-medium">
                  {text.title}
                  <span className="sr-only">{step.done ? ` (${q.done})` : ""}</span>
                </div>
                <p className="text-sm text-slate-500 dark:text-slate-400">{text.description}</p>
                {step.done && step.providers.length > 0 && (
                  <p className="text-xs text-emerald-700 dark:text-emerald-400">{q.providersDone(step.providers.map((p) => t.common.providers[p]).join(", "))}</p>
                )}
              </div>
              {step.done ? (
                <span className="text-sm font-medium text-emerald-700 dark:text-emerald-400">{q.done}</span>
              ) : (
                <Link href={step.href} className="shrink-0 text-sm font-medium text-brand-600 hover:underline dark:text-brand-500">
                  {text.action} →
                </Link>
              )}
            </li>
          );
        })}
      </ol>
    </Card>
  );
}
