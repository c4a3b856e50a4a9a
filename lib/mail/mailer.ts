import "server-only";
import nodemailer, { type SentMessageInfo, type Transporter } from "nodemailer";
import { env } from "@/lib/env";

// Outgoing mail through nodemailer when SMTP_URL is set; without it Beacon has no mailer and
// callers fall back (invitations: the inviter copies the link). Tests swap in nodemailer's
// jsonTransport, which renders the message without any network.

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

let transport: Transporter | null | undefined;

function currentTransport(): Transporter | null {
  if (transport === undefined) transport = env.SMTP_URL ? nodemailer.createTransport(env.SMTP_URL) : null;
  return transport;
}

/** Replaces the transport (tests); `undefined` goes back to the one SMTP_URL configures. */
export function setMailTransport(next: Transporter | null | undefined) {
  transport = next;
}

export function mailerConfigured() {
  return currentTransport() !== null;
}

/** Sends through the configured transport; null when none is configured. Throws when sending fails. */
export async function sendMail(message: MailMessage): Promise<SentMessageInfo | null> {
  const mailer = currentTransport();
  if (!mailer) return null;
  return mailer.sendMail({ from: env.SMTP_FROM, ...message });
}
