// Every page gets a Content-Security-Policy with a per-response nonce; Next reads it from the
// request's header and stamps the nonce on its inline scripts. /api, /v1 and static files have
// their own headers (next.config.ts).
import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy } from "@/lib/http/security-headers";

const options = {
  production: process.env.NODE_ENV === "production",
  publicUrl: process.env.BEACON_PUBLIC_URL ?? process.env.NEXTAUTH_URL ?? "",
};

export function proxy(request: NextRequest) {
  const nonce = btoa(crypto.randomUUID());
  const policy = contentSecurityPolicy(nonce, options);
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  return response;
}

export const config = {
  matcher: [{ source: "/((?!api/|v1/|_next/static|_next/image|favicon.ico|favicon.svg|logo.svg).*)" }],
};
