import "server-only";
import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import { db } from "@/db";
import { checkouts, customers, plans, subscriptions } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import type { OrgContext } from "@/lib/auth/context";
import type { CheckoutListResponse } from "@/lib/validations/api-responses";
import type { ListCheckoutsQuery } from "@/lib/validations/checkouts";
import { confirmDoorOf, confirmKind, serializeCheckout } from "./serialize-checkout";

// The cursor is the last row's (createdAt, id), opaque to callers; microseconds matter, so the
// time travels as the database's own text.
const encode = (createdAt: string, id: string) => Buffer.from(`${createdAt}|${id}`).toString("base64url");

function decode(cursor: string): { createdAt: string; id: string } {
  const [createdAt, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  if (!createdAt || !id || !/^\d{4}-\d\d-\d\d[ T][\d:.]+(Z|[+-]\d\d(:?\d\d)?)$/.test(createdAt) || !/^[0-9a-f-]{36}$/.test(id)) {
    throw new DomainError("validation_failed", "cursor: not a cursor this API returned.", { errors: [{ field: "cursor", message: "Invalid cursor" }] });
  }
  return { createdAt, id };
}

/** Newest first, cursor-paginated. API tokens see their own mode; the dashboard picks one. */
export async function listCheckouts({ ctx, input }: { ctx: OrgContext; input: ListCheckoutsQuery }): Promise<CheckoutListResponse> {
  const where: (SQL | undefined)[] = [
    eq(checkouts.organizationId, ctx.organization.id),
    ctx.principal.type === "api_token" ? eq(checkouts.mode, ctx.principal.mode) : input.mode ? eq(checkouts.mode, input.mode) : undefined,
    input.status ? eq(checkouts.status, input.status) : undefined,
  ];
  if (input.cursor) {
    const { createdAt, id } = decode(input.cursor);
    where.push(sql`(${checkouts.createdAt}, ${checkouts.id}) < (${createdAt}::timestamptz, ${id}::uuid)`);
  }
  const rows = await db
    .select({
      checkout: checkouts,
      plan: { code: plans.code },
      subscription: { status: subscriptions.status },
      buyer: { email: customers.email, name: customers.name },
      cursorAt: sql<string>`${checkouts.createdAt}::text`,
      confirmKind,
    })
    .from(checkouts)
    .innerJoin(plans, eq(plans.id, checkouts.planId))
    .leftJoin(subscriptions, eq(subscriptions.id, checkouts.subscriptionId))
    .leftJoin(customers, eq(customers.id, checkouts.customerId))
    .where(and(...where))
    .orderBy(desc(checkouts.createdAt), desc(checkouts.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  const now = new Date();
  return {
    data: page.map((r) => serializeCheckout(r.checkout, r.plan, r.subscription, now, r.buyer, confirmDoorOf(r.confirmKind))),
    nextCursor: rows.length > input.limit && last ? encode(last.cursorAt, last.checkout.id) : null,
  };
}

export type ListCheckoutsResponse = Awaited<ReturnType<typeof listCheckouts>>;
