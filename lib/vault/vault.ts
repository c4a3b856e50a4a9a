import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { eq, ne } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { vaultSecrets } from "@/db/schema";
import { env, type VaultKey } from "@/lib/env";

// AES-256-GCM with a fresh 96-bit IV per secret. The key id stored beside each ciphertext says
// which master key opens it; the purpose is bound as additional data, so a ciphertext copied
// into another row's role does not open.

const IV_BYTES = 12;
const TAG_BYTES = 16;

function keyById(id: string): VaultKey {
  const key = env.vaultKeys.find((k) => k.id === id);
  if (!key) throw new Error(`Vault key "${id}" is not configured (BEACON_VAULT_KEYS); cannot open this secret.`);
  return key;
}

export function sealValue(plaintext: string, purpose: string): { keyId: string; ciphertext: string } {
  const { id, key } = env.vaultKeys[0]!;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(purpose));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return { keyId: id, ciphertext: Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64") };
}

export function openValue(sealed: { keyId: string; ciphertext: string }, purpose: string): string {
  const raw = Buffer.from(sealed.ciphertext, "base64");
  const decipher = createDecipheriv("aes-256-gcm", keyById(sealed.keyId).key, raw.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(purpose));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
}

/** Stores a secret and returns its row id; the plaintext never touches the database. */
export async function storeSecret(db: DbOrTx, input: { organizationId: string | null; purpose: string; value: string }) {
  const [row] = await db
    .insert(vaultSecrets)
    .values({ organizationId: input.organizationId, purpose: input.purpose, ...sealValue(input.value, input.purpose) })
    .returning({ id: vaultSecrets.id });
  return row!.id;
}

export async function readSecret(db: DbOrTx, id: string): Promise<string> {
  const [row] = await db.select().from(vaultSecrets).where(eq(vaultSecrets.id, id));
  if (!row) throw new Error(`Vault secret ${id} not found`);
  return openValue(row, row.purpose);
}

/** Re-seals every secret not under the current master key; returns how many moved. */
export async function resealSecrets(db: DbOrTx): Promise<number> {
  const current = env.vaultKeys[0]!.id;
  const stale = await db.select().from(vaultSecrets).where(ne(vaultSecrets.keyId, current));
  for (const row of stale) {
    const resealed = sealValue(openValue(row, row.purpose), row.purpose);
    await db.update(vaultSecrets).set(resealed).where(eq(vaultSecrets.id, row.id));
  }
  return stale.length;
}
