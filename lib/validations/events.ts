import { z } from "zod";
import { parseDuration } from "@/lib/utils/duration";
import { modes } from "./api-tokens";

export const eventStatuses = ["pending", "processing", "processed", "ignored", "failed", "dead"] as const;
/** `failed`: waiting for a retry; `dead`: out of retries; `rejected`: refused deliveries. */
export const eventStatusFilters = [...eventStatuses, "rejected"] as const;
export const providers = ["stripe", "conekta"] as const;

/** An optional query parameter: an empty string (an unset form field) counts as absent. */
export const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === "" || v === null ? undefined : v), schema.optional());

/**
 * A timestamp filter: a date JavaScript can parse, within years 2000–2100. Dates outside that
 * (`-004713-01-01`, `+275760-09-13`) have no events and PostgreSQL or toISOString() chokes on
 * some of them, which used to surface as a 500.
 */
export const dateFilter = z.coerce
  .date({ error: "Use an ISO 8601 date or time, e.g. 2026-01-31 or 2026-01-31T12:00:00Z" })
  .min(new Date("2000-01-01T00:00:00Z"), "Use a date in the years 2000 to 2100")
  .max(new Date("2100-12-31T23:59:59.999Z"), "Use a date in the years 2000 to 2100");

export const listEventsQuery = z.object({
  mode: z.enum(modes).default("test"),
  provider: optional(z.enum(providers)),
  status: optional(z.enum(eventStatusFilters)),
  type: optional(z.string().trim().max(100)),
  /** A provider event id, an object id (subscription, checkout, customer, invoice) or a body hash. */
  q: optional(z.string().trim().max(200)),
  from: optional(dateFilter),
  to: optional(dateFilter),
  /** Older than this time (the `nextBefore` of a page; kept for old links: prefer `cursor`). */
  before: optional(dateFilter),
  /** Keyset cursor: the `nextCursor` of the page already shown (`e:<event id>` or `r:<rejection id>`). */
  cursor: optional(z.string().regex(/^(e:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|r:[1-9]\d{0,17})$/i, "Use the nextCursor of a page")),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** `hide` leaves out events no handler acts on (status `ignored`), unless a status or a search asks for them. */
  ignored: optional(z.enum(["hide", "show"])),
});
export type ListEventsQuery = z.infer<typeof listEventsQuery>;

/** `3d`, `12h`, `30m`: how far back reconciliation looks (providers keep events 30 days). */
export const reconcileInput = z.object({
  since: z
    .string()
    .trim()
    .refine((v) => parseDuration(v) !== null, "Use a duration like 3d, 12h or 30m")
    .refine((v) => (parseDuration(v) ?? 0) <= 30 * 86_400, "Providers keep events for 30 days at most")
    .default("3d"),
  mode: z.enum(modes).default("test"),
});
export type ReconcileInput = z.infer<typeof reconcileInput>;

/** Reprocess takes no options; the JSON body (`{}`) is what keeps cross-site forms out. */
export const reprocessInput = z.object({}).strict();

/** Path ids that are not UUIDs name nothing: answered as not found. */
export const uuidParam = z.uuid();
