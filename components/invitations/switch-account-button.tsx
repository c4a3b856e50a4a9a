"use client";

import { signOut } from "next-auth/react";
import { Button } from "@/components/ui/button";
import { useT } from "@/lib/i18n/i18n-context";

/** Signs out and comes back to the invitation through sign-in, to accept it as the invited email. */
export function SwitchAccountButton({ callbackUrl }: { callbackUrl: string }) {
  const t = useT();
  return (
    <Button variant="secondary" className="w-full" onClick={() => signOut({ callbackUrl: `/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}` })}>
      {t.invitations.signOut}
    </Button>
  );
}
