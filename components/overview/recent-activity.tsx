"use client";

import Link from "next/link";
import { Badge, Card } from "@/components/ui/card";
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
                <span>
                  <Badge tone="blue">{t.common.providers[item.provider] ?? item.provider}</Badge>{" "}
                  <Link href={item.href} className="text-brand-600 hover:underline dark:text-brand-500">
                    {a.change(t.common.timelineFields[item.field] ?? item.field, value(item.field, item.from), value(item.field, item.to))}
                  </Link>{" "}
                  <span className="text-xs text-slate-500">{a.sources[item.source] ?? item.source}</span>
                </span>
              ) : (
                <span>
                  <Badge>{item.action}</Badge> <span className="text-slate-600 dark:text-slate-300">{t.settings.audit.by(item.actor)}</span>
                </span>
              )}
              <RelativeTime iso={item.at} />
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
