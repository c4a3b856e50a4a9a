import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { getSessionUser } from "@/lib/auth/session";

export const metadata = { title: "Create an account" };

export default async function SignUpPage() {
  if (await getSessionUser()) redirect("/");
  return (
    <AuthCard title="Create your Beacon account" footer={<>Already have one? <Link className="font-medium text-brand-600" href="/sign-in">Sign in</Link></>}>
      <SignUpForm />
    </AuthCard>
  );
}
