import { DashboardShell } from "@/components/layout/dashboard-shell";
import { getPageContext } from "@/lib/auth/page-context";
import { getPageMode } from "@/lib/auth/page-mode";
import { listUserOrganizations } from "@/lib/organizations/list-user-organizations";

export default async function DashboardLayout({ children, params }: { children: React.ReactNode; params: Promise<{ org: string }> }) {
  const ctx = await getPageContext((await params).org);
  const principal = ctx.principal.type === "user" ? ctx.principal : null;
  const [orgs, mode] = await Promise.all([principal ? listUserOrganizations({ ctx: { user: principal } }) : [], getPageMode()]);
  return (
    <DashboardShell org={ctx.organization} orgs={orgs} user={{ email: principal?.email ?? "", role: ctx.role ?? "" }} mode={mode}>
      {children}
    </DashboardShell>
  );
}
