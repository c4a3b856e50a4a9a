import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { embeddedSocketPath, ensureEmbeddedDatabase, stopEmbeddedDatabase } from "./embedded";
import { servePglite } from "./pglite-server";

describe("PGlite over the wire, many connections", () => {
  let pglite: PGlite;
  let server: Awaited<ReturnType<typeof servePglite>>;
  let sql: postgres.Sql;

  beforeAll(async () => {
    pglite = await PGlite.create();
    server = await servePglite(pglite, { host: "127.0.0.1", port: 0 });
    sql = postgres(`postgres://postgres@127.0.0.1:${server.port}/postgres`, { max: 8, onnotice: () => {} });
  });
  afterAll(async () => {
    await sql.end();
    await server.close();
    await pglite.close();
  });

  it("never hands one connection's rows to another", async () => {
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        i % 2 ? sql`select ${i}::int as n, 'odd' as kind` : sql`select ${i}::int as n, now() as at, 'even' as kind, ${"x" + i} as label`,
      ),
    );
    results.forEach((rows, i) => {
      expect(rows[0]?.n).toBe(i);
      expect(rows[0]?.kind).toBe(i % 2 ? "odd" : "even");
    });
  });

  it("keeps concurrent transactions whole", async () => {
    await sql`create table counters (id int primary key, value int not null)`;
    await sql`insert into counters values (1, 0)`;
    await Promise.all(
      Array.from({ length: 30 }, () =>
        sql.begin(async (tx) => {
          const [row] = await tx`select value from counters where id = 1 for update`;
          await tx`update counters set value = ${Number(row?.value) + 1} where id = 1`;
        }),
      ),
    );
    const [row] = await sql`select value from counters where id = 1`;
    expect(row?.value).toBe(30);
  });

  it("rolls back a failed transaction without affecting the others", async () => {
    await sql`create table items (id int primary key)`;
    const failing = sql.begin(async (tx) => {
      await tx`insert into items values (1)`;
      await tx`insert into items values (1)`; // duplicate key: the whole transaction goes
    });
    const passing = sql.begin((tx) => tx`insert into items values (2)`);
    await expect(failing).rejects.toThrow(/duplicate key/);
    await passing;
    expect((await sql`select id from items order by id`).map((r) => r.id)).toEqual([2]);
  });
});

describe("the embedded database folder", () => {
  it("is served by the first process, survives a restart and keeps its data", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "beacon-embedded-"));
    const first = await ensureEmbeddedDatabase(dataDir);
    expect(first.owned).toBe(true);
    const connect = () => postgres({ path: embeddedSocketPath(dataDir), database: "postgres", username: "postgres", onnotice: () => {} });
    let sql = connect();
    await sql`create table notes (body text)`;
    await sql`insert into notes values ('kept')`;
    await sql.end();
    await stopEmbeddedDatabase();

    const second = await ensureEmbeddedDatabase(dataDir);
    expect(second.owned).toBe(true);
    sql = connect();
    expect((await sql`select body from notes`).map((r) => r.body)).toEqual(["kept"]);
    await sql.end();
    await stopEmbeddedDatabase();
  });
});
