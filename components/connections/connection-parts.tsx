import { Badge } from "@/components/ui/card";
import type { ConnectionStatus } from "@/db/schema";
import type { SerializedConnection } from "@/lib/connections/serialize";

const statuses: Record<ConnectionStatus, { label: string; tone: "neutral" | "green" | "amber" | "red" | "blue" }> = {
  not_started: { label: "Not started", tone: "neutral" },
  in_progress: { label: "Onboarding in progress", tone: "blue" },
  pending_verification: { label: "Pending verification", tone: "amber" },
  restricted: { label: "Restricted", tone: "red" },
  enabled: { label: "Enabled", tone: "green" },
  disconnected: { label: "Disconnected", tone: "red" },
};

export function StatusBadge({ status }: { status: ConnectionStatus }) {
  const { label, tone } = statuses[status];
  return (
    <span data-testid="connection-status" data-status={status}>
      <Badge tone={tone}>{label}</Badge>
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
  const flags = [
    ["Charges", connection.chargesEnabled],
    ["Payouts", connection.payoutsEnabled],
    ["Details submitted", connection.detailsSubmitted],
  ] as const;
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
      {flags.map(([label, on]) => (
        <li key={label} className={on ? "text-emerald-700 dark:text-emerald-400" : "text-slate-500 dark:text-slate-400"}>
          <span aria-hidden>{on ? "✓" : "✗"}</span> {label} <span className="sr-only">{on ? "yes" : "no"}</span>
        </li>
      ))}
    </ul>
  );
}

export function Requirements({ connection }: { connection: SerializedConnection }) {
  const { pastDue, currentlyDue, eventuallyDue } = connection.requirements;
  const groups = [
    { title: "Past due", items: pastDue, className: "text-red-700 dark:text-red-400" },
    { title: "Due now", items: currentlyDue, className: "text-slate-800 dark:text-slate-200" },
    { title: "Due later", items: eventuallyDue, className: "text-slate-500 dark:text-slate-400" },
  ].filter((g) => g.items.length > 0);
  if (groups.length === 0) return <p className="text-sm text-slate-500 dark:text-slate-400">Stripe needs nothing more right now.</p>;
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
