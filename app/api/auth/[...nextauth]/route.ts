// /api/auth/* — next-auth: credentials and (when configured) GitHub sign-in, JWT sessions
import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/auth-options";
import { refuseBadCallbackUrl } from "@/lib/api/refuse-bad-callback-url";

const nextAuth = NextAuth(authOptions);

function handler(req: Request, context: { params: Promise<{ nextauth: string[] }> }) {
  return refuseBadCallbackUrl(req) ?? nextAuth(req, context);
}

export { handler as GET, handler as POST };
