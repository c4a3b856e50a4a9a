// /api/auth/* — next-auth: credentials and (when configured) GitHub sign-in, JWT sessions
import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/auth-options";

const handler = NextAuth(authOptions);
export { handler as GET, handler as POST };
