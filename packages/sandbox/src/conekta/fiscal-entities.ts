import { conektaId } from "../ids";
import type { ConektaContext, ConektaRouter } from "./api";
import { invalidParam, notFound } from "./errors";
import { getCustomer } from "./lookup";
import type { FiscalEntityModel } from "./models";
import { asBody, optObject, optString, reqString, type Body } from "./params";
import { renderFiscalEntity } from "./render";

type FiscalFields = Omit<FiscalEntityModel, "id" | "created_at" | "customer_id">;

// RFC: 3 letters (companies) or 4 (people), the date yymmdd, a 3-character homoclave.
const RFC = /^[A-ZÑ&]{3,4}\d{6}[A-Z0-9]{3}$/;
// SAT's c_RegimenFiscal catalogue. API 2.3 has no field for it, so it travels in metadata.tax_regime.
const TAX_REGIMES = new Set(["601", "603", "605", "606", "607", "608", "609", "610", "611", "612", "614", "615", "616", "620", "621", "622", "623", "624", "625", "626", "628", "629", "630"]);

function parseAddress(body: Body, param: string): Record<string, string> {
  const address: Record<string, string> = {
    street1: reqString(body, "street1", `${param}.street1`),
    postal_code: reqString(body, "postal_code", `${param}.postal_code`),
    city: reqString(body, "city", `${param}.city`),
  };
  for (const key of ["street2", "state", "country", "external_number"]) {
    const value = optString(body, key, `${param}.${key}`);
    if (value !== undefined) address[key] = value;
  }
  const mexican = (address.country ?? "MX").toUpperCase() === "MX";
  if (mexican && !/^\d{5}$/.test(address.postal_code ?? "")) {
    throw invalidParam(`${param}.postal_code`, "A Mexican postal code has 5 digits.");
  }
  return address;
}

/** Validates a fiscal entity (RFC, postal code, tax regime) for a customer or an update. */
export function parseFiscalEntity(body: Body, param: string, current?: FiscalFields): FiscalFields {
  const addressBody = optObject(body, "address", `${param}.address`);
  if (!addressBody && !current) throw invalidParam(`${param}.address`, `The parameter ${param}.address is required.`, "missing");
  const taxId = optString(body, "tax_id", `${param}.tax_id`)?.trim().toUpperCase();
  if (taxId !== undefined && !RFC.test(taxId)) {
    throw invalidParam(`${param}.tax_id`, "The tax_id is not a valid RFC (12 characters for companies, 13 for people).");
  }
  const metadata = optObject(body, "metadata", `${param}.metadata`) ?? current?.metadata ?? {};
  if (metadata.tax_regime !== undefined && !TAX_REGIMES.has(String(metadata.tax_regime))) {
    throw invalidParam(`${param}.metadata.tax_regime`, "The tax regime is not in SAT's c_RegimenFiscal catalogue.");
  }
  return {
    address: addressBody ? parseAddress(addressBody, `${param}.address`) : (current?.address ?? {}),
    tax_id: taxId ?? current?.tax_id ?? null,
    company_name: optString(body, "company_name", `${param}.company_name`) ?? current?.company_name ?? null,
    email: optString(body, "email", `${param}.email`) ?? current?.email ?? null,
    phone: optString(body, "phone", `${param}.phone`) ?? current?.phone ?? null,
    metadata,
  };
}

export function parseFiscalEntities(body: Body): FiscalFields[] {
  const raw = body.fiscal_entities;
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw invalidParam("fiscal_entities", "The parameter fiscal_entities must be a list.");
  return raw.map((entry, i) => parseFiscalEntity(asBody(entry, `fiscal_entities.${i}`), `fiscal_entities.${i}`));
}

/** Adds a fiscal entity; the first one becomes the customer's default. */
export function addFiscalEntity({ engine, account }: Pick<ConektaContext, "engine" | "account">, customerId: string, fields: FiscalFields): FiscalEntityModel {
  const entity = engine.conekta.insert("fiscal_entity", account.id, { ...fields, id: conektaId("fis_ent"), created_at: engine.now(), customer_id: customerId });
  const customer = engine.conekta.get("customer", customerId, account.id);
  if (customer && !customer.default_fiscal_entity_id) customer.default_fiscal_entity_id = entity.id;
  engine.conekta.touch();
  return entity;
}

export function registerFiscalEntities(router: ConektaRouter): void {
  router
    // POST /customers/:id/fiscal_entities — add a fiscal entity (RFC, address, tax regime)
    .add("POST", "/customers/:id/fiscal_entities", (ctx) => {
      const customer = getCustomer(ctx, ctx.path.id ?? "");
      const entity = addFiscalEntity(ctx, customer.id, parseFiscalEntity(ctx.body, "fiscal_entity"));
      return renderFiscalEntity(entity, customer.default_fiscal_entity_id);
    })
    // PUT /customers/:id/fiscal_entities/:fiscal_id — change some of its fields
    .add("PUT", "/customers/:id/fiscal_entities/:fiscal_id", (ctx) => {
      const customer = getCustomer(ctx, ctx.path.id ?? "");
      const entity = ctx.engine.conekta.get("fiscal_entity", ctx.path.fiscal_id ?? "", ctx.account.id);
      if (!entity || entity.customer_id !== customer.id) throw notFound("FiscalEntity", ctx.path.fiscal_id ?? "");
      Object.assign(entity, parseFiscalEntity(ctx.body, "fiscal_entity", entity));
      ctx.engine.conekta.touch();
      return renderFiscalEntity(entity, customer.default_fiscal_entity_id);
    });
}
