import { describe, expect, test } from "vitest";
import { canonicalParams, parseForm } from "./form";

describe("parseForm", () => {
  test("decodes Stripe's bracket notation into nested objects and arrays", () => {
    const body =
      "mode=subscription&line_items[0][price]=price_1&line_items[0][quantity]=2&line_items[1][price]=price_2" +
      "&metadata[org]=o%201&metadata[0]=zero&expand[]=subscription&expand[]=customer&subscription_data[metadata][k]=v";
    expect(parseForm(body)).toEqual({
      mode: "subscription",
      line_items: [{ price: "price_1", quantity: "2" }, { price: "price_2" }],
      metadata: { org: "o 1", "0": "zero" },
      expand: ["subscription", "customer"],
      subscription_data: { metadata: { k: "v" } },
    });
  });

  test("accepts percent-encoded brackets and plus-encoded spaces", () => {
    expect(parseForm("expand%5B0%5D=a&name=Jane+Doe")).toEqual({ expand: ["a"], name: "Jane Doe" });
  });

  test("orders array entries by index, not by arrival", () => {
    expect(parseForm("items[1]=b&items[0]=a")).toEqual({ items: ["a", "b"] });
  });

  test("canonical form ignores key order", () => {
    expect(canonicalParams(parseForm("a=1&b[x]=2&b[y]=3"))).toBe(canonicalParams(parseForm("b[y]=3&b[x]=2&a=1")));
    expect(canonicalParams(parseForm("a=1"))).not.toBe(canonicalParams(parseForm("a=2")));
  });
});
