"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorNote } from "@/components/ui/card";
import { useT } from "@/lib/i18n/i18n-context";
import type { AcceptInvitationResponse } from "@/lib/invitations/accept-invitation";
import { fetchJson, ProblemError } from "@/lib/hooks/fetch-json";

export function AcceptInvitationForm({ token }: { token: string }) {
  const router = useRouter();
  const t = useT();
  const [error, setError] = useState<ProblemError | null>(null);
  const [pending, setPending] = useState(false);

  async function onAccept() {
    setPending(true);
    setError(null);
    try {
      // The token goes in the body, so the accept request keeps it out of access logs.
      const { organization } = await fetchJson<AcceptInvitationResponse>("/api/invitations/accept", { method: "POST", json: { token } });
      router.replace(`/${organization.slug}`);
      router.refresh();
    } catch (e) {
      setError(e instanceof ProblemError ? e : new ProblemError(0, t.auth.unreachable));
      setPending(false);
    }
  }

  return (
    <div className="space-y-3">
      <ErrorNote error={error} />
      <Button className="w-full" onClick={onAccept} disabled={pending}>
        {pending ? t.invitations.accepting : t.invitations.accept}
      </Button>
    </div>
  );
}
