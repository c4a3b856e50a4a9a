import Link from "next/link";
import { Badge, Card } from "@/components/ui/card";
import { listApiTokens } from "@/lib/api-tokens/list-api-tokens";
import { hasRole } from "@/lib/auth/context";
import { getPageContext } from "@/lib/auth/page-context";
import { env } from "@/lib/env";
import { listMembers } from "@/lib/organizations/list-members";

export const metadata = { title: "Overview" };

export default async function OverviewPage({ params }: { params: Promise<{ org: string }> }) {
  const ctx = await getPageContext((await params).org);
  const [{ members, invitations }, { data: tokens }] = await Promise.all([listMembers({ ctx }), listApiTokens({ ctx })]);
  const activeTokens = tokens.filter((t) => !t.revokedAt);
  const stats = [
    { label: "Members", value: members.length, note: invitations.length ? `${invitations.length} invited` : undefined },
    { label: "Active API tokens", value: activeTokens.length, note: `${activeTokens.filter((t) => t.mode === "test").length} test · ${activeTokens.filter((t) => t.mode === "live").length} live` },
  ];
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{ctx.organization.name}</h1>
        <p className="text-sm text-slate-500">
          <code className="font-mono">{ctx.organization.slug}</code> · organization id <code className="font-mono">{ctx.organization.id}</code> · you are <Badge>{ctx.role}</Badge>
        </p>
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        {stats.map((s) => (
          <Card key={s.label}>
            <div className="text-sm text-slate-500">{s.label}</div>
            <div className="mt-1 text-3xl font-semibold tabular-nums">{s.value}</div>
            {s.note && <div className="text-xs text-slate-500">{s.note}</div>}
          </Card>
        ))}
      </div>
      <Card title="Integrate" description="Your backend calls Beacon's /v1 API with a Bearer token.">
        <p className="text-sm">
          {hasRole(ctx, "admin") ? (
            <>
              Create a token with the <code className="font-mono">integration</code> scope in{" "}
              <Link className="font-medium text-brand-600" href={`/${ctx.organization.slug}/settings#api-tokens`}>
                Settings → API tokens
              </Link>
              , then check it:
            </>
          ) : (
            <>Ask an admin for an API token, then check it:</>
          )}
        </p>
        <pre className="mt-3 overflow-x-auto rounded-md bg-slate-900 p-3 font-mono text-xs text-slate-100">
          curl -H &quot;Authorization: Bearer bcn_test_…&quot; {env.publicUrl}/v1/me
        </pre>
      </Card>
    </div>
  );
}
