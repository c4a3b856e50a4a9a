"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useT } from "@/lib/i18n/i18n-context";
import type { CreateInvitationResponse } from "@/lib/invitations/create-invitation";

/** The link of an invitation just sent or re-sent: only hashes are stored, so this is the one chance to copy it. */
export function InvitationLink({ invitation, onDone }: { invitation: CreateInvitationResponse; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  const t = useT();
  const m = t.settings.members;
  const role = t.common.roles[invitation.role] ?? invitation.role;
  return (
    <div className="mb-4 rounded-md border border-emerald-300 bg-emerald-50 p-4 dark:border-emerald-800 dark:bg-emerald-950" role="status">
      <p className="text-sm font-medium">{m.invited(invitation.email, role)}</p>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <code data-testid="invitation-link" aria-label={m.inviteLink} className="break-all rounded bg-white px-2 py-1 font-mono text-xs dark:bg-slate-900">
          {invitation.url}
        </code>
        <Button variant="secondary" onClick={() => navigator.clipboard?.writeText(invitation.url).then(() => setCopied(true))}>
          {copied ? m.copied : m.copy}
        </Button>
        <Button variant="ghost" onClick={onDone}>{t.settings.tokens.done}</Button>
      </div>
      <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">
        {m.delivery[invitation.delivery]} {m.linkOnce}
      </p>
    </div>
  );
}
