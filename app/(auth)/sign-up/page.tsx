import Link from "next/link";
import { redirect } from "next/navigation";
import { Suspense } from "react";
import { AuthCard } from "@/components/auth/auth-card";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { getSessionUser } from "@/lib/auth/session";
import { getDictionary } from "@/lib/i18n/get-dictionary";
import { safeCallbackPath } from "@/lib/utils/safe-callback-path";

export async function generateMetadata() {
  return { title: (await getDictionary()).t.auth.createAnAccount };
}

type Search = Promise<{ callbackUrl?: string | string[] }>;

export default async function SignUpPage({ searchParams }: { searchParams: Search }) {
  const requested = (await searchParams).callbackUrl;
  const callbackUrl = safeCallbackPath(requested);
  if (await getSessionUser()) redirect(callbackUrl);
  const { t } = await getDictionary();
  const signInHref = callbackUrl !== "/" ? `/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/sign-in";
  return (
    <AuthCard
      title={t.auth.signUpTitle}
      footer={
        <>
          {t.auth.alreadyHaveOne} <Link className="font-medium text-brand-600" href={signInHref}>{t.auth.signIn}</Link>
        </>
      }
    >
      {callbackUrl.startsWith("/invitations/") && <p className="mb-4 text-sm text-slate-600 dark:text-slate-300">{t.invitations.signInHint}</p>}
      <Suspense>
        <SignUpForm />
      </Suspense>
    </AuthCard>
  );
}
