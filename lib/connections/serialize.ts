import "server-only";
import type { ProviderConnection } from "@/db/schema";
import { iso } from "@/lib/utils/iso";
import { describeDisabledReason, describeRequirements } from "./requirement-labels";

/** What the dashboard may see of a connection: never the credential, only its last characters. */
export function serializeConnection(row: ProviderConnection) {
  const details = row.details;
  const req = details?.requirements;
  // Past-due items are listed once, under past due; the rest of what is due comes after.
  const pastDue = req?.pastDue ?? [];
  const currentlyDue = (req?.currentlyDue ?? []).filter((k) => !pastDue.includes(k));
  const eventuallyDue = (req?.eventuallyDue ?? []).filter((k) => !pastDue.includes(k) && !currentlyDue.includes(k));
  // A fresh account carries a disabled reason before anything could be submitted; it says nothing then.
  const disabledReason = req?.disabledReason && details?.detailsSubmitted ? req.disabledReason : null;
  return {
    id: row.id,
    provider: row.provider,
    mode: row.mode,
    status: row.status,
    accountId: row.accountId,
    accountName: details?.name ?? null,
    email: details?.email ?? null,
    country: details?.country ?? null,
    chargesEnabled: details?.chargesEnabled ?? false,
    payoutsEnabled: details?.payoutsEnabled ?? false,
    detailsSubmitted: details?.detailsSubmitted ?? false,
    requirements: {
      pastDue: describeRequirements(pastDue),
      currentlyDue: describeRequirements(currentlyDue),
      eventuallyDue: describeRequirements(eventuallyDue),
    },
    disabledReason: disabledReason ? { code: disabledReason, label: describeDisabledReason(disabledReason) } : null,
    credentialHint: row.credentialHint,
    lastSyncedAt: iso(row.lastSyncedAt),
    disconnectedAt: iso(row.disconnectedAt),
    createdAt: row.createdAt.toISOString(),
  };
}

export type SerializedConnection = ReturnType<typeof serializeConnection>;
