import nodemailer from "nodemailer";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setMailTransport } from "@/lib/mail/mailer";
import { createLogger } from "@/lib/utils/logger";
import { deliverInvitation } from "./deliver-invitation";

const url = "http://localhost:3000/invitations/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde";
const mail = {
  to: "ana@example.test",
  url,
  organizationName: "Tienda <Ñandú>",
  inviter: "owner@example.test",
  role: "admin" as const,
  expiresAt: new Date("2026-12-12T10:00:00Z"),
};

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger({ level: "info" }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { log, lines };
}

afterEach(() => setMailTransport(undefined));

describe("deliverInvitation", () => {
  it("emails the link in text and HTML, from SMTP_FROM, in the inviter's language", async () => {
    const transport = nodemailer.createTransport({ jsonTransport: true });
    const send = vi.spyOn(transport, "sendMail");
    setMailTransport(transport);
    const { log, lines } = capturingLogger();
    expect(await deliverInvitation(mail, { log, locale: "es" })).toBe("email");
    const sent = JSON.parse(((await send.mock.results[0]!.value) as { message: string }).message);
    expect(sent.from).toEqual({ address: "no-reply@localhost", name: "Beacon" });
    expect(sent.to).toEqual([{ address: "ana@example.test", name: "" }]);
    expect(sent.subject).toBe("Te invitaron a Tienda <Ñandú> en Beacon");
    expect(sent.text).toContain(url);
    expect(sent.text).toContain("administrador");
    expect(sent.html).toContain(`href="${url}"`);
    expect(sent.html).toContain("Tienda &lt;Ñandú&gt;");
    expect(lines).toHaveLength(0);
  });

  it("writes the message with its link to the log in development when no mailer is configured", async () => {
    setMailTransport(null);
    const { log, lines } = capturingLogger();
    expect(await deliverInvitation(mail, { log, isProduction: false, locale: "en" })).toBe("log");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 30, to: mail.to, link: url });
    expect(String(lines[0]!.text)).toContain(url);
  });

  it("never logs the link in production", async () => {
    setMailTransport(null);
    const { log, lines } = capturingLogger();
    expect(await deliverInvitation(mail, { log, isProduction: true, locale: "en" })).toBe("none");
    expect(lines).toHaveLength(1);
    expect(JSON.stringify(lines)).not.toContain("AbCdEfGhIjKlMnOpQrStUvWxYz");
    expect(lines[0]!.msg).toMatch(/no mailer configured/);
  });

  it("reports a failed send without the link and without throwing", async () => {
    const transport = nodemailer.createTransport({ jsonTransport: true });
    vi.spyOn(transport, "sendMail").mockRejectedValue(new Error("connect ECONNREFUSED 127.0.0.1:587"));
    setMailTransport(transport);
    const { log, lines } = capturingLogger();
    expect(await deliverInvitation(mail, { log, isProduction: true, locale: "en" })).toBe("failed");
    expect(lines[0]).toMatchObject({ level: 40, reason: "connect ECONNREFUSED 127.0.0.1:587" });
    expect(JSON.stringify(lines)).not.toContain("AbCdEfGhIjKlMnOpQrStUvWxYz");
  });
});
