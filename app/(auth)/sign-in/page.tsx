import Link from "next/link";
import { redirect } from "next/navigation";
import { Suspense } from "react";
import { AuthCard } from "@/components/auth/auth-card";
import { SignInForm } from "@/components/auth/sign-in-form";
import { demo } from "@/lib/auth/demo-account";
import { getSessionUser } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { getDictionary } from "@/lib/i18n/get-dictionary";
import { safeCallbackPath } from "@/lib/utils/safe-callback-path";

export async function generateMetadata() {
  return { title: (await getDictionary()).t.auth.signIn };
}

type Search = Promise<{ callbackUrl?: string | string[] }>;

export default async function SignInPage({ searchParams }: { searchParams: Search }) {
  const requested = (await searchParams).callbackUrl;
  const callbackUrl = safeCallbackPath(requested);
  if (await getSessionUser()) redirect(callbackUrl);
  const { t } = await getDictionary();
  const signUpHref = callbackUrl !== "/" ? `/sign-up?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/sign-up";
  return (
    <AuthCard
      title={t.auth.signInTitle}
      footer={
        <>
          {t.auth.newToBeacon} <Link className="font-medium text-brand-600" href={signUpHref}>{t.auth.createAnAccount}</Link>
        </>
      }
    >
      {callbackUrl.startsWith("/invitations/") && <p className="mb-4 text-sm text-slate-600 dark:text-slate-300">{t.invitations.signInHint}</p>}
      {env.seedDemo && (
        <p className="mb-4 rounded-md bg-brand-50 px-3 py-2 text-sm text-brand-700 dark:bg-slate-800 dark:text-slate-200">
          {t.auth.demo} <code className="font-mono">{demo.email}</code> / <code className="font-mono">{env.BEACON_DEMO_PASSWORD}</code>
        </p>
      )}
      <Suspense>
        <SignInForm github={Boolean(env.githubOAuth)} />
      </Suspense>
    </AuthCard>
  );
}
