import { Configuration } from "conekta";
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { providerConnections, vaultSecrets } from "@/db/schema";
import { createOwner } from "@/lib/testing/factories";
import { connectConekta } from "./connect-conekta";
import { problemOf } from "@/lib/testing/problem";

// Conekta is down: nothing listens on the port the SDK is pointed at.
vi.mock("@/lib/providers/clients", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/providers/clients")>()),
  conektaConfig: (privateKey: string) => new Configuration({ accessToken: privateKey, basePath: "http://127.0.0.1:9" }),
}));

describe("Conekta unreachable", () => {
  it("answers 503 naming Conekta, and saves nothing", async () => {
    const owner = await createOwner("conekta-down");
    const attempt = connectConekta({ ctx: owner, input: { mode: "test", privateKey: "key_sandbox_unreachable0001" } });
    await expect(problemOf(attempt)).resolves.toMatchObject({ code: "unavailable", status: 503, detail: expect.stringMatching(/Conekta could not be reached.*nothing was sent and nothing was changed/) });
    expect(await db.select().from(providerConnections).where(eq(providerConnections.organizationId, owner.organization.id))).toEqual([]);
    expect(await db.select().from(vaultSecrets).where(eq(vaultSecrets.organizationId, owner.organization.id))).toEqual([]);
  });
});
