import "server-only";
import type { Organization } from "@/db/schema";
import { env } from "@/lib/env";
import { en } from "@/lib/i18n/en";
import type { AlertPayload } from "./send-notification";

export type AlertPayloadInput = { id: string; rule: string; severity: string; provider: string | null; params: unknown; link: string };

/** The body Beacon sends for one alert: stable ids, the rule and its parameters, and a link back. */
export function alertPayload(organization: Pick<Organization, "slug" | "name">, mode: string, notificationId: string, type: AlertPayload["type"], alert: AlertPayloadInput): AlertPayload {
  const rules = en.alerts.rules as Record<string, { title: string }>;
  return {
    type,
    id: notificationId,
    organization: { slug: organization.slug, name: organization.name },
    mode,
    alert: {
      id: alert.id,
      rule: alert.rule,
      severity: alert.severity,
      provider: alert.provider,
      params: alert.params,
      url: `${env.publicUrl}${alert.link}`,
      summary: rules[alert.rule]?.title ?? "Test alert from Beacon: delivery works",
    },
    createdAt: new Date().toISOString(),
  };
}
