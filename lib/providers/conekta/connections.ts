import "server-only";
import { DomainError } from "@/lib/errors";
import type { ConnectionsPort } from "../connections-port";
import { retrieveCompany, verifyCredential } from "./account-snapshot";
import { registerWebhook, removeWebhook, retireWebhookSecret, rotateWebhookSecret, sendTestEvent } from "./webhook-endpoints";

export const conektaConnections = {
  async retrieveAccount(handle) {
    if (!handle.credential) throw new DomainError("conflict", "This Conekta connection has no saved private key.");
    return retrieveCompany(handle.credential);
  },
  verifyCredential,
  registerWebhook,
  rotateWebhookSecret,
  retireWebhookSecret,
  removeWebhook,
  sendTestEvent,
} satisfies ConnectionsPort;
