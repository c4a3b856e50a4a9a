import "server-only";
import { desc, eq } from "drizzle-orm";
import { db } from "@/db";
import { apiTokens } from "@/db/schema";
import type { OrgContext } from "@/lib/auth/context";
import { serializeToken } from "./serialize-token";

export async function listApiTokens({ ctx }: { ctx: OrgContext }) {
  const rows = await db
    .select()
    .from(apiTokens)
    .where(eq(apiTokens.organizationId, ctx.organization.id))
    .orderBy(desc(apiTokens.createdAt));
  return { data: rows.map(serializeToken) };
}

export type ListApiTokensResponse = Awaited<ReturnType<typeof listApiTokens>>;
