import type { ReturnOutcome, ReturnResult } from "@/lib/checkouts/confirm-return";
import type { Dictionary } from "@/lib/i18n/dictionaries";

type Texts = Dictionary["checkouts"]["result"];

const look: Record<ReturnResult, { icon: string; tone: string }> = {
  completed: { icon: "✓", tone: "text-emerald-600 dark:text-emerald-400" },
  processing: { icon: "…", tone: "text-amber-600 dark:text-amber-400" },
  canceled: { icon: "←", tone: "text-slate-600 dark:text-slate-300" },
  expired: { icon: "⌛", tone: "text-slate-600 dark:text-slate-300" },
  failed: { icon: "✕", tone: "text-red-600 dark:text-red-400" },
};

function copy(t: Texts, o: ReturnOutcome): { title: string; text: string } {
  switch (o.result) {
    case "completed":
      return { title: t.completedTitle, text: t.completed(o.plan, o.merchant, o.subscriptionStatus === "trialing") };
    case "processing":
      return { title: t.processingTitle, text: t.processing(o.merchant) };
    case "canceled":
      return { title: t.canceledTitle, text: t.canceled(o.plan) };
    case "expired":
      return { title: t.expiredTitle, text: t.expired(o.plan, o.merchant) };
    case "failed":
      return { title: t.failedTitle, text: t.failed(o.plan) };
  }
}

/** What a buyer sees back from the hosted checkout; sends them on to the merchant's page when one was given. */
export function ReturnResultCard({ outcome, t }: { outcome: ReturnOutcome; t: Texts }) {
  const { icon, tone } = look[outcome.result];
  const { title, text } = copy(t, outcome);
  return (
    <div className="space-y-4 text-center" data-testid="return-result" data-result={outcome.result}>
      {outcome.redirectTo && <meta httpEquiv="refresh" content={`4;url=${outcome.redirectTo}`} />}
      <div className={`text-4xl ${tone}`} aria-hidden>{icon}</div>
      <h1 className="text-xl font-semibold">{title}</h1>
      <p className="text-sm text-slate-600 dark:text-slate-300">{text}</p>
      {outcome.providerUnreachable && <p className="text-xs text-amber-700 dark:text-amber-300">{t.unreachable}</p>}
      {outcome.redirectTo ? (
        <p className="text-sm">
          {t.redirecting(outcome.merchant)}{" "}
          <a className="font-medium text-brand-600 underline dark:text-brand-500" href={outcome.redirectTo}>{t.continueNow}</a>
        </p>
      ) : (
        outcome.result !== "processing" && <p className="text-sm text-slate-500">{t.close}</p>
      )}
    </div>
  );
}
