import { HydrationBoundary } from "@tanstack/react-query";
import { CheckoutChain } from "@/components/checkouts/checkout-chain";
import { hasRole } from "@/lib/auth/context";
import { getPageContext } from "@/lib/auth/page-context";
import { getCheckoutChain } from "@/lib/checkouts/get-checkout-chain";
import { getDictionary } from "@/lib/i18n/get-dictionary";
import { prefetchOrNotFound } from "@/lib/hooks/prefetch";
import { queryKeys } from "@/lib/hooks/query-keys";
import { checkoutIdParam } from "@/lib/validations/checkouts";

export async function generateMetadata() {
  return { title: (await getDictionary()).t.checkoutChain.title };
}

export default async function CheckoutPage({ params }: { params: Promise<{ org: string; id: string }> }) {
  const { org, id } = await params;
  const ctx = await getPageContext(org);
  const slug = ctx.organization.slug;
  const state = await prefetchOrNotFound(queryKeys.checkoutChain(slug, id.toLowerCase()), () =>
    getCheckoutChain({ ctx, input: { checkoutId: checkoutIdParam(id) } }),
  );
  return (
    <HydrationBoundary state={state}>
      <CheckoutChain org={slug} id={id.toLowerCase()} canManage={hasRole(ctx, "admin")} />
    </HydrationBoundary>
  );
}
