import "server-only";
import { db } from "@/db";
import { listMembershipsOfUser } from "@/db/queries/organizations";
import type { UserContext } from "@/lib/auth/context";

/** The organizations the signed-in user belongs to, with their role in each, by name. */
export function listUserOrganizations({ ctx }: { ctx: UserContext }) {
  return listMembershipsOfUser(db, ctx.user.id);
}
