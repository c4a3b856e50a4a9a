import Link from "next/link";
import { DecisionBadge, EventStatusBadge } from "@/components/events/status-badge";
import { statusTone } from "@/components/subscriptions/format";
import { Badge, type Tone } from "@/components/ui/card";
import type { ChainStep } from "@/lib/checkouts/chain-steps";
import { useFormat, useT } from "@/lib/i18n/i18n-context";

const outcomeTone: Record<string, Tone> = {
  created: "green",
  replayed: "blue",
  confirmed: "green",
  unchanged: "neutral",
  conflict_in_flight: "amber",
  key_reused_422: "red",
  duplicate_subscription_409: "amber",
  error: "red",
};

const dotTone: Record<Tone, string> = {
  neutral: "bg-slate-400 dark:bg-slate-500",
  green: "bg-emerald-500",
  amber: "bg-amber-500",
  red: "bg-red-500",
  blue: "bg-brand-500",
};

const link = "text-brand-700 hover:underline dark:text-blue-300";
const meta = "mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-500 dark:text-slate-400";

function toneOf(step: ChainStep): Tone {
  if (step.kind === "request") return outcomeTone[step.outcome] ?? "neutral";
  if (step.kind === "webhook") return step.status === "dead" ? "red" : step.status === "failed" ? "amber" : step.decision === "applied" ? "green" : "blue";
  if (step.kind === "confirmed") return step.status === "completed" ? "green" : "amber";
  return "blue";
}

/** One step of a checkout's chain: what happened, when (Beacon's clock), and where to look further. */
export function ChainStepItem({ org, step }: { org: string; step: ChainStep }) {
  const t = useT().checkoutChain;
  const format = useFormat();
  const when = (iso: string) => format.dateTime(iso, { dateStyle: "medium", timeStyle: "medium" });
  return (
    <li className="relative" data-testid="chain-step" data-kind={step.kind} data-outcome={step.kind === "request" ? step.outcome : undefined}>
      <span className={`absolute -left-[1.66rem] top-1.5 h-2.5 w-2.5 rounded-full ring-4 ring-white dark:ring-slate-900 ${dotTone[toneOf(step)]}`} />
      <div className="flex flex-wrap items-center gap-2 text-xs text-slate-500 dark:text-slate-400">
        <time dateTime={step.at}>{when(step.at)}</time>
        <span className="uppercase tracking-wide">{t.kinds[step.kind]}</span>
      </div>
      <StepBody org={org} step={step} when={when} />
    </li>
  );
}

function StepBody({ org, step, when }: { org: string; step: ChainStep; when: (iso: string) => string }) {
  const dictionary = useT();
  const t = dictionary.checkoutChain;
  switch (step.kind) {
    case "request":
      return (
        <div>
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <strong>{t.actions[step.action]}</strong>
            <Badge tone={outcomeTone[step.outcome]}>{t.outcomes[step.outcome]}</Badge>
            {step.status !== null && <span className="font-mono text-xs">{step.status}</span>}
          </div>
          <p className="mt-1 break-all font-mono text-xs text-slate-600 dark:text-slate-300">{step.method} {step.path}</p>
          <div className={meta}>
            {step.idempotencyKey && <span>{t.labels.key}: <span className="font-mono text-slate-700 dark:text-slate-200" data-testid="idempotency-key">{step.idempotencyKey}</span></span>}
            {step.fingerprint && <span>{t.labels.body}: <span className="font-mono">{step.fingerprint}</span></span>}
            {step.providerStatus && <span>{t.labels.providerSays}: <span className="font-mono">{step.providerStatus}</span></span>}
            <span>{t.labels.by} {step.actor ?? t.labels.buyer}</span>
            {step.requestId && <span>{t.labels.requestId} <span className="font-mono">{step.requestId}</span></span>}
            <span>{t.labels.took(step.durationMs)}</span>
          </div>
          {step.detail && <p className="mt-1 text-xs text-red-700 dark:text-red-300">{step.detail}</p>}
        </div>
      );
    case "session":
      return (
        <div>
          <div className="text-sm"><strong>{t.session(dictionary.common.providers[step.provider] ?? step.provider)}</strong></div>
          <div className={meta}>
            <span className="break-all font-mono text-slate-700 dark:text-slate-200">{step.providerCheckoutId}</span>
            {step.url && <a href={step.url} target="_blank" rel="noreferrer" className={link}>{t.hostedPage}</a>}
            {step.expiresAt && <span>{t.labels.expires} {when(step.expiresAt)}</span>}
          </div>
        </div>
      );
    case "confirmed":
      return (
        <div className="text-sm">
          <strong>{t.confirmedStep(dictionary.checkouts.status[step.status] ?? step.status, step.via ? (t.via[step.via] ?? step.via) : null)}</strong>
        </div>
      );
    case "webhook":
      return (
        <div>
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <Link href={`/${org}/events/${step.eventId}`} className={`font-medium ${link}`}>{step.type}</Link>
            <EventStatusBadge status={step.status} />
            <DecisionBadge decision={step.decision} />
          </div>
          <div className={meta}>
            <span className="font-mono">{step.providerEventId}</span>
            <span>{t.labels.providerTime} {when(step.providerCreatedAt)}</span>
            {step.deliveries > 1 && <span>{t.labels.deliveries(step.deliveries)}</span>}
          </div>
          {step.note ? (
            <p className="mt-1 text-xs text-slate-600 dark:text-slate-300" data-testid="decision-note">{dictionary.common.decisionNote(step.note)}</p>
          ) : (
            step.status === "pending" && <p className="mt-1 text-xs text-slate-500">{t.labels.processing}</p>
          )}
        </div>
      );
    case "subscription":
      return (
        <div>
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <strong>{t.subscription}</strong>
            <Link href={`/${org}/subscriptions/${step.subscriptionId}`} className={`break-all font-mono text-xs ${link}`}>{step.providerSubscriptionId}</Link>
            <Badge tone={statusTone[step.status]}>{dictionary.subscriptions.statuses[step.status] ?? step.status}</Badge>
          </div>
          {step.source && <div className={meta}><span>{t.subscriptionSources[step.source] ?? step.source}</span></div>}
        </div>
      );
  }
}
