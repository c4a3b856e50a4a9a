import { Badge, type Tone } from "@/components/ui/card";
import { useT } from "@/lib/i18n/i18n-context";

const eventTones: Record<string, Tone> = {
  pending: "blue",
  processing: "blue",
  processed: "green",
  ignored: "neutral",
  failed: "amber",
  dead: "red",
  rejected: "red",
};

const decisionTones: Record<string, Tone> = {
  applied: "green",
  refetched: "blue",
  stale_skipped: "amber",
  duplicate: "neutral",
  ignored: "neutral",
};

export function EventStatusBadge({ status }: { status: string }) {
  const t = useT();
  return <Badge tone={eventTones[status] ?? "neutral"}>{t.events.statuses[status] ?? t.subscriptions.statuses[status] ?? status}</Badge>;
}

export function DecisionBadge({ decision }: { decision: string | null }) {
  const t = useT();
  if (!decision) return null;
  return <Badge tone={decisionTones[decision] ?? "neutral"}>{t.events.decisions[decision] ?? decision}</Badge>;
}
