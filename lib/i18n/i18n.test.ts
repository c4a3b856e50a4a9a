import { describe, expect, it } from "vitest";
import { en } from "./en";
import { es } from "./es";
import { formatMoney, formatMonth } from "./format";
import { negotiateLocale } from "./locales";

/** Paths to every text, each a list of keys (keys may hold dots: audit actions are codes). */
function pathsOf(value: unknown, prefix: string[] = []): string[][] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...prefix, k]));
}
const keysOf = (value: unknown) => pathsOf(value).map((path) => path.join(" › "));

describe("i18n", () => {
  it("chooses from Accept-Language by quality, English when nothing matches", () => {
    expect(negotiateLocale("es-MX,es;q=0.9,en;q=0.8")).toBe("es");
    expect(negotiateLocale("en-US,en;q=0.9,es;q=0.8")).toBe("en");
    expect(negotiateLocale("fr-FR,es;q=0.5,en;q=0.4")).toBe("es");
    expect(negotiateLocale("fr-FR, de;q=0.9")).toBe("en");
    expect(negotiateLocale("es;q=0, en;q=0.1")).toBe("en");
    expect(negotiateLocale(null)).toBe("en");
  });

  it("has the same texts in both languages, none left empty", () => {
    expect(keysOf(es).sort()).toEqual(keysOf(en).sort());
    for (const path of pathsOf(es)) {
      const value = path.reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], es);
      expect(value === "" || value === undefined, path.join(" › ")).toBe(false);
    }
  });

  it("reads webhook decision notes in Spanish, clause by clause, and leaves unknown ones as written", () => {
    expect(es.common.decisionNote("Re-fetched: Already active; nothing changed")).toBe("Reconsultado: Ya activa; sin cambios");
    expect(es.common.decisionNote("Checkout completed; subscription linked")).toBe("Checkout completado; suscripción vinculada");
    expect(es.common.decisionNote("Subscription incomplete → active (status, current_period_end)")).toBe("Suscripción incompleta → activa (estado, fin del periodo)");
    expect(es.common.decisionNote("No handler for Stripe event type charge.succeeded")).toBe("Beacon no procesa el tipo de evento charge.succeeded de Stripe");
    expect(es.common.decisionNote("Something new")).toBe("Something new");
    expect(en.common.decisionNote("Checkout completed")).toBe("Checkout completed");
  });

  it("formats minor units with each currency's decimals in the reader's locale", () => {
    expect(formatMoney("en", 123_456, "usd")).toBe("$1,234.56");
    expect(formatMoney("es", 29_900, "MXN")).toBe("$299.00");
    expect(formatMoney("en", 500, "jpy")).toBe("¥500");
    expect(formatMonth("es", "2026-03")).toBe("Marzo de 2026");
    expect(formatMonth("en", "2026-03")).toBe("March 2026");
  });
});
