import Link from "next/link";
import { redirect } from "next/navigation";
import { Suspense } from "react";
import { AuthCard } from "@/components/auth/auth-card";
import { SignInForm } from "@/components/auth/sign-in-form";
import { demo } from "@/db/seed";
import { getSessionUser } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { getDictionary } from "@/lib/i18n/get-dictionary";
import { safeCallbackPath } from "@/lib/utils/safe-callback-path";

export async function generateMetadata() {
  return { title: (await getDictionary()).t.auth.signIn };
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string | string[] }> }) {
  if (await getSessionUser()) redirect(safeCallbackPath((await searchParams).callbackUrl));
  const { t } = await getDictionary();
  return (
    <AuthCard
      title={t.auth.signInTitle}
      footer={
        <>
          {t.auth.newToBeacon} <Link className="font-medium text-brand-600" href="/sign-up">{t.auth.createAnAccount}</Link>
        </>
      }
    >
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
