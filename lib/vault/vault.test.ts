import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { vaultSecrets } from "@/db/schema";
import { env, type VaultKey } from "@/lib/env";
import { openValue, readSecret, resealSecrets, sealValue, storeSecret } from "./vault";

const key = (id: string): VaultKey => ({ id, key: randomBytes(32) });

/** Configures the master keys as BEACON_VAULT_KEYS would: the first seals, all open. */
function useKeys(...keys: VaultKey[]) {
  vi.spyOn(env, "vaultKeys", "get").mockReturnValue(keys);
}

afterEach(() => vi.restoreAllMocks());

describe("vault", () => {
  it("seals with AES-256-GCM under the first key, bound to its purpose", () => {
    useKeys(key("k1"));
    const sealed = sealValue("whsec_abc", "stripe_webhook_secret");
    expect(sealed.keyId).toBe("k1");
    expect(Buffer.from(sealed.ciphertext, "base64").toString("latin1")).not.toContain("whsec_abc");
    expect(sealValue("whsec_abc", "stripe_webhook_secret").ciphertext).not.toBe(sealed.ciphertext); // fresh IV
    expect(openValue(sealed, "stripe_webhook_secret")).toBe("whsec_abc");
    // Another role, a flipped byte or an unknown key id do not open it.
    expect(() => openValue(sealed, "conekta_private_key")).toThrow();
    const raw = Buffer.from(sealed.ciphertext, "base64");
    raw[raw.length - 1]! ^= 1;
    expect(() => openValue({ ...sealed, ciphertext: raw.toString("base64") }, "stripe_webhook_secret")).toThrow();
    expect(() => openValue({ ...sealed, keyId: "gone" }, "stripe_webhook_secret")).toThrow(/not configured/);
  });

  it("rotates the master key: old rows still open, reseal moves them to the new key", async () => {
    const configured = env.vaultKeys;
    const k1 = key("old");
    const k2 = key("new");
    // Other test files share this database: the reseal runs in a transaction that is rolled back.
    const rollback = new Error("rollback");
    const outcome = db.transaction(async (tx) => {
      useKeys(k1);
      const id = await storeSecret(tx, { organizationId: null, purpose: "conekta_private_key", value: "key_sandbox_secret" });

      useKeys(k2, k1, ...configured); // the new key first; older keys kept to open what they sealed
      expect(await readSecret(tx, id)).toBe("key_sandbox_secret");
      expect(await resealSecrets(tx)).toBeGreaterThanOrEqual(1);
      const [row] = await tx.select().from(vaultSecrets).where(eq(vaultSecrets.id, id));
      expect(row?.keyId).toBe("new");

      useKeys(k2); // the old keys can now be dropped
      expect(await readSecret(tx, id)).toBe("key_sandbox_secret");
      expect(await resealSecrets(tx)).toBe(0);
      throw rollback;
    });
    await expect(outcome).rejects.toBe(rollback);
  });
});
