import "server-only";
import type { DbOrTx } from "@/db";
import type { Mode } from "@/db/schema";

/** What every alert rule evaluates against: one organization, one mode, one instant. */
export interface AlertScope {
  db: DbOrTx;
  organizationId: string;
  slug: string;
  mode: Mode;
  now: Date;
}
