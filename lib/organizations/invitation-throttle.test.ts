import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.BEACON_INVITE_LIMIT_PER_ORG = "3";
  process.env.BEACON_INVITE_LIMIT_PER_USER = "4";
});

const session = vi.hoisted(() => ({ user: null as { id: string; email: string; name: null } | null }));
vi.mock("@/lib/auth/session", () => ({ getSessionUser: async () => session.user }));

const { POST: invite } = await import("@/app/api/orgs/[org]/members/route");
const { POST: resend } = await import("@/app/api/orgs/[org]/invitations/[id]/resend/route");
const { createOwner, uniqueEmail } = await import("@/lib/testing/factories");
const { sessionRequest } = await import("@/lib/testing/session-requests");
const { freezeClockInsideWindow } = await import("@/lib/testing/freeze-clock");

async function signedInOwner() {
  const owner = await createOwner("inviter");
  if (owner.principal.type !== "user") throw new Error("owner is a user");
  session.user = { id: owner.principal.id, email: owner.principal.email, name: null };
  return owner;
}

function inviteTo(slug: string) {
  const request = sessionRequest(`/api/orgs/${slug}/members`, { method: "POST", json: { email: uniqueEmail("invitee"), role: "viewer" } });
  return invite(request, { params: Promise.resolve({ org: slug }) });
}

describe("POST /api/orgs/{org}/members throttling", () => {
  freezeClockInsideWindow(60 * 60_000);

  it("limits invitations per organization and per inviting user, with 429 and Retry-After", async () => {
    const owner = await signedInOwner();
    const slug = owner.organization.slug;
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await inviteTo(slug)).status);
    expect(statuses).toEqual([201, 201, 201, 429]);
    const limited = await inviteTo(slug);
    expect(limited.headers.get("content-type")).toBe("application/problem+json");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ code: "rate_limited", limit: 3 });

    // The same user in a second organization: that organization's count is fresh, the user's is
    // not (five attempts so far, past four).
    const { createOrganization } = await import("@/lib/organizations/create-organization");
    const second = await createOrganization({ ctx: { user: session.user! }, input: { name: "Second Org" } });
    const byUser = await inviteTo(second.slug);
    expect(byUser.status).toBe(429);
    expect((await byUser.json()).detail).toMatch(/You have sent too many invitations/);
  });

  it("counts a new link for an open invitation like a new invitation", async () => {
    const owner = await signedInOwner();
    const slug = owner.organization.slug;
    const first = (await (await inviteTo(slug)).json()) as { id: string };
    const again = () => resend(sessionRequest(`/api/orgs/${slug}/invitations/${first.id}/resend`, { method: "POST", json: {} }), { params: Promise.resolve({ org: slug, id: first.id }) });
    expect([(await again()).status, (await again()).status, (await again()).status]).toEqual([200, 200, 429]);
  });
});
