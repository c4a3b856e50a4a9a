import Link from "next/link";
import { notFound } from "next/navigation";
import { RevenueSubscriptionsView } from "@/components/revenue/revenue-subscriptions-view";
import { getPageContext } from "@/lib/auth/page-context";
import { getDictionary } from "@/lib/i18n/get-dictionary";
import { listRevenueSubscriptions } from "@/lib/revenue/list-revenue-subscriptions";
import { revenueSubscriptionsQuery } from "@/lib/validations/revenue";

export async function generateMetadata() {
  return { title: (await getDictionary()).t.revenue.drill.title };
}

export default async function RevenueSubscriptionsPage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await getPageContext((await params).org);
  const { t } = await getDictionary();
  // A figure's link carries its slice; anything else is not a page.
  const query = revenueSubscriptionsQuery.safeParse(await searchParams);
  if (!query.success) notFound();
  const data = await listRevenueSubscriptions({ ctx, input: query.data });
  return (
    <div className="space-y-6">
      <div>
        <Link href={`/${ctx.organization.slug}/revenue`} className="text-sm text-blue-700 hover:underline dark:text-blue-400">
          {t.revenue.drill.back}
        </Link>
        <h1 className="text-2xl font-semibold">{t.revenue.drill.title}</h1>
      </div>
      <RevenueSubscriptionsView data={data} />
    </div>
  );
}
