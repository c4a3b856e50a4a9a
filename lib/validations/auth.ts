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
 * What a throttled credentials sign-in answers: next-auth hands the thrown message to the client
 * as `signIn()`'s `error`, here `rate_limited:<seconds until the window ends>`.
 */
export const signInThrottled = {
  prefix: "rate_limited:",
  format: (retryAfterSeconds: number) => `rate_limited:${retryAfterSeconds}`,
  /** Seconds to wait, or null when `error` is some other failure. */
  parse: (error: string | null | undefined) => {
    const match = /^rate_limited:(\d+)$/.exec(error ?? "");
    return match ? Number(match[1]) : null;
  },
};
