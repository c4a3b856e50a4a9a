import { ReturnResultCard } from "@/components/checkouts/return-result";
import { confirmReturn } from "@/lib/checkouts/confirm-return";
import { getDictionary } from "@/lib/i18n/get-dictionary";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  return { title: (await getDictionary()).t.checkouts.result.secured, robots: { index: false } };
}

type Search = Promise<Record<string, string | string[] | undefined>>;

const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : undefined);

/**
 * Where a buyer lands from the hosted checkout: `?checkout=<Beacon id>` (+ Stripe's `session_id`,
 * + `outcome=canceled` from the cancel/failure URL). Beacon confirms with the provider before
 * saying anything, then sends the buyer on to the merchant's page.
 */
export default async function CheckoutReturnPage({ searchParams }: { searchParams: Search }) {
  const params = await searchParams;
  const { t } = await getDictionary();
  const texts = t.checkouts.result;
  const checkoutId = one(params.checkout) ?? "";
  const outcome = /^[0-9a-f-]{36}$/i.test(checkoutId)
    ? await confirmReturn({ input: { checkoutId: checkoutId.toLowerCase(), providerCheckoutId: one(params.session_id), canceled: one(params.outcome) === "canceled" } })
    : null;
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-md space-y-6">
        <div className="text-center text-sm font-semibold text-slate-500">
          <span className="text-brand-600">◆</span> {texts.secured}
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-8 shadow-sm dark:border-slate-800 dark:bg-slate-900">
          {outcome ? (
            <ReturnResultCard outcome={outcome} t={texts} />
          ) : (
            <div className="space-y-2 text-center" data-testid="return-result" data-result="unknown">
              <h1 className="text-xl font-semibold">{texts.unknownTitle}</h1>
              <p className="text-sm text-slate-600 dark:text-slate-300">{texts.unknown}</p>
            </div>
          )}
        </div>
      </div>
    </main>
  );
}
