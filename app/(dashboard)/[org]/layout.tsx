import { DashboardShell } from "@/components/layout/dashboard-shell";
import { getPageContext, getPageMemberships } from "@/lib/auth/page-context";
import { getPageMode } from "@/lib/auth/page-mode";

export default async function DashboardLayout({ children, params }: { children: React.ReactNode; params: Promise<{ org: string }> }) {
  const ctx = await getPageContext((await params).org);
  const principal = ctx.principal.type === "user" ? ctx.principal : null;
  // The memberships the context was checked against (same request, no second query).
  const [orgs, mode] = await Promise.all([principal ? getPageMemberships(principal.id) : [], getPageMode()]);
  return (
    <DashboardShell org={ctx.organization} orgs={orgs.map(({ slug, name }) => ({ slug, name }))} user={{ email: principal?.email ?? "", role: ctx.role ?? "" }} mode={mode}>
      {children}
    </DashboardShell>
  );
}
