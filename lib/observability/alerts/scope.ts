import "server-only";
import type { AlertFacts } from "@/db/queries/alerts";
import type { Mode } from "@/db/schema";

/** What every alert rule evaluates against: one organization, one mode, one instant, and the facts read for them. */
export interface AlertScope {
  organizationId: string;
  slug: string;
  mode: Mode;
  now: Date;
  facts: AlertFacts;
}
