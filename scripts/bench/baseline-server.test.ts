import type postgres from "postgres";
import { expect, test } from "vitest";
import { receiveBaseline } from "./baseline-server";
import { makeDeliveries, sign } from "./payloads";

// The baseline sets the bench's yardstick, so it must do the work it claims: a receiver that
// skipped the check or the insert would make every ratio look worse than it is.
function recordingSql(fail = false) {
  const inserts: unknown[][] = [];
  const sql = ((_: TemplateStringsArray, ...values: unknown[]) => {
    inserts.push(values);
    return fail ? Promise.reject(new Error("connection lost")) : Promise.resolve([]);
  }) as unknown as postgres.Sql;
  return { sql, inserts };
}

const [delivery] = makeDeliveries("baseline_test", 1).deliveries;

test("a signed delivery is stored once under its event id", async () => {
  const { sql, inserts } = recordingSql();
  expect(await receiveBaseline(sql, delivery!.body, delivery!.signature)).toBe(200);
  expect(inserts).toEqual([[delivery!.eventId, delivery!.body]]);
});

test("a wrong, missing or malformed signature, or a changed body, is refused before any insert", async () => {
  const { sql, inserts } = recordingSql();
  const other = sign(`${delivery!.body} `);
  for (const [body, header] of [
    [delivery!.body, other],
    [delivery!.body, ""],
    [delivery!.body, "t=1,v1=abc"],
    [`${delivery!.body} `, delivery!.signature],
  ] as const) {
    expect(await receiveBaseline(sql, body, header)).toBe(400);
  }
  expect(inserts).toEqual([]);
});

test("a failed insert answers 503 so the sender retries", async () => {
  const { sql } = recordingSql(true);
  expect(await receiveBaseline(sql, delivery!.body, delivery!.signature)).toBe(503);
});
