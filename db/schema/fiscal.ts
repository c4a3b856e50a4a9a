import { boolean, pgTable, timestamp, uuid } from "drizzle-orm/pg-core";
import { organizations } from "./organizations";

/** An organization's tax choices for the checkouts Beacon creates; no row means the defaults. */
export const fiscalSettings = pgTable("fiscal_settings", {
  organizationId: uuid()
    .primaryKey()
    .references(() => organizations.id, { onDelete: "cascade" }),
  /** Stripe: automatic tax and tax-ID collection on new checkouts (Conekta orders carry IVA anyway). */
  automaticTax: boolean().notNull().default(false),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export type FiscalSettings = typeof fiscalSettings.$inferSelect;
