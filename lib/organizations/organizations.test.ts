import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { auditLog, invitations, users } from "@/db/schema";
import { authOptions } from "@/lib/auth/auth-options";
import { verifyPassword } from "@/lib/auth/password";
import { createMember, createOwner, uniqueEmail } from "@/lib/testing/factories";
import { createInvitation } from "@/lib/invitations/create-invitation";
import { changeMemberRole } from "./change-member-role";
import { getOrgContext } from "./get-org-context";
import { listMembers } from "./list-members";
import { removeMember } from "./remove-member";
import { signUp } from "./sign-up";
import { problemOf } from "@/lib/testing/problem";

const password = "correct horse battery";

describe("sign-up", () => {
  it("creates the user with a hashed password and an organization they own", async () => {
    const email = uniqueEmail();
    const { user, organization } = (await signUp({ input: { name: "Ana", email, password, organizationName: "Tienda Ñandú" } }))!;
    expect(organization.slug).toMatch(/^tienda-nandu/);
    const [row] = await db.select().from(users).where(eq(users.id, user.id));
    expect(row?.passwordHash).toMatch(/^scrypt\$/);
    expect(row?.passwordHash).not.toContain(password);
    expect(await verifyPassword(password, row!.passwordHash!)).toBe(true);
    expect(await verifyPassword("wrong password", row!.passwordHash!)).toBe(false);
    expect((await getOrgContext(user, organization.slug)).role).toBe("owner");
  });

  it("creates nothing for an email that already has an account, and does not say so with an error", async () => {
    const email = uniqueEmail();
    await signUp({ input: { name: "A", email, password, organizationName: "First" } });
    await expect(signUp({ input: { name: "B", email, password: "another password", organizationName: "Second" } })).resolves.toBeNull();
    const rows = await db.select().from(users).where(eq(users.email, email));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.name).toBe("A");
    expect(await verifyPassword(password, rows[0]!.passwordHash!)).toBe(true);
  });

  it("gives organizations named alike at the same moment each their own slug", async () => {
    // Seen on PostgreSQL: a look-up-then-insert let two concurrent sign-ups race to one slug.
    const name = `Same ${randomBytes(3).toString("hex")}`;
    const results = await Promise.all(
      Array.from({ length: 6 }, () => signUp({ input: { name: "Twin", email: uniqueEmail("twin"), password, organizationName: name } })),
    );
    const slugs = results.map((r) => r!.organization.slug);
    expect(new Set(slugs).size).toBe(6);
    expect(slugs).toContain(name.toLowerCase().replace(" ", "-"));
  });
});

describe("members", () => {
  it("does not let someone join by signing up with an invited email", async () => {
    const owner = await createOwner();
    const email = uniqueEmail("invitee");
    expect(await createInvitation({ ctx: owner, input: { email, role: "admin" } })).toMatchObject({ status: "invited" });
    expect((await listMembers({ ctx: owner })).invitations.map((i) => i.email)).toEqual([email]);

    // Sign-up proves nothing about the mailbox: only the invitation link grants membership.
    const { user } = (await signUp({ input: { name: "Invitee", email, password, organizationName: "Own" } }))!;
    await expect(getOrgContext(user, owner.organization.slug)).rejects.toMatchObject({ code: "not_found" });
    expect(await db.select().from(invitations).where(eq(invitations.email, email))).toHaveLength(1);
  });

  it("does not let someone join by a first GitHub sign-in with an invited email", async () => {
    const owner = await createOwner();
    const email = uniqueEmail("oauth-invitee");
    await createInvitation({ ctx: owner, input: { email, role: "admin" } });
    // What the next-auth adapter does on a first OAuth sign-in: store the user, then emit createUser.
    const [user] = await db.insert(users).values({ email, name: "OAuth" }).returning();
    await authOptions.events!.createUser!({ user: { id: user!.id, email, name: "OAuth" } });
    await expect(getOrgContext({ id: user!.id, email }, owner.organization.slug)).rejects.toMatchObject({ code: "not_found" });
    expect((await listMembers({ ctx: owner })).invitations.map((i) => i.email)).toEqual([email]);
  });

  it("changes roles, protects the last owner, and audits", async () => {
    const owner = await createOwner();
    const admin = await createMember(owner, "admin");
    const adminId = admin.principal.type === "user" ? admin.principal.id : "";
    const ownerId = owner.principal.type === "user" ? owner.principal.id : "";

    await expect(changeMemberRole({ ctx: admin, input: { userId: adminId, role: "owner" } })).rejects.toMatchObject({ code: "forbidden" });
    await expect(changeMemberRole({ ctx: owner, input: { userId: ownerId, role: "viewer" } })).rejects.toMatchObject({ code: "conflict" });
    await expect(removeMember({ ctx: owner, input: { userId: ownerId } })).rejects.toMatchObject({ code: "conflict" });

    expect(await changeMemberRole({ ctx: owner, input: { userId: adminId, role: "viewer" } })).toMatchObject({ role: "viewer" });
    const entries = await db.select().from(auditLog).where(eq(auditLog.organizationId, owner.organization.id));
    expect(entries.find((e) => e.action === "member.role_changed")?.metadata).toMatchObject({ from: "admin", to: "viewer" });
    expect(entries.map((e) => e.action)).toEqual(expect.arrayContaining(["member.invited", "member.joined"]));

    await removeMember({ ctx: owner, input: { userId: adminId } });
    expect((await listMembers({ ctx: owner })).members).toHaveLength(1);
  });

  it("keeps viewers from managing members", async () => {
    const owner = await createOwner();
    const viewer = await createMember(owner, "viewer");
    await expect(createInvitation({ ctx: viewer, input: { email: uniqueEmail(), role: "viewer" } })).rejects.toMatchObject({ code: "forbidden" });
  });

  it("answers not found for an organization the user is not in", async () => {
    const a = await createOwner("a");
    const b = await createOwner("b");
    const aUser = a.principal.type === "user" ? a.principal : { id: "", email: "" };
    await expect(problemOf(getOrgContext(aUser, b.organization.slug))).resolves.toMatchObject({ code: "not_found", status: 404 });
  });
});
