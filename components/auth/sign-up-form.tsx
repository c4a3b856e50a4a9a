"use client";

import { signIn } from "next-auth/react";
import { useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorNote } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { useT } from "@/lib/i18n/i18n-context";
import { fetchJson, ProblemError } from "@/lib/queries/fetch-json";
import { safeCallbackUrl } from "@/lib/validations/auth";

type Created = { organization: { slug: string } };

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
      const { organization } = await fetchJson<Created>("/api/sign-up", { method: "POST", json: form });
      await signIn("credentials", { email: form.email, password: form.password, redirect: false });
      // Back to where sign-up was asked for (an invitation link), else the new organization.
      router.replace(safeCallbackUrl(params?.get("callbackUrl"), `/${organization.slug}`));
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
