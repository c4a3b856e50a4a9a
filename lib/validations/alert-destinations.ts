import { z } from "zod";

export const alertSeverities = ["critical", "warning"] as const;

/** A new alert destination: a webhook URL (Beacon signs what it sends) or an email address. */
export const createAlertDestinationInput = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("webhook"), url: z.string().trim().min(1).max(2000), minSeverity: z.enum(alertSeverities).default("critical") }).strict(),
  z.object({ kind: z.literal("email"), email: z.email().max(320), minSeverity: z.enum(alertSeverities).default("critical") }).strict(),
]);
export type CreateAlertDestinationInput = z.infer<typeof createAlertDestinationInput>;

/** Send test takes no options; the JSON body (`{}`) keeps cross-site forms out. */
export const sendTestAlertInput = z.object({}).strict();
