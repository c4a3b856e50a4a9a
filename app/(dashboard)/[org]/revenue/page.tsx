import { ExportPanel } from "@/components/revenue/export-panel";
import { RevenueView } from "@/components/revenue/revenue-view";
import { getPageContext } from "@/lib/auth/page-context";
import { getPageMode } from "@/lib/auth/page-mode";
import { getDictionary } from "@/lib/i18n/get-dictionary";
import { getRevenue } from "@/lib/revenue/get-revenue";

export async function generateMetadata() {
  return { title: (await getDictionary()).t.revenue.title };
}

export default async function RevenuePage({ params }: { params: Promise<{ org: string }> }) {
  const ctx = await getPageContext((await params).org);
  const [mode, { t }] = await Promise.all([getPageMode(), getDictionary()]);
  const data = await getRevenue({ ctx, input: { mode, months: 12 } });
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t.revenue.title}</h1>
        <p className="text-sm text-slate-500 dark:text-slate-400">{t.revenue.description}</p>
      </div>
      <RevenueView org={ctx.organization.slug} data={data} />
      <ExportPanel org={ctx.organization.slug} defaultMonth={data.months.at(-1)!} />
    </div>
  );
}
