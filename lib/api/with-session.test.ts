import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { createOwner } from "@/lib/testing/factories";
import { sessionRequest, testOrigin } from "@/lib/testing/session-requests";

// The dashboard's routes read the signed-in user from next-auth; here, whoever the test says.
const session = vi.hoisted(() => ({ user: null as { id: string; email: string; name: null } | null }));
vi.mock("@/lib/auth/session", () => ({ getSessionUser: async () => session.user }));

const { POST: confirm } = await import("@/app/api/orgs/[org]/checkouts/[id]/confirm/route");
const { DELETE: revokeToken } = await import("@/app/api/orgs/[org]/tokens/[id]/route");
const { POST: createOrganization } = await import("@/app/api/orgs/route");

async function signedInOwner() {
  const owner = await createOwner("origin");
  if (owner.principal.type !== "user") throw new Error("owner is a user");
  session.user = { id: owner.principal.id, email: owner.principal.email, name: null };
  return owner;
}

const confirmAs = (org: string, request: Request) => confirm(request, { params: Promise.resolve({ org, id: randomUUID() }) });

describe("session mutations: same origin, JSON", () => {
  it("refuses a cross-site form post to confirm a checkout with 403, before anything runs", async () => {
    const owner = await signedInOwner();
    const path = `/api/orgs/${owner.organization.slug}/checkouts/x/confirm`;
    const forged = await confirmAs(owner.organization.slug, sessionRequest(path, { method: "POST", headers: { origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" } }));
    expect(forged.status).toBe(403);
    expect(forged.headers.get("content-type")).toBe("application/problem+json");
    expect(await forged.json()).toMatchObject({ code: "forbidden", reason: "foreign_origin" });
  });

  it("refuses a mutation without Origin (browsers always send one on a non-GET fetch)", async () => {
    const owner = await signedInOwner();
    const request = new Request(`${testOrigin}/api/orgs/${owner.organization.slug}/checkouts/x/confirm`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    const refused = await confirmAs(owner.organization.slug, request);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: "forbidden", reason: "missing_origin" });
  });

  it("answers 415 to a same-origin body that is not JSON, on routes that never read a body too", async () => {
    const owner = await signedInOwner();
    const path = `/api/orgs/${owner.organization.slug}/checkouts/x/confirm`;
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      const refused = await confirmAs(owner.organization.slug, sessionRequest(path, { method: "POST", headers: { "content-type": type } }));
      expect(refused.status).toBe(415);
      expect(await refused.json()).toMatchObject({ code: "unsupported_media_type" });
    }
    const bare = await confirmAs(owner.organization.slug, sessionRequest(path, { method: "POST" }));
    expect(bare.status).toBe(415);
    // Same origin and JSON: the route runs (and finds no such checkout).
    expect((await confirmAs(owner.organization.slug, sessionRequest(path, { method: "POST", json: {} }))).status).toBe(404);
  });

  it("lets a bodiless same-origin DELETE through, and withUser routes are guarded the same way", async () => {
    const owner = await signedInOwner();
    const slug = owner.organization.slug;
    const revoked = await revokeToken(sessionRequest(`/api/orgs/${slug}/tokens/x`, { method: "DELETE" }), { params: Promise.resolve({ org: slug, id: randomUUID() }) });
    expect(revoked.status).toBe(404);
    const forgedDelete = await revokeToken(sessionRequest(`/api/orgs/${slug}/tokens/x`, { method: "DELETE", headers: { origin: "null" } }), { params: Promise.resolve({ org: slug, id: randomUUID() }) });
    expect(forgedDelete.status).toBe(403);

    const forged = await createOrganization(sessionRequest("/api/orgs", { method: "POST", json: { name: "Forged" }, headers: { origin: "http://beacon.test.evil.example" } }));
    expect(forged.status).toBe(403);
    const created = await createOrganization(sessionRequest("/api/orgs", { method: "POST", json: { name: "Same origin" } }));
    expect(created.status).toBe(201);
  });
});
