import { z } from "zod";
import { email } from "./auth";
import { providers } from "./checkouts";

export const memberRoles = ["owner", "admin", "viewer"] as const;

/** Words the dashboard's top-level routes use, so an organization slug can never shadow them. */
export const reservedSlugs = new Set(["api", "v1", "sign-in", "sign-up", "sign-out", "billing", "sandbox", "settings", "_next", "new", "connect", "invitations"]);

export const slug = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, "Use 1–40 lowercase letters, digits and dashes")
  .refine((s) => !reservedSlugs.has(s), "This slug is reserved");

export const createOrganizationInput = z.object({
  name: z.string().trim().min(2, "Name your organization").max(80),
  slug: slug.optional(),
});
export type CreateOrganizationInput = z.infer<typeof createOrganizationInput>;

export const addMemberInput = z.object({ email, role: z.enum(memberRoles) });
export type AddMemberInput = z.infer<typeof addMemberInput>;

export const changeRoleInput = z.object({ role: z.enum(memberRoles) });
export type ChangeRoleInput = z.infer<typeof changeRoleInput>;

export const uuidParam = z.uuid("Not a valid id");

/** An invitation link's token: 32 random bytes in base64url. */
export const invitationToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "Not a valid invitation link");

// The token travels in the body, not the path, so it stays out of access logs and proxies.
export const acceptInvitationInput = z.object({ token: invitationToken });
export type AcceptInvitationInput = z.infer<typeof acceptInvitationInput>;

export const orgSettingsInput = z.strictObject({
  defaultProvider: z
    .enum(providers, "Use stripe, conekta or null")
    .nullable()
    .meta({ description: "Where a checkout that names no provider goes; null: the oldest enabled connection in the mode." }),
});
export type OrgSettingsInput = z.infer<typeof orgSettingsInput>;
