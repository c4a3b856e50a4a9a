import { describe, expect, it, vi } from "vitest";
import { createOwner } from "@/lib/testing/factories";
import { sessionRequest } from "@/lib/testing/session-requests";

const session = vi.hoisted(() => ({ user: null as { id: string; email: string; name: null } | null }));
vi.mock("@/lib/auth/session", () => ({ getSessionUser: async () => session.user }));

const { GET: listEvents } = await import("@/app/api/orgs/[org]/events/route");

describe("GET /api/orgs/{org}/events date filters", () => {
  it.each([
    ["from", "-004713-01-01T00:00:00Z"],
    ["to", "-004713-01-01T00:00:00Z"],
    ["before", "-004713-01-01T00:00:00Z"],
    ["from", "+275760-09-13T00:00:00Z"],
    ["to", "1970-01-01"],
    ["before", "2101-01-01T00:00:00Z"],
    ["from", "not a date"],
  ])("refuses %s=%s with a problem naming the field, not a 500", async (field, value) => {
    const owner = await createOwner("dates");
    if (owner.principal.type !== "user") throw new Error("owner is a user");
    session.user = { id: owner.principal.id, email: owner.principal.email, name: null };
    const slug = owner.organization.slug;
    const response = await listEvents(sessionRequest(`/api/orgs/${slug}/events?${field}=${encodeURIComponent(value)}`), { params: Promise.resolve({ org: slug }) });
    expect(response.status).toBe(422);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(await response.json()).toMatchObject({ code: "validation_failed", errors: [{ field }] });
  });

  it("takes dates in range", async () => {
    const owner = await createOwner("dates-ok");
    if (owner.principal.type !== "user") throw new Error("owner is a user");
    session.user = { id: owner.principal.id, email: owner.principal.email, name: null };
    const slug = owner.organization.slug;
    const response = await listEvents(sessionRequest(`/api/orgs/${slug}/events?from=2026-01-01&to=2026-12-31T23:59:59Z&before=2030-01-01T00:00:00Z`), { params: Promise.resolve({ org: slug }) });
    expect(response.status).toBe(200);
  });
});
