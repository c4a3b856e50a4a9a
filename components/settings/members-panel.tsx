"use client";

import { Button } from "@/components/ui/button";
import { Badge, Card, ErrorNote } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
import type { MemberRole } from "@/db/schema";
import { useAddMember, useCancelInvitation, useChangeRole, useMembers, useRemoveMember } from "@/lib/queries/use-members";
import { memberRoles } from "@/lib/validations/organizations";

export function MembersPanel({ org, canManage, isOwner }: { org: string; canManage: boolean; isOwner: boolean }) {
  const members = useMembers(org);
  const add = useAddMember(org);
  const changeRole = useChangeRole(org);
  const remove = useRemoveMember(org);
  const cancel = useCancelInvitation(org);
  const added = add.data;
  const grantable = memberRoles.filter((r) => isOwner || r !== "owner");

  function onAdd(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const target = event.currentTarget;
    add.mutate({ email: String(form.get("email")), role: form.get("role") as MemberRole }, { onSuccess: () => target.reset() });
  }

  return (
    <Card title="Members" description="Owners manage everything, admins manage tokens and members, viewers only look.">
      <ErrorNote error={members.error ?? add.error ?? changeRole.error ?? remove.error ?? cancel.error} />
      {canManage && (
        <form onSubmit={onAdd} className="mb-4 mt-2 flex flex-wrap items-end gap-3">
          <div className="min-w-56 flex-1">
            <Field label="Add or invite by email">
              <Input name="email" type="email" placeholder="teammate@example.com" required />
            </Field>
          </div>
          <Field label="Role">
            <Select name="role" defaultValue="viewer">
              {grantable.map((r) => <option key={r}>{r}</option>)}
            </Select>
          </Field>
          <Button type="submit" disabled={add.isPending}>Add member</Button>
        </form>
      )}
      {added && (
        <p role="status" className="mb-3 text-sm text-emerald-700 dark:text-emerald-400">
          {added.status === "added" ? `${added.email} added as ${added.role}.` : `${added.email} invited as ${added.role}; they join when they sign up.`}
        </p>
      )}
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
                  aria-label={`Role of ${m.email}`}
                  value={m.role}
                  onChange={(e) => changeRole.mutate({ userId: m.userId, role: e.target.value as MemberRole })}
                  className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900"
                >
                  {grantable.map((r) => <option key={r}>{r}</option>)}
                </select>
              ) : (
                <Badge>{m.role}</Badge>
              )}
              {canManage && (isOwner || m.role !== "owner") && (
                <Button variant="ghost" onClick={() => confirm(`Remove ${m.email}?`) && remove.mutate(m.userId)}>Remove</Button>
              )}
            </div>
          </li>
        ))}
        {members.data?.invitations.map((i) => (
          <li key={i.id} className="flex items-center justify-between py-2">
            <div className="text-sm">
              {i.email} <Badge tone="amber">invited · {i.role}</Badge>
            </div>
            {canManage && <Button variant="ghost" onClick={() => cancel.mutate(i.id)}>Cancel invitation</Button>}
          </li>
        ))}
      </ul>
    </Card>
  );
}
