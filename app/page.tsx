import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getSessionUser } from "@/lib/auth/session";
import { lastOrgCookie } from "@/lib/organizations/last-org-cookie";
import { listUserOrganizations } from "@/lib/organizations/list-user-organizations";

// "/" sends a signed-in user to the organization they used last, or their first one.
export default async function Home() {
  const user = await getSessionUser();
  if (!user) redirect("/sign-in");
  const orgs = await listUserOrganizations({ ctx: { user } });
  const last = (await cookies()).get(lastOrgCookie)?.value;
  const target = orgs.find((o) => o.slug === last) ?? orgs[0];
  if (!target) redirect("/sign-up");
  redirect(`/${target.slug}`);
}
