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

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string | string[] }> }) {
  if (await getSessionUser()) redirect(safeCallbackPath((await searchParams).callbackUrl));
  const { t } = await getDictionary();
  return (
    <AuthCard
      title={t.auth.signUpTitle}
      footer={
        <>
          {t.auth.alreadyHaveOne} <Link className="font-medium text-brand-600" href="/sign-in">{t.auth.signIn}</Link>
        </>
      }
    >
      <Suspense>
        <SignUpForm />
      </Suspense>
    </AuthCard>
  );
}
