"use client";

import Link from "next/link";
import { Card } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import { useFormat, useT } from "@/lib/i18n/i18n-context";
import type { ActivityItem } from "@/lib/overview/recent-activity";

export function RecentActivity({ items }: { items: ActivityItem[] }) {
  const t = useT();
  const format = useFormat();
  const a = t.overview.activity;
  const value = (field: string, v: string | null) => {
    if (v === null) return "—";
    if (field === "status") return t.common.subscriptionStatus[v] ?? v;
    if (field.endsWith("billing_cycle")) return t.checkouts.cycles[v] ?? v;
    if (field.endsWith("_end") || field.endsWith("_at")) return format.date(v);
    return v;
  };
  return (
    <Card title={a.title}>
      {items.length === 0 ? (
        <p className="text-sm text-slate-500">{a.none}</p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm dark:divide-slate-800" data-testid="recent-activity">
          {items.map((item) => (
            <li key={item.id} className="flex flex-wrap items-baseline justify-between gap-2 py-2">
              {item.kind === "timeline" ? (
                <span className="min-w-0">
                  <Link href={item.href} className="font-medium text-brand-600 hover:underline dark:text-brand-500">
                    {a.subscriptionOf(
                      item.customer && (
                        <span key="customer" data-i18n-literal>
                          {item.customer}
                        </span>
                      ),
                      item.plan,
                      item.price && `${format.money(item.price.minor, item.price.currency)} ${t.checkouts.perCycle[item.price.cycle] ?? item.price.cycle}`,
                    )}
                  </Link>
                  {": "}
                  {a.change(t.common.timelineFields[item.field] ?? item.field, value(item.field, item.from), value(item.field, item.to))}{" "}
                  <span className="text-xs text-slate-500">
                    {t.common.providers[item.provider] ?? item.provider} · {a.sources[item.source] ?? item.source}
                  </span>
                </span>
              ) : (
                <span className="text-slate-700 dark:text-slate-300">{a.audit(
                    t.settings.audit.actions[item.action] ?? item.action,
                    <span key="actor" data-i18n-literal>
                      {item.actor}
                    </span>,
                  )}</span>
              )}
              <RelativeTime iso={item.at} />
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
