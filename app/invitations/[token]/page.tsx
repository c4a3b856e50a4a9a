import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { AcceptInvitationForm } from "@/components/invitations/accept-invitation-form";
import { SwitchAccountButton } from "@/components/invitations/switch-account-button";
import { getSessionUser } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/i18n/format";
import { getDictionary } from "@/lib/i18n/get-dictionary";
import { findInvitationByToken } from "@/lib/invitations/find-invitation-by-token";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  // The URL holds the link's token: keep it out of Referer headers and search indexes.
  return { title: (await getDictionary()).t.invitations.title, referrer: "no-referrer" as const, robots: { index: false } };
}

/**
 * Where an invitation link lands. Signed out: sign in (or sign up from there) and come back.
 * Signed in: the organization, role, inviter and expiry, and Accept; a dead link says only that.
 */
export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const here = `/invitations/${encodeURIComponent(token)}`;
  const user = await getSessionUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(here)}`);
  const { locale, t } = await getDictionary();
  const texts = t.invitations;
  const invitation = await findInvitationByToken({ ctx: { user }, input: { token } });

  if (!invitation) {
    return (
      <AuthCard title={texts.invalidTitle}>
        <div className="space-y-4 text-sm" data-testid="invitation" data-state="invalid">
          <p className="text-slate-600 dark:text-slate-300">{texts.invalid}</p>
          <Link className="font-medium text-brand-600" href="/">{texts.goHome}</Link>
        </div>
      </AuthCard>
    );
  }

  const role = t.common.roles[invitation.role] ?? invitation.role;
  const inviter = invitation.inviter ? (invitation.inviter.name ? `${invitation.inviter.name} (${invitation.inviter.email})` : invitation.inviter.email) : "—";
  const rows: [string, string][] = [
    [texts.organization, invitation.organization.name],
    [texts.role, role],
    // Another account is not told who invited (the link may have been forwarded).
    ...(invitation.forSignedInUser ? [[texts.invitedBy, inviter] as [string, string]] : []),
    [texts.invitedEmail, invitation.email],
    [texts.expires, formatDateTime(locale, invitation.expiresAt)],
  ];
  return (
    <AuthCard title={texts.heading(invitation.organization.name)}>
      <div className="space-y-4" data-testid="invitation" data-state={invitation.forSignedInUser ? "open" : "wrong-account"}>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          {rows.map(([label, value]) => (
            <div key={label} className="contents">
              <dt className="text-slate-500">{label}</dt>
              <dd className="break-all font-medium">{value}</dd>
            </div>
          ))}
        </dl>
        {invitation.forSignedInUser ? (
          <>
            {invitation.alreadyMember && <p className="text-sm text-slate-600 dark:text-slate-300">{texts.alreadyMember(invitation.organization.name)}</p>}
            <AcceptInvitationForm token={token} />
          </>
        ) : (
          <>
            <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800 dark:bg-amber-950 dark:text-amber-200">
              {texts.wrongAccount(invitation.email, user.email)}
            </p>
            <SwitchAccountButton callbackUrl={here} />
          </>
        )}
      </div>
    </AuthCard>
  );
}
