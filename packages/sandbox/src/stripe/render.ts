import type { SandboxEngine } from "../engine";
import { invalidParam } from "../http/errors";
import type { Params } from "../http/form";
import { expandPaths, optInt, optString } from "../http/params";
import type { Kind, Models } from "../store";
import { renderSubscription } from "./render-billing";
import { renderCheckoutSession } from "./render-checkout";
import {
  renderAccount,
  renderCustomer,
  renderEvent,
  renderPrice,
  renderProduct,
  renderTaxId,
  renderWebhookEndpoint,
} from "./render-core";
import { renderInvoice } from "./render-invoice";
import { renderCharge, renderDispute, renderPaymentIntent, renderPaymentMethod, renderRefund, renderTransfer } from "./render-payments";
import { renderInvoiceItem } from "./render-invoice-item";
import { renderTestClock } from "./test-clocks";
import "./models-augment";
import { renderCoupon, renderTaxRate } from "./coupons";
import { renderPayout } from "./payouts";
import { renderCreditNote } from "./credit-notes";
import { renderSetupIntent } from "./setup-intents";

type Obj = Record<string, unknown>;
type Renderer<K extends Kind> = (engine: SandboxEngine, model: Models[K]) => Obj;

const RENDERERS: { [K in Kind]?: Renderer<K> } = {
  account: (_e, m) => renderAccount(m),
  product: (_e, m) => renderProduct(m),
  price: (_e, m) => renderPrice(m),
  customer: (_e, m) => (m.deleted ? { id: m.id, object: "customer", deleted: true } : renderCustomer(m)),
  tax_id: (_e, m) => renderTaxId(m),
  "checkout.session": renderCheckoutSession,
  subscription: renderSubscription,
  invoice: renderInvoice,
  invoiceitem: renderInvoiceItem,
  test_clock: (_e, m) => renderTestClock(m),
  payment_intent: (_e, m) => renderPaymentIntent(m),
  charge: renderCharge,
  payment_method: (_e, m) => renderPaymentMethod(m),
  refund: (_e, m) => renderRefund(m),
  dispute: (_e, m) => renderDispute(m),
  transfer: (_e, m) => renderTransfer(m),
  webhook_endpoint: (_e, m) => renderWebhookEndpoint(m),
  event: (_e, m) => renderEvent(m),
  setup_intent: (_e, m) => renderSetupIntent(m),
  coupon: (_e, m) => renderCoupon(m),
  tax_rate: (_e, m) => renderTaxRate(m),
  payout: (_e, m) => renderPayout(m),
  credit_note: (_e, m) => renderCreditNote(m),
};

export function render<K extends Kind>(engine: SandboxEngine, kind: K, model: Models[K]): Obj {
  const renderer = RENDERERS[kind] as Renderer<K> | undefined;
  if (!renderer) throw new Error(`No renderer for ${kind}`);
  return renderer(engine, model);
}

/** Renders any stored object by id, if it is visible from `scope`. */
export function renderById(engine: SandboxEngine, id: string, scope: string): Obj | undefined {
  const found = engine.store.kindOf(id);
  if (!found) return undefined;
  // Accounts live in the platform scope but are visible to themselves too.
  const visible = found.scope === scope || (found.kind === "account" && id === scope);
  if (!visible) return undefined;
  const model = engine.store.get(found.kind, id);
  return model ? render(engine, found.kind, model) : undefined;
}

// `expand[]=a.b` replaces the id at `a` with its object, then recurses; `data.x`
// applies to each element of a list.
function expandOne(engine: SandboxEngine, target: Obj, path: string[], scope: string, full: string): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  const value = target[head];
  if (Array.isArray(value)) {
    for (const item of value) if (item && typeof item === "object") expandOne(engine, item as Obj, rest, scope, full);
    return;
  }
  if (typeof value === "string") {
    const expanded = renderById(engine, value, scope);
    if (!expanded) throw invalidParam("expand", `This property cannot be expanded (${full}).`);
    target[head] = expanded;
    if (rest.length > 0) expandOne(engine, expanded, rest, scope, full);
    return;
  }
  if (value && typeof value === "object") {
    expandOne(engine, value as Obj, rest, scope, full);
    return;
  }
  if (value === null) return;
  throw invalidParam("expand", `This property cannot be expanded (${full}).`);
}

export function applyExpand(engine: SandboxEngine, obj: Obj, params: Params, scope: string): Obj {
  for (const path of expandPaths(params)) expandOne(engine, obj, path.split("."), scope, path);
  return obj;
}

/** Stripe's list envelope with `limit` / `starting_after` / `ending_before` cursors. */
export function listResponse(
  engine: SandboxEngine,
  items: Obj[],
  params: Params,
  url: string,
  scope: string,
): Obj {
  const limit = optInt(params, "limit") ?? 10;
  if (limit < 1 || limit > 100) throw invalidParam("limit", "Invalid limit: must be between 1 and 100.");
  const after = optString(params, "starting_after");
  const before = optString(params, "ending_before");
  let start = 0;
  let end = items.length;
  if (after) {
    const index = items.findIndex((item) => item.id === after);
    if (index === -1) throw invalidParam("starting_after", `No such object: '${after}'`);
    start = index + 1;
  } else if (before) {
    const index = items.findIndex((item) => item.id === before);
    if (index === -1) throw invalidParam("ending_before", `No such object: '${before}'`);
    end = index;
    start = Math.max(0, end - limit);
  }
  const page = items.slice(start, Math.min(end, start + limit));
  const hasMore = before ? start > 0 : start + limit < end;
  const list: Obj = { object: "list", data: page, has_more: hasMore, url };
  return applyExpand(engine, list, params, scope);
}
