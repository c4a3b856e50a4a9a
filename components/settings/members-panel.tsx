"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Badge, Card, ErrorNote } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
import type { MemberRole } from "@/db/schema";
import type { CreateInvitationResponse } from "@/lib/invitations/create-invitation";
import { useAddMember, useChangeRole, useMembers, useRemoveMember, useResendInvitation, useRevokeInvitation } from "@/lib/hooks/use-members";
import { useT } from "@/lib/i18n/i18n-context";
import { memberRoles } from "@/lib/validations/organizations";
import { InvitationLink } from "./invitation-link";
import { InvitationsList } from "./invitations-list";

export function MembersPanel({ org, canManage, isOwner }: { org: string; canManage: boolean; isOwner: boolean }) {
  const members = useMembers(org);
  const add = useAddMember(org);
  const changeRole = useChangeRole(org);
  const remove = useRemoveMember(org);
  const revoke = useRevokeInvitation(org);
  const resend = useResendInvitation(org);
  // The link of the invitation just sent or re-sent; it cannot be shown again later.
  const [issued, setIssued] = useState<CreateInvitationResponse | null>(null);
  const t = useT();
  const role = (r: string) => t.common.roles[r] ?? r;
  const grantable = memberRoles.filter((r) => isOwner || r !== "owner");

  function onAdd(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const target = event.currentTarget;
    add.mutate(
      { email: String(form.get("email")), role: form.get("role") as MemberRole },
      {
        onSuccess: (invitation) => {
          target.reset();
          setIssued(invitation);
        },
      },
    );
  }

  return (
    <Card title={t.settings.members.title} description={t.settings.members.description}>
      <ErrorNote error={members.error ?? add.error ?? changeRole.error ?? remove.error ?? revoke.error ?? resend.error} />
      {canManage && (
        <form onSubmit={onAdd} className="mb-4 mt-2 flex flex-wrap items-end gap-3">
          <div className="min-w-56 flex-1">
            <Field label={t.settings.members.addOrInvite}>
              <Input name="email" type="email" placeholder="teammate@example.com" required />
            </Field>
          </div>
          <Field label={t.settings.members.role}>
            <Select name="role" defaultValue="viewer">
              {grantable.map((r) => (
                <option key={r} value={r}>
                  {role(r)}
                </option>
              ))}
            </Select>
          </Field>
          <Button type="submit" disabled={add.isPending}>{t.settings.members.add}</Button>
        </form>
      )}
      {issued && <InvitationLink key={issued.url} invitation={issued} onDone={() => setIssued(null)} />}
      <ul className="divide-y divide-slate-100 dark:divide-slate-800">
        {members.data?.members.map((m) => (
          <li key={m.userId} className="flex flex-wrap items-center justify-between gap-2 py-2" data-testid="member-row">
            <div>
              <div className="text-sm font-medium">{m.name ?? m.email}</div>
              <div className="text-xs text-slate-500">{m.email}</div>
            </div>
            <div className="flex items-center gap-2">
              {canManage && (isOwner || m.role !== "owner") ? (
                <select
                  aria-label={t.settings.members.roleOf(m.email)}
                  value={m.role}
                  onChange={(e) => changeRole.mutate({ userId: m.userId, role: e.target.value as MemberRole })}
                  className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900"
                >
                  {grantable.map((r) => (
                    <option key={r} value={r}>
                      {role(r)}
                    </option>
                  ))}
                </select>
              ) : (
                <Badge>{role(m.role)}</Badge>
              )}
              {canManage && (isOwner || m.role !== "owner") && (
                <Button variant="ghost" onClick={() => confirm(t.settings.members.confirmRemove(m.email)) && remove.mutate(m.userId)}>
                  {t.settings.members.remove}
                </Button>
              )}
            </div>
          </li>
        ))}
      </ul>
      <InvitationsList
        invitations={members.data?.invitations ?? []}
        canManage={canManage}
        isOwner={isOwner}
        pending={resend.isPending || revoke.isPending}
        onResend={(id) => resend.mutate(id, { onSuccess: setIssued })}
        onRevoke={(id) => revoke.mutate(id, { onSuccess: () => setIssued((current) => (current?.id === id ? null : current)) })}
      />
    </Card>
  );
}
