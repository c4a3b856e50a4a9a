import type { SandboxEngine } from "../engine";
import type { ConektaRouter } from "./api";
import { attachCard, type CardSpec } from "./cards";
import { invalidParam, notFound } from "./errors";
import { getCustomer } from "./lookup";
import { listResponse } from "./list";
import { asBody, optString, reqString, type Body } from "./params";
import { renderCard } from "./render";
import { spendToken, spendTokens } from "./tokens";

type TokenCtx = { engine: SandboxEngine; account: { id: string } };

function tokenOf(body: Body, param: string): string {
  const type = reqString(body, "type", `${param}.type`);
  if (type !== "card") throw invalidParam(`${param}.type`, "The sandbox supports card payment sources only.");
  return reqString(body, "token_id", `${param}.token_id`);
}

/** A `{ type: "card", token_id }` payment source request, which spends the token; the sandbox stores cards only. */
export function parsePaymentSource(ctx: TokenCtx, body: Body, param: string): CardSpec & { name?: string } {
  return spendToken(ctx.engine, ctx.account.id, tokenOf(body, param));
}

// Every entry is checked before any token is spent, so a bad request leaves the tokens usable.
export function parsePaymentSources(ctx: TokenCtx, body: Body): (CardSpec & { name?: string })[] {
  const raw = body.payment_sources;
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw invalidParam("payment_sources", "The parameter payment_sources must be a list.");
  const ids = raw.map((entry, i) => tokenOf(asBody(entry, `payment_sources.${i}`), `payment_sources.${i}`));
  return spendTokens(ctx.engine, ctx.account.id, ids);
}

export function registerPaymentSources(router: ConektaRouter): void {
  router
    // POST /customers/:id/payment_sources — save a card from a test token
    .add("POST", "/customers/:id/payment_sources", (ctx) => {
      const customer = getCustomer(ctx, ctx.path.id ?? "");
      const spec = parsePaymentSource(ctx, ctx.body, "payment_source");
      const card = attachCard(ctx.engine, ctx.account.id, customer.id, { ...spec, name: optString(ctx.body, "name") ?? spec.name }, customer.name);
      return renderCard(card, customer.default_payment_source_id);
    })
    .add("GET", "/customers/:id/payment_sources", (ctx) => {
      const customer = getCustomer(ctx, ctx.path.id ?? "");
      const cards = ctx.engine.conekta.list("payment_source", ctx.account.id).filter((c) => c.customer_id === customer.id);
      const items = cards.map((c) => renderCard(c, customer.default_payment_source_id));
      return listResponse(ctx.engine, items, ctx.query, `/customers/${customer.id}/payment_sources`);
    })
    // PUT /customers/:id/payment_sources/:source_id — rename the card
    .add("PUT", "/customers/:id/payment_sources/:source_id", (ctx) => {
      const customer = getCustomer(ctx, ctx.path.id ?? "");
      const card = ctx.engine.conekta.get("payment_source", ctx.path.source_id ?? "", ctx.account.id);
      if (!card || card.customer_id !== customer.id) throw notFound("PaymentSource", ctx.path.source_id ?? "");
      card.name = optString(ctx.body, "name") ?? card.name;
      ctx.engine.conekta.touch();
      return renderCard(card, customer.default_payment_source_id);
    })
    // DELETE /customers/:id/payment_sources/:source_id — the next card becomes the default
    .add("DELETE", "/customers/:id/payment_sources/:source_id", (ctx) => {
      const customer = getCustomer(ctx, ctx.path.id ?? "");
      const card = ctx.engine.conekta.get("payment_source", ctx.path.source_id ?? "", ctx.account.id);
      if (!card || card.customer_id !== customer.id) throw notFound("PaymentSource", ctx.path.source_id ?? "");
      ctx.engine.conekta.remove(card.id, ctx.account.id);
      if (customer.default_payment_source_id === card.id) {
        const next = ctx.engine.conekta.list("payment_source", ctx.account.id).find((c) => c.customer_id === customer.id);
        customer.default_payment_source_id = next?.id ?? null;
      }
      return renderCard(card, null);
    });
}
