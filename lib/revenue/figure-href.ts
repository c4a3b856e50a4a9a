import type { Mode, Provider } from "@/db/schema";
import type { RevenueFigure } from "@/lib/validations/revenue";

/** The drill-down page listing the subscriptions behind one figure of the Revenue page. */
export function figureHref(
  slug: string,
  f: { mode: Mode; provider: Provider; currency: string; month: string; figure: RevenueFigure; attempt?: number },
) {
  const query = new URLSearchParams({ mode: f.mode, provider: f.provider, currency: f.currency, month: f.month, figure: f.figure });
  if (f.attempt !== undefined) query.set("attempt", String(f.attempt));
  return `/${slug}/revenue/subscriptions?${query}`;
}
