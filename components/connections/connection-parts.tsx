import { Badge } from "@/components/ui/card";
import type { ConnectionStatus } from "@/db/schema";
import type { SerializedConnection } from "@/lib/connections/serialize";
import { useT } from "@/lib/i18n/i18n-context";

const tones: Record<ConnectionStatus, "neutral" | "green" | "amber" | "red" | "blue"> = {
  not_started: "neutral",
  in_progress: "blue",
  pending_verification: "amber",
  restricted: "red",
  enabled: "green",
  disconnected: "red",
};

export function StatusBadge({ status }: { status: ConnectionStatus }) {
  const t = useT();
  return (
    <span data-testid="connection-status" data-status={status}>
      <Badge tone={tones[status]}>{t.connections.statuses[status] ?? status}</Badge>
    </span>
  );
}

/** A provider or mode Beacon cannot use here, and why. */
export function Notice({ tone = "amber", children }: { tone?: "amber" | "blue" | "red"; children: React.ReactNode }) {
  const tones = {
    amber: "border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200",
    blue: "border-blue-300 bg-blue-50 text-blue-900 dark:border-blue-800 dark:bg-blue-950 dark:text-blue-200",
    red: "border-red-300 bg-red-50 text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-300",
  };
  return (
    <p role="status" className={`rounded-md border px-3 py-2 text-sm ${tones[tone]}`}>
      {children}
    </p>
  );
}

export function Flags({ connection }: { connection: SerializedConnection }) {
  const t = useT().connections.flags;
  const flags = [
    [t.charges, connection.chargesEnabled],
    [t.payouts, connection.payoutsEnabled],
    [t.detailsSubmitted, connection.detailsSubmitted],
  ] as const;
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
      {flags.map(([label, on]) => (
        <li key={label} className={on ? "text-emerald-700 dark:text-emerald-400" : "text-slate-500 dark:text-slate-400"}>
          <span aria-hidden>{on ? "✓" : "✗"}</span> {label} <span className="sr-only">{on ? t.yes : t.no}</span>
        </li>
      ))}
    </ul>
  );
}

export function Requirements({ connection }: { connection: SerializedConnection }) {
  const { pastDue, currentlyDue, eventuallyDue } = connection.requirements;
  const t = useT().connections.requirements;
  const groups = [
    { title: t.pastDue, items: pastDue, className: "text-red-700 dark:text-red-400" },
    { title: t.dueNow, items: currentlyDue, className: "text-slate-800 dark:text-slate-200" },
    { title: t.dueLater, items: eventuallyDue, className: "text-slate-500 dark:text-slate-400" },
  ].filter((g) => g.items.length > 0);
  if (groups.length === 0) return <p className="text-sm text-slate-500 dark:text-slate-400">{t.none}</p>;
  return (
    <div data-testid="requirements" className="space-y-2">
      {groups.map((g) => (
        <div key={g.title}>
          <h4 className="text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">{g.title}</h4>
          <ul className={`mt-1 list-disc space-y-0.5 pl-5 text-sm ${g.className}`}>
            {g.items.map((item) => (
              <li key={item.label} title={item.keys.join(", ")}>
                {item.label}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}
