import { afterEach, describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatMoney, formatMonth, formatNumber, formatPercent, formatRelative, formatSeconds } from "./format";

const kinds = ["NumberFormat", "DateTimeFormat", "RelativeTimeFormat"] as const;
const originals = { ...Object.fromEntries(kinds.map((k) => [k, Intl[k]])) } as Pick<typeof Intl, (typeof kinds)[number]>;
afterEach(() => Object.assign(Intl, originals));

/** Counts `new Intl.X(…)` from here on. */
function countConstructions() {
  const counter = { built: 0 };
  for (const kind of kinds) {
    Object.assign(Intl, { [kind]: new Proxy(originals[kind], { construct: (target, args) => (counter.built++, Reflect.construct(target, args)) }) });
  }
  return counter;
}

describe("format", () => {
  // A page of 50 event rows formats hundreds of dates and amounts while rendering; building an
  // Intl formatter for each (locale data lookup) was a fifth of the server's time per page.
  it("builds each Intl formatter once and reuses it", () => {
    const counter = countConstructions();
    const formatAll = (i: number) => [
      formatMoney("en", 100 + i, "mxn"),
      formatNumber("es", i, { maximumFractionDigits: 0 }),
      formatPercent("en", i / 100),
      formatDate("es", new Date(2026, 0, 1 + i)),
      formatDateTime("en", new Date(2026, 0, 1 + i)),
      formatDateTime("en", new Date(2026, 0, 1 + i), { hour: "numeric" }),
      formatMonth("es", "2026-03"),
      formatSeconds("en", 30 + i),
      formatRelative("en", new Date(Date.now() - i * 60_000)),
    ];
    const first = formatAll(1);
    const built = counter.built;
    expect(built).toBeGreaterThan(0);
    for (let i = 2; i < 50; i++) formatAll(i);
    expect(counter.built).toBe(built);
    expect(formatAll(1)).toEqual(first);
  });

  it("formats with the options asked for, not a reused formatter's", () => {
    const at = new Date("2026-03-05T15:30:00Z");
    expect(formatDateTime("en", at, { timeZone: "UTC", month: "long" })).toBe("March");
    expect(formatDateTime("en", at, { timeZone: "UTC", year: "numeric" })).toBe("2026");
    expect(formatMoney("en", 500, "jpy")).toBe("¥500");
    expect(formatMoney("en", 500, "usd")).toBe("$5.00");
    expect(formatNumber("en", 1234.5)).toBe("1,234.5");
    expect(formatNumber("en", 1234.5, { maximumFractionDigits: 0 })).toBe("1,235");
  });
});
