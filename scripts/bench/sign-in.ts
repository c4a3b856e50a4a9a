// Signing in to a running Beacon as a browser does: NextAuth's CSRF token, then its credentials
// callback, keeping every cookie the server sets.

/** Cookies as a browser keeps them: the latest value of each name. */
export class Jar {
  private cookies = new Map<string, string>();
  take(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const eq = pair.indexOf("=");
      this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  }
  get header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

/** A jar holding a session for this user; throws when the server does not sign them in. */
export async function signIn(origin: string, credentials: { email: string; password: string }) {
  const jar = new Jar();
  const csrf = await fetch(`${origin}/api/auth/csrf`);
  jar.take(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${origin}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.header, origin },
    body: new URLSearchParams({ csrfToken, ...credentials, json: "true" }),
  });
  jar.take(response);
  if (!jar.header.includes("session-token")) throw new Error(`sign-in failed: ${response.status}`);
  return jar;
}
