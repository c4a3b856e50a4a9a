import "server-only";
import { DrizzleAdapter } from "@auth/drizzle-adapter";
import { eq } from "drizzle-orm";
import type { NextAuthOptions } from "next-auth";
import type { Adapter } from "next-auth/adapters";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import { db } from "@/db";
import { clientIp } from "@/lib/api/client-ip";
import { throttleSignIn } from "@/lib/api/throttles";
import { accounts, users } from "@/db/schema";
import { env } from "@/lib/env";
import { createOrganization } from "@/lib/organizations/create-organization";
import { safeCallbackPath } from "@/lib/utils/safe-callback-path";
import { signInInput, signInThrottled } from "@/lib/validations/auth";
import { hashPassword, verifyPassword } from "./password";

// Verifying against a real hash when the email is unknown keeps response times alike,
// so sign-in does not reveal which emails have accounts.
const decoyHash = hashPassword("decoy-password-for-timing");

/**
 * The credentials check. Throttled per account and per client IP before the password is looked
 * at; a throttled attempt throws, which next-auth hands the client as `signIn()`'s `error`.
 */
export async function authorizeCredentials(credentials: unknown, req?: { headers?: Record<string, string | string[] | undefined> }) {
  const parsed = signInInput.safeParse(credentials);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const refused = await throttleSignIn({ email, ip: clientIp(req?.headers) });
  if (refused) throw new Error(signInThrottled.format(refused.hit.retryAfter));
  const [user] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  const ok = await verifyPassword(password, user?.passwordHash ?? (await decoyHash));
  if (!user?.passwordHash || !ok) return null;
  return { id: user.id, email: user.email, name: user.name };
}

export const authOptions: NextAuthOptions = {
  secret: env.authSecret,
  session: { strategy: "jwt", maxAge: 7 * 24 * 3600 },
  // next-auth's own error page is replaced by the sign-in form, which says sign-in failed.
  pages: { signIn: "/sign-in", error: "/sign-in" },
  // The adapter stores OAuth users and accounts; sessions stay in JWTs.
  adapter: env.githubOAuth
    ? (DrizzleAdapter(db, { usersTable: users, accountsTable: accounts }) as unknown as Adapter)
    : undefined,
  providers: [
    CredentialsProvider({
      id: "credentials",
      name: "Email and password",
      credentials: { email: { type: "email" }, password: { type: "password" } },
      authorize: authorizeCredentials,
    }),
    ...(env.githubOAuth ? [GitHubProvider(env.githubOAuth)] : []),
  ],
  callbacks: {
    // next-auth's default follows any `//host` path; only Beacon's own paths are followed.
    redirect({ url, baseUrl }) {
      return `${baseUrl}${safeCallbackPath(url, new URL(baseUrl).origin)}`;
    },
    jwt({ token, user }) {
      if (user) token.uid = user.id;
      return token;
    },
    session({ session, token }) {
      if (session.user && typeof token.uid === "string") session.user.id = token.uid;
      return session;
    },
  },
  events: {
    // A first OAuth sign-in gets its own organization and nothing more: invitations are joined
    // only through their link, never because an email address matches.
    async createUser({ user }) {
      const email = user.email;
      if (!email) return;
      await createOrganization({ ctx: { user: { id: user.id, email } }, input: { name: `${user.name ?? email.split("@")[0]}'s organization` } });
    },
  },
};
