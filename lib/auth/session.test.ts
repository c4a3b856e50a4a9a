import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { readSessionToken, sessionTokenFrom } from "./session";

// The session cookie as next-auth writes it (next-auth/jwt's encode, what its sign-in sets) must
// read back as the same user, and nothing else may.
const secret = "a-test-secret-of-at-least-thirty-two-characters";
const user = { uid: "6f1c2b7e-0000-4000-8000-000000000001", email: "ana@example.com", name: "Ana", sub: "6f1c2b7e-0000-4000-8000-000000000001" };

describe("the session cookie", () => {
  it("reads next-auth's own token as its user", async () => {
    const token = await encode({ token: user, secret, maxAge: 3600 });
    expect(await readSessionToken(token, secret)).toEqual({ id: user.uid, email: user.email, name: "Ana" });
    expect(await readSessionToken(await encode({ token: { ...user, name: null }, secret }), secret)).toEqual({ id: user.uid, email: user.email, name: null });
  });

  it("refuses a token under another secret, a tampered one, an expired one and one naming no user", async () => {
    const token = await encode({ token: user, secret, maxAge: 3600 });
    expect(await readSessionToken(token, `${secret}-rotated`)).toBeNull();
    const [header, key, iv, ciphertext, tag] = token.split(".");
    const flipped = ciphertext!.slice(0, 10) + (ciphertext![10] === "A" ? "B" : "A") + ciphertext!.slice(11);
    expect(await readSessionToken([header, key, iv, flipped, tag].join("."), secret)).toBeNull();
    expect(await readSessionToken("not-a-token", secret)).toBeNull();
    // Expired beyond next-auth's 15 seconds of clock tolerance.
    expect(await readSessionToken(await encode({ token: user, secret, maxAge: -60 }), secret)).toBeNull();
    expect(await readSessionToken(await encode({ token: { email: user.email }, secret }), secret)).toBeNull();
    expect(await readSessionToken(await encode({ token: { uid: user.uid }, secret }), secret)).toBeNull();
  });

  it("finds the cookie under next-auth's name, joining its chunks in order", () => {
    const saved = process.env.NEXTAUTH_URL;
    try {
      process.env.NEXTAUTH_URL = "http://localhost:3000";
      expect(sessionTokenFrom([{ name: "other", value: "x" }], null)).toBeUndefined();
      expect(sessionTokenFrom([{ name: "next-auth.session-token", value: "abc" }], null)).toBe("abc");
      // A secure cookie is not read on an http origin, nor the plain one on https.
      expect(sessionTokenFrom([{ name: "__Secure-next-auth.session-token", value: "abc" }], null)).toBeUndefined();
      const chunks = [2, 0, 10, 1].map((i) => ({ name: `next-auth.session-token.${i}`, value: `<${i}>` }));
      expect(sessionTokenFrom(chunks, null)).toBe("<0><1><2><10>");
      process.env.NEXTAUTH_URL = "https://beacon.example.com";
      expect(sessionTokenFrom([{ name: "next-auth.session-token", value: "abc" }], null)).toBeUndefined();
      expect(sessionTokenFrom([{ name: "__Secure-next-auth.session-token", value: "abc" }], null)).toBe("abc");
    } finally {
      if (saved === undefined) delete process.env.NEXTAUTH_URL;
      else process.env.NEXTAUTH_URL = saved;
    }
  });
});
