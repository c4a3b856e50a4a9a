import "server-only";
import type { Logger } from "pino";
import type { MemberRole } from "@/db/schema";
import { env } from "@/lib/env";
import { dictionaries } from "@/lib/i18n/dictionaries";
import { getLocale } from "@/lib/i18n/get-dictionary";
import { defaultLocale, intlLocale, type Locale } from "@/lib/i18n/locales";
import { sendMail } from "@/lib/mail/mailer";
import { logger as defaultLogger } from "@/lib/utils/logger";

export interface InvitationMail {
  to: string;
  url: string;
  organizationName: string;
  inviter: string | null;
  role: MemberRole;
  expiresAt: Date;
}

/** How the link reached the invitee besides the inviter's screen. */
export type InvitationDelivery = "email" | "log" | "none" | "failed";

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** The invitation message in the inviter's language (they know the team's), text and HTML. */
export function composeInvitationMail(mail: InvitationMail, locale: Locale) {
  const t = dictionaries[locale].invitations.email;
  const role = dictionaries[locale].common.roles[mail.role] ?? mail.role;
  const expires = new Intl.DateTimeFormat(intlLocale[locale], { dateStyle: "long", timeStyle: "short", timeZone: "UTC" }).format(mail.expiresAt);
  const intro = t.intro(mail.inviter, mail.organizationName, role);
  const subject = t.subject(mail.organizationName);
  const text = [intro, "", mail.url, "", t.expires(`${expires} UTC`), t.ignore].join("\n");
  const html = `<p>${escapeHtml(intro)}</p>
<p><a href="${escapeHtml(mail.url)}">${escapeHtml(t.action)}</a></p>
<p style="color:#64748b;font-size:13px">${escapeHtml(t.expires(`${expires} UTC`))}<br>${escapeHtml(t.ignore)}</p>`;
  return { to: mail.to, subject, text, html };
}

async function inviterLocale(): Promise<Locale> {
  try {
    return await getLocale();
  } catch {
    return defaultLocale; // outside a request (CLI, tests)
  }
}

/**
 * Emails the link when SMTP_URL is set. Without a mailer, development writes the message to the
 * log so the link can be followed; production never logs it (the link is a credential) and only
 * says that the inviter was shown it. A failed send is logged without the link, not thrown: the
 * invitation exists and the inviter still has the link to copy.
 */
export async function deliverInvitation(
  mail: InvitationMail,
  deps: { log?: Logger; isProduction?: boolean; locale?: Locale } = {},
): Promise<InvitationDelivery> {
  const log = deps.log ?? defaultLogger;
  const isProduction = deps.isProduction ?? env.isProduction;
  const message = composeInvitationMail(mail, deps.locale ?? (await inviterLocale()));
  try {
    if (await sendMail(message)) return "email";
  } catch (error) {
    log.warn({ to: mail.to, reason: error instanceof Error ? error.message : String(error) }, "invitation email could not be sent; the inviter has the link");
    return "failed";
  }
  if (isProduction) {
    log.info({ to: mail.to }, "no mailer configured (SMTP_URL unset): the invitation link was shown to the inviter only");
    return "none";
  }
  log.info({ to: mail.to, subject: message.subject, link: mail.url, text: message.text }, "invitation email (SMTP_URL unset, development: written to the log)");
  return "log";
}
