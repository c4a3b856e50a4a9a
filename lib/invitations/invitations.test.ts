import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { auditLog, invitations, memberships } from "@/db/schema";
import { getOrgContext } from "@/lib/organizations/get-org-context";
import { listMembers } from "@/lib/organizations/list-members";
import { signUp } from "@/lib/organizations/sign-up";
import { createMember, createOwner, tokenOf, uniqueEmail } from "@/lib/testing/factories";
import { acceptInvitation } from "./accept-invitation";
import { createInvitation } from "./create-invitation";
import { findInvitationByToken } from "./find-invitation-by-token";
import { hashInvitationToken } from "./invitation-token";
import { resendInvitation } from "./resend-invitation";
import { revokeInvitation } from "./revoke-invitation";
import { problemOf } from "@/lib/testing/problem";

const password = "correct horse battery";

async function newUser(label = "invitee") {
  const { user } = (await signUp({ input: { name: label, email: uniqueEmail(label), password, organizationName: `${label} own` } }))!;
  return { id: user.id, email: user.email };
}

async function membershipsOf(organizationId: string, userId: string) {
  return db.select().from(memberships).where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, userId)));
}

describe("invitations", () => {
  it("invites an existing user instead of adding them; the link makes them a member once", async () => {
    const owner = await createOwner();
    const user = await newUser();
    const invitation = await createInvitation({ ctx: owner, input: { email: user.email, role: "admin" } });
    expect(invitation).toMatchObject({ status: "invited", email: user.email, role: "admin", delivery: "log" });
    expect(invitation.url).toMatch(/^http:\/\/localhost:3000\/invitations\/[A-Za-z0-9_-]{43}$/);
    expect(await membershipsOf(owner.organization.id, user.id)).toHaveLength(0);
    const expiresIn = new Date(invitation.expiresAt).getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(7 * 86_400_000 - 60_000);
    expect(expiresIn).toBeLessThanOrEqual(7 * 86_400_000);

    const token = tokenOf(invitation.url);
    expect(await findInvitationByToken({ ctx: { user }, input: { token } })).toMatchObject({
      organization: { slug: owner.organization.slug, name: owner.organization.name },
      role: "admin",
      inviter: { email: owner.principal.type === "user" ? owner.principal.email : "" },
      forSignedInUser: true,
      alreadyMember: false,
    });
    expect(await acceptInvitation({ ctx: { user }, input: { token } })).toEqual({
      organization: { slug: owner.organization.slug, name: owner.organization.name },
      role: "admin",
      alreadyMember: false,
    });
    expect((await getOrgContext(user, owner.organization.slug)).role).toBe("admin");
    const joined = await db.select().from(auditLog).where(and(eq(auditLog.organizationId, owner.organization.id), eq(auditLog.action, "member.joined")));
    expect(joined).toHaveLength(1);
    expect(joined[0]).toMatchObject({ actorId: user.id, targetId: user.id });

    // Spent: a second use and the lookup both see a dead link, and it is no longer listed.
    await expect(acceptInvitation({ ctx: { user }, input: { token } })).rejects.toMatchObject({ code: "not_found" });
    expect(await findInvitationByToken({ ctx: { user }, input: { token } })).toBeNull();
    expect((await listMembers({ ctx: owner })).invitations).toHaveLength(0);
  });

  it("refuses an expired link", async () => {
    const owner = await createOwner();
    const user = await newUser();
    const invitation = await createInvitation({ ctx: owner, input: { email: user.email, role: "viewer" } });
    await db.update(invitations).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(invitations.id, invitation.id));
    const token = tokenOf(invitation.url);
    expect(await findInvitationByToken({ ctx: { user }, input: { token } })).toBeNull();
    await expect(problemOf(acceptInvitation({ ctx: { user }, input: { token } }))).resolves.toMatchObject({ code: "not_found", status: 404 });
    expect(await membershipsOf(owner.organization.id, user.id)).toHaveLength(0);
    expect((await listMembers({ ctx: owner })).invitations).toMatchObject([{ id: invitation.id, status: "expired" }]);
  });

  it("refuses a revoked link", async () => {
    const owner = await createOwner();
    const user = await newUser();
    const invitation = await createInvitation({ ctx: owner, input: { email: user.email, role: "viewer" } });
    await revokeInvitation({ ctx: owner, input: { invitationId: invitation.id } });
    await expect(acceptInvitation({ ctx: { user }, input: { token: tokenOf(invitation.url) } })).rejects.toMatchObject({ code: "not_found" });
    expect(await membershipsOf(owner.organization.id, user.id)).toHaveLength(0);
    expect((await listMembers({ ctx: owner })).invitations).toHaveLength(0);
    await expect(revokeInvitation({ ctx: owner, input: { invitationId: invitation.id } })).rejects.toMatchObject({ code: "not_found" });
    const actions = (await db.select().from(auditLog).where(eq(auditLog.organizationId, owner.organization.id))).map((e) => e.action);
    expect(actions).toContain("member.invitation_revoked");
  });

  it("needs the invited email's session as well as the link", async () => {
    const owner = await createOwner();
    const invited = await newUser();
    const other = await newUser("other");
    const invitation = await createInvitation({ ctx: owner, input: { email: invited.email, role: "admin" } });
    const token = tokenOf(invitation.url);
    // Another account holding the link sees which address to use, masked, and not who invited.
    const masked = `${invited.email[0]}•••${invited.email.slice(invited.email.indexOf("@"))}`;
    expect(await findInvitationByToken({ ctx: { user: other }, input: { token } })).toMatchObject({ forSignedInUser: false, email: masked, inviter: null });
    const refusal = acceptInvitation({ ctx: { user: other }, input: { token } });
    await expect(problemOf(refusal)).resolves.toMatchObject({ code: "forbidden", reason: "wrong_account" });
    await expect(refusal).rejects.not.toHaveProperty("message", expect.stringContaining(invited.email));
    expect(await membershipsOf(owner.organization.id, other.id)).toHaveLength(0);
    // The refusal did not spend the link, and the email compares case-insensitively.
    await acceptInvitation({ ctx: { user: { ...invited, email: invited.email.toUpperCase() } }, input: { token } });
    expect(await membershipsOf(owner.organization.id, invited.id)).toHaveLength(1);
  });

  it("issues a new link on re-send and the old one stops working", async () => {
    const owner = await createOwner();
    const user = await newUser();
    const first = await createInvitation({ ctx: owner, input: { email: user.email, role: "viewer" } });
    const second = await resendInvitation({ ctx: owner, input: { invitationId: first.id } });
    expect(second.id).toBe(first.id);
    expect(second.url).not.toBe(first.url);
    await expect(acceptInvitation({ ctx: { user }, input: { token: tokenOf(first.url) } })).rejects.toMatchObject({ code: "not_found" });
    // Inviting the same email again is a re-send too, with the new role.
    const third = await createInvitation({ ctx: owner, input: { email: user.email, role: "admin" } });
    expect(third.id).toBe(first.id);
    await expect(acceptInvitation({ ctx: { user }, input: { token: tokenOf(second.url) } })).rejects.toMatchObject({ code: "not_found" });
    expect(await acceptInvitation({ ctx: { user }, input: { token: tokenOf(third.url) } })).toMatchObject({ role: "admin" });
  });

  it("keeps one open invitation per email when the same email is invited twice at once", async () => {
    const owner = await createOwner();
    const email = uniqueEmail();
    const both = await Promise.all([0, 1].map(() => createInvitation({ ctx: owner, input: { email, role: "viewer" } })));
    expect(both[0]!.id).toBe(both[1]!.id);
    expect(await db.select().from(invitations).where(eq(invitations.email, email))).toHaveLength(1);
  });

  it("stores only the token's hash and never lists it", async () => {
    const owner = await createOwner();
    const invitation = await createInvitation({ ctx: owner, input: { email: uniqueEmail(), role: "viewer" } });
    const token = tokenOf(invitation.url);
    const [row] = await db.select().from(invitations).where(eq(invitations.id, invitation.id));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row?.tokenHash).toBe(hashInvitationToken(token));
    const listed = JSON.stringify(await listMembers({ ctx: owner }));
    expect(listed).not.toContain(token);
    expect(listed).not.toContain(row!.tokenHash!);
    const audit = JSON.stringify(await db.select().from(auditLog).where(eq(auditLog.organizationId, owner.organization.id)));
    expect(audit).not.toContain(token);
  });

  it("lets exactly one of two concurrent accepts succeed", async () => {
    const owner = await createOwner();
    const user = await newUser();
    const invitation = await createInvitation({ ctx: owner, input: { email: user.email, role: "viewer" } });
    const input = { token: tokenOf(invitation.url) };
    const results = await Promise.allSettled([acceptInvitation({ ctx: { user }, input }), acceptInvitation({ ctx: { user }, input })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { code: "not_found" } });
    expect(await membershipsOf(owner.organization.id, user.id)).toHaveLength(1);
    const joined = await db.select().from(auditLog).where(and(eq(auditLog.organizationId, owner.organization.id), eq(auditLog.action, "member.joined")));
    expect(joined).toHaveLength(1);
  });

  it("answers a malformed or unknown token like any dead link", async () => {
    const user = await newUser();
    for (const token of ["", "short", "x".repeat(43), "../../etc/passwd"]) {
      expect(await findInvitationByToken({ ctx: { user }, input: { token } })).toBeNull();
    }
    await expect(acceptInvitation({ ctx: { user }, input: { token: "x".repeat(43) } })).rejects.toMatchObject({ code: "not_found" });
  });

  it("makes invitations from before links unusable until re-sent", async () => {
    const owner = await createOwner();
    const user = await newUser();
    // What migration 0007 leaves of an old invitation: no hash, expired at creation.
    const [legacy] = await db
      .insert(invitations)
      .values({ organizationId: owner.organization.id, email: user.email, role: "viewer", expiresAt: new Date() })
      .returning();
    expect((await listMembers({ ctx: owner })).invitations).toMatchObject([{ id: legacy!.id, status: "needs_new_link" }]);
    const resent = await resendInvitation({ ctx: owner, input: { invitationId: legacy!.id } });
    await acceptInvitation({ ctx: { user }, input: { token: tokenOf(resent.url) } });
    expect(await membershipsOf(owner.organization.id, user.id)).toHaveLength(1);
  });

  it("keeps invitation management to admins, owner invitations to owners, and refuses members", async () => {
    const owner = await createOwner();
    const admin = await createMember(owner, "admin");
    const viewer = await createMember(owner, "viewer");
    await expect(createInvitation({ ctx: viewer, input: { email: uniqueEmail(), role: "viewer" } })).rejects.toMatchObject({ code: "forbidden" });
    await expect(createInvitation({ ctx: admin, input: { email: uniqueEmail(), role: "owner" } })).rejects.toMatchObject({ code: "forbidden" });
    const forOwner = await createInvitation({ ctx: owner, input: { email: uniqueEmail(), role: "owner" } });
    await expect(resendInvitation({ ctx: admin, input: { invitationId: forOwner.id } })).rejects.toMatchObject({ code: "forbidden" });
    await expect(revokeInvitation({ ctx: viewer, input: { invitationId: forOwner.id } })).rejects.toMatchObject({ code: "forbidden" });
    const viewerEmail = viewer.principal.type === "user" ? viewer.principal.email : "";
    await expect(createInvitation({ ctx: owner, input: { email: viewerEmail, role: "admin" } })).rejects.toMatchObject({ code: "conflict" });
    // Another organization's invitation is not found from here.
    const stranger = await createOwner("stranger");
    await expect(revokeInvitation({ ctx: stranger, input: { invitationId: forOwner.id } })).rejects.toMatchObject({ code: "not_found" });
    await expect(resendInvitation({ ctx: stranger, input: { invitationId: forOwner.id } })).rejects.toMatchObject({ code: "not_found" });
  });
});
