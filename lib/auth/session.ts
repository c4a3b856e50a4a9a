import "server-only";
import { hkdf } from "node:crypto";
import { jwtDecrypt } from "jose";
import { cookies, headers } from "next/headers";
import { env } from "@/lib/env";

export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
}

// The signed-in user, read from next-auth's session cookie the way next-auth reads it, minus
// what a page never uses. `getServerSession` ran next-auth's whole handler on every request:
// options, a CSRF token, the callbacks, two HKDF key derivations (decrypt, then re-encrypt a
// refreshed cookie that a server component cannot even set) and a JWE encryption. Here the
// cookie is decrypted and its expiry checked by jose as next-auth/jwt's `decode` does, with the
// key it derives from NEXTAUTH_SECRET derived once per process: the key is the server's, not a
// user's, and nothing about a session outlives its request.

const SESSION_COOKIE = "next-auth.session-token";

const derivedKeys = new Map<string, Promise<Uint8Array>>();

/** next-auth/jwt's encryption key: HKDF-SHA256 of the secret, empty salt, its fixed info string, 32 bytes. */
function encryptionKey(secret: string) {
  let key = derivedKeys.get(secret);
  if (!key) {
    key = new Promise((resolve, reject) =>
      hkdf("sha256", secret, "", "NextAuth.js Generated Encryption Key", 32, (error, bytes) => (error ? reject(error) : resolve(new Uint8Array(bytes)))),
    );
    derivedKeys.set(secret, key);
  }
  return key;
}

/** The user of a session token (next-auth's JWE), or null when it does not decrypt, has expired or names no user. */
export async function readSessionToken(token: string, secret = env.authSecret): Promise<SessionUser | null> {
  try {
    // next-auth/jwt's decode: A256GCM under the derived key ("dir"), 15 s of clock tolerance on `exp`.
    const { payload } = await jwtDecrypt(token, await encryptionKey(secret), { clockTolerance: 15 });
    // The `jwt` callback (auth-options.ts) stores the user's id as `uid`; the `session` callback reads it back.
    if (typeof payload.uid !== "string" || !payload.uid || typeof payload.email !== "string" || !payload.email) return null;
    return { id: payload.uid, email: payload.email, name: typeof payload.name === "string" ? payload.name : null };
  } catch {
    return null;
  }
}

/**
 * The session cookie's value: next-auth names it `__Secure-…` when the origin it detects is
 * https (NEXTAUTH_URL, or the forwarded protocol on Vercel or with AUTH_TRUST_HOST), and splits
 * a long token into `….0`, `….1`, … chunks, joined back in their order.
 */
export function sessionTokenFrom(all: { name: string; value: string }[], forwardedProto: string | null): string | undefined {
  const origin = process.env.NEXTAUTH_URL ?? ((process.env.VERCEL ?? process.env.AUTH_TRUST_HOST) ? `${forwardedProto === "http" ? "http" : "https"}://` : undefined);
  const name = origin?.startsWith("https://") ? `__Secure-${SESSION_COOKIE}` : SESSION_COOKIE;
  const chunks = all.filter((c) => c.name.startsWith(name));
  if (chunks.length === 0) return undefined;
  const index = (cookieName: string) => Number(cookieName.split(".").pop() ?? 0) || 0;
  return chunks
    .sort((a, b) => index(a.name) - index(b.name))
    .map((c) => c.value)
    .join("");
}

export async function getSessionUser(): Promise<SessionUser | null> {
  const token = sessionTokenFrom((await cookies()).getAll(), (await headers()).get("x-forwarded-proto"));
  return token ? readSessionToken(token) : null;
}
