import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { notFound } from "next/navigation";
import { CheckoutChain } from "@/components/checkouts/checkout-chain";
import { ApiError } from "@/lib/api/errors";
import { hasRole } from "@/lib/auth/context";
import { getPageContext } from "@/lib/auth/page-context";
import { getCheckoutChain } from "@/lib/checkouts/get-checkout-chain";
import { getDictionary } from "@/lib/i18n/get-dictionary";
import { makeQueryClient } from "@/lib/queries/query-client";
import { queryKeys } from "@/lib/queries/query-keys";
import { checkoutIdParam } from "@/lib/validations/checkouts";

export async function generateMetadata() {
  return { title: (await getDictionary()).t.checkoutChain.title };
}

export default async function CheckoutPage({ params }: { params: Promise<{ org: string; id: string }> }) {
  const { org, id } = await params;
  const ctx = await getPageContext(org);
  const slug = ctx.organization.slug;
  const client = makeQueryClient();
  try {
    const checkoutId = checkoutIdParam(id);
    client.setQueryData(queryKeys.checkoutChain(slug, checkoutId), await getCheckoutChain({ ctx, checkoutId }));
  } catch (error) {
    if (error instanceof ApiError && error.code === "not_found") notFound();
    throw error;
  }
  return (
    <HydrationBoundary state={dehydrate(client)}>
      <CheckoutChain org={slug} id={id.toLowerCase()} canManage={hasRole(ctx, "admin")} />
    </HydrationBoundary>
  );
}
