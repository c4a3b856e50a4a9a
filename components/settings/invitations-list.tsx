"use client";

import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/card";
import { useFormat, useT } from "@/lib/i18n/i18n-context";
import type { ListMembersResponse } from "@/lib/organizations/list-members";

type Invitation = ListMembersResponse["invitations"][number];

/** Open invitations: who, which role, who invited, when the link expires; re-send or revoke. */
export function InvitationsList({
  invitations,
  canManage,
  isOwner,
  onResend,
  onRevoke,
  pending,
}: {
  invitations: Invitation[];
  canManage: boolean;
  isOwner: boolean;
  onResend: (id: string) => void;
  onRevoke: (id: string) => void;
  pending: boolean;
}) {
  const t = useT();
  const format = useFormat();
  const m = t.settings.members;
  if (invitations.length === 0) return null;
  return (
    <div className="mt-4">
      <h3 className="mb-1 text-sm font-semibold">{m.pendingTitle}</h3>
      <ul className="divide-y divide-slate-100 dark:divide-slate-800">
        {invitations.map((i) => (
          <li key={i.id} className="flex flex-wrap items-center justify-between gap-2 py-2" data-testid="invitation-row">
            <div>
              <div className="text-sm">
                {i.email} <Badge tone="amber">{m.invitedBadge(t.common.roles[i.role] ?? i.role)}</Badge>
              </div>
              <div className="text-xs text-slate-500">
                {i.invitedBy ? `${m.invitedBy(i.invitedBy)} · ` : ""}
                {i.status === "pending" ? m.expiresOn(format.dateTime(i.expiresAt)) : i.status === "expired" ? m.expired : m.needsNewLink}
              </div>
            </div>
            {canManage && (isOwner || i.role !== "owner") && (
              <div className="flex items-center gap-1">
                <Button variant="secondary" disabled={pending} onClick={() => onResend(i.id)}>{m.resend}</Button>
                <Button variant="ghost" disabled={pending} onClick={() => confirm(m.confirmRevoke(i.email)) && onRevoke(i.id)}>{m.revoke}</Button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
