"use client";

import { signIn } from "next-auth/react";
import { useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorNote } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { useT } from "@/lib/i18n/i18n-context";
import { safeCallbackPath } from "@/lib/utils/safe-callback-path";
import { signInThrottled } from "@/lib/validations/auth";

export function SignInForm({ github }: { github: boolean }) {
  const router = useRouter();
  const params = useSearchParams();
  const t = useT();
  const [error, setError] = useState<string | null>(params?.get("error") ? t.auth.signInFailed : null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn("credentials", { email: form.get("email"), password: form.get("password"), redirect: false });
    setPending(false);
    if (!result?.ok) {
      const wait = signInThrottled.parse(result?.error);
      return setError(wait === null ? t.auth.wrongCredentials : t.auth.tooManyAttempts(Math.ceil(wait / 60)));
    }
    router.replace(safeCallbackPath(params?.get("callbackUrl"), window.location.origin));
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4">
      <ErrorNote error={error} />
      <Field label={t.auth.email}>
        <Input name="email" type="email" autoComplete="email" required />
      </Field>
      <Field label={t.auth.password}>
        <Input name="password" type="password" autoComplete="current-password" required />
      </Field>
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? t.auth.signingIn : t.auth.signIn}
      </Button>
      {github && (
        <Button type="button" variant="secondary" className="w-full" onClick={() => signIn("github", { callbackUrl: safeCallbackPath(params?.get("callbackUrl"), window.location.origin) })}>
          {t.auth.github}
        </Button>
      )}
    </form>
  );
}
