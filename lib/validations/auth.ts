import { z } from "zod";

export const email = z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address"));

export const signUpInput = z.object({
  name: z.string().trim().min(1, "Enter your name").max(120),
  email,
  password: z.string().min(10, "Use at least 10 characters").max(200),
  organizationName: z.string().trim().min(2, "Name your organization").max(80),
});
export type SignUpInput = z.infer<typeof signUpInput>;

export const signInInput = z.object({ email, password: z.string().min(1).max(200) });

/**
 * Where to go after signing in or up: a path on this site, else `fallback`. "//host" and "/\host"
 * are refused because browsers read them as another origin.
 */
export function safeCallbackUrl(value: string | null | undefined, fallback = "/") {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\") || /[\u0000-\u001f\\]/.test(value)) return fallback;
  return value;
}
