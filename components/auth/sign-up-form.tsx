"use client";

import { signIn } from "next-auth/react";
import { useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorNote } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { useT } from "@/lib/i18n/i18n-context";
import { fetchJson, ProblemError } from "@/lib/hooks/fetch-json";
import { safeCallbackPath } from "@/lib/utils/safe-callback-path";
import { signInThrottled } from "@/lib/validations/auth";

export function SignUpForm() {
  const router = useRouter();
  const params = useSearchParams();
  const t = useT();
  const [error, setError] = useState<ProblemError | null>(null);
  const [pending, setPending] = useState(false);
  const fieldError = (field: string) => error?.errors.find((e) => e.field === field)?.message;

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = Object.fromEntries(new FormData(event.currentTarget));
    setPending(true);
    setError(null);
    try {
      // The answer is the same whether or not the email was new; signing in tells the two apart
      // only to someone who knows the account's password.
      await fetchJson("/api/sign-up", { method: "POST", json: form });
      const result = await signIn("credentials", { email: form.email, password: form.password, redirect: false });
      if (!result?.ok) {
        const wait = signInThrottled.parse(result?.error);
        setError(new ProblemError(401, wait === null ? t.auth.wrongCredentials : t.auth.tooManyAttempts(Math.ceil(wait / 60))));
        return setPending(false);
      }
      router.replace(safeCallbackPath(params?.get("callbackUrl"), window.location.origin));
      router.refresh();
    } catch (e) {
      setError(e instanceof ProblemError ? e : new ProblemError(0, t.auth.unreachable));
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {error && error.errors.length === 0 && <ErrorNote error={error} />}
      <Field label={t.auth.yourName} error={fieldError("name")}>
        <Input name="name" autoComplete="name" required />
      </Field>
      <Field label={t.auth.workEmail} error={fieldError("email")}>
        <Input name="email" type="email" autoComplete="email" required />
      </Field>
      <Field label={t.auth.password} error={fieldError("password")} hint={t.auth.passwordHint}>
        <Input name="password" type="password" autoComplete="new-password" required minLength={10} />
      </Field>
      <Field label={t.auth.organizationName} error={fieldError("organizationName")}>
        <Input name="organizationName" required />
      </Field>
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? t.auth.creating : t.auth.createAccount}
      </Button>
    </form>
  );
}
