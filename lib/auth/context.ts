import "server-only";
import type { MemberRole, Mode, Organization, TokenScope } from "@/db/schema";
import { DomainError } from "@/lib/errors";

export type Principal =
  | { type: "user"; id: string; email: string }
  | { type: "api_token"; id: string; name: string; mode: Mode; scopes: TokenScope[] }
  /** Beacon itself or an operator at the CLI. */
  | { type: "system"; name: string };

/** Who is acting, for which organization and with which role: the first argument of every verb. */
export interface OrgContext {
  organization: Pick<Organization, "id" | "slug" | "name">;
  /** The member's role; null for API tokens, whose reach is their scopes. */
  role: MemberRole | null;
  principal: Principal;
}

const rank: Record<MemberRole, number> = { viewer: 0, admin: 1, owner: 2 };

export function hasRole(ctx: OrgContext, minimum: MemberRole) {
  return ctx.role !== null && rank[ctx.role] >= rank[minimum];
}

export function requireRole(ctx: OrgContext, minimum: MemberRole) {
  if (!hasRole(ctx, minimum)) {
    throw new DomainError("forbidden", `This action needs the ${minimum} role; you are ${ctx.role ?? "not a member"}.`);
  }
}

export function actorOf(principal: Principal) {
  switch (principal.type) {
    case "user":
      return { actorType: "user" as const, actorId: principal.id, actorLabel: principal.email };
    case "api_token":
      return { actorType: "api_token" as const, actorId: principal.id, actorLabel: `token ${principal.name}` };
    case "system":
      return { actorType: "system" as const, actorId: null, actorLabel: principal.name };
  }
}

/** A signed-in user acting for themselves, not for an organization (e.g. accepting an invitation). */
export interface UserContext {
  user: { id: string; email: string };
}
