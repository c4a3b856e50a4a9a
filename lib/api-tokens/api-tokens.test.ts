import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { apiTokens, auditLog } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { createMember, createOwner } from "@/lib/testing/factories";
import { authenticateApiToken } from "./authenticate-api-token";
import { createApiToken } from "./create-api-token";
import { listApiTokens } from "./list-api-tokens";
import { revokeApiToken } from "./revoke-api-token";
import { hashToken } from "./token-format";

describe("API tokens", () => {
  it("shows the token once, stores only its hash, and authenticates it", async () => {
    const owner = await createOwner();
    const created = await createApiToken({ ctx: owner, input: { name: "backend", scopes: ["integration"], mode: "test" } });
    expect(created.token).toMatch(/^bcn_test_[0-9A-Za-z]{32}$/);
    expect(created.prefix).toBe(created.token.slice(0, 13));

    const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, created.id));
    expect(row?.tokenHash).toBe(hashToken(created.token));
    expect(JSON.stringify(row)).not.toContain(created.token);

    const listed = await listApiTokens({ ctx: owner });
    expect(listed.data.map((t) => t.id)).toEqual([created.id]);
    expect(JSON.stringify(listed)).not.toContain(created.token);

    const ctx = await authenticateApiToken(created.token);
    expect(ctx?.organization.id).toBe(owner.organization.id);
    expect(ctx?.principal).toMatchObject({ type: "api_token", mode: "test", scopes: ["integration"] });
    const [used] = await db.select().from(apiTokens).where(eq(apiTokens.id, created.id));
    expect(used?.lastUsedAt).toBeInstanceOf(Date);
  });

  it("stops authenticating a revoked token and audits both actions", async () => {
    const owner = await createOwner();
    const created = await createApiToken({ ctx: owner, input: { name: "ci", scopes: ["read"], mode: "live" } });
    expect(created.token.startsWith("bcn_live_")).toBe(true);
    const revoked = await revokeApiToken({ ctx: owner, input: { tokenId: created.id } });
    expect(revoked.revokedAt).not.toBeNull();
    expect(await authenticateApiToken(created.token)).toBeNull();
    // Revoking again is harmless and keeps the first revocation time.
    expect((await revokeApiToken({ ctx: owner, input: { tokenId: created.id } })).revokedAt).toBe(revoked.revokedAt);

    const actions = await db.select().from(auditLog).where(eq(auditLog.organizationId, owner.organization.id));
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(["api_token.created", "api_token.revoked"]));
    expect(actions.filter((a) => a.action === "api_token.revoked")).toHaveLength(1);
    expect(JSON.stringify(actions)).not.toContain(created.token);
  });

  it("rejects unknown and malformed tokens", async () => {
    expect(await authenticateApiToken("bcn_test_" + "x".repeat(32))).toBeNull();
    expect(await authenticateApiToken("not-a-token")).toBeNull();
  });

  it("lets a viewer list but not create or revoke", async () => {
    const owner = await createOwner();
    const viewer = await createMember(owner, "viewer");
    const created = await createApiToken({ ctx: owner, input: { name: "x", scopes: ["read"], mode: "test" } });
    await expect(createApiToken({ ctx: viewer, input: { name: "y", scopes: ["read"], mode: "test" } })).rejects.toMatchObject({ code: "forbidden" });
    await expect(revokeApiToken({ ctx: viewer, input: { tokenId: created.id } })).rejects.toBeInstanceOf(DomainError);
    expect((await listApiTokens({ ctx: viewer })).data).toHaveLength(1);
    expect(await db.select().from(apiTokens).where(eq(apiTokens.organizationId, owner.organization.id))).toHaveLength(1);
  });

  it("never reaches another organization's token", async () => {
    const a = await createOwner("a");
    const b = await createOwner("b");
    const bToken = await createApiToken({ ctx: b, input: { name: "b", scopes: ["read"], mode: "test" } });
    await expect(revokeApiToken({ ctx: a, input: { tokenId: bToken.id } })).rejects.toMatchObject({ code: "not_found" });
    expect(await authenticateApiToken(bToken.token)).not.toBeNull();
    expect((await listApiTokens({ ctx: a })).data).toHaveLength(0);
  });
});
