import "server-only";
import { or, sql, type SQL } from "drizzle-orm";
import { webhookEvents } from "@/db/schema";

/** The keys `objectRefs` may carry (see `stripeObjectRefs` and `conektaObjectRefs`). */
export const objectRefKeys = ["object", "subscription", "checkout", "customer", "invoice"] as const;
export type ObjectRefKey = (typeof objectRefKeys)[number];

/**
 * Events whose `objectRefs` name `value` under `key`: a containment the GIN index
 * (`jsonb_path_ops`) answers, where `object_refs ->> key = value` would read every row.
 */
export const refersTo = (key: ObjectRefKey, value: string): SQL => sql`${webhookEvents.objectRefs} @> ${JSON.stringify({ [key]: value })}::jsonb`;

/** Events naming `value` under any key: one index probe per key. */
export const refersToAny = (value: string): SQL => or(...objectRefKeys.map((key) => refersTo(key, value)))!;
