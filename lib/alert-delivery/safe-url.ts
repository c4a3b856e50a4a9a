import "server-only";
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { BlockList, isIP } from "node:net";
import { env } from "@/lib/env";

// Alert webhooks are URLs a tenant types and Beacon's servers call: they must never reach
// Beacon's own network (metadata services, the database, localhost). The URL is checked when it
// is saved, and every address its host resolves to is checked again when Beacon connects (a
// name can point anywhere by then: DNS rebinding).

const blocked = new BlockList();
for (const [net, bits] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) blocked.addSubnet(net, bits, "ipv4");
for (const [net, bits] of [["::", 128], ["::1", 128], ["fc00::", 7], ["fe80::", 10], ["ff00::", 8], ["::ffff:0:0", 96], ["64:ff9b::", 96]] as const) blocked.addSubnet(net, bits, "ipv6");

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  return blocked.check(address, family === 6 ? "ipv6" : "ipv4");
}

const allowedPrivate = (host: string) => env.alertPrivateHosts.includes(host.toLowerCase().replace(/^\[|\]$/g, ""));

/** Why a URL may not receive alerts, or null when it may (checked on save; addresses again on send). */
export function refuseWebhookUrl(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "Use an absolute URL, e.g. https://pager.example.com/beacon";
  }
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const exempt = allowedPrivate(host);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && exempt)) return "Use an https:// URL";
  if (url.username || url.password) return "Put no credentials in the URL; verify Beacon's signature instead";
  if (exempt) return null;
  if (host === "localhost" || host.endsWith(".localhost") || host.endsWith(".local") || host.endsWith(".internal")) return "Beacon does not send alerts to local or internal hosts";
  if (isIP(host) && isPrivateAddress(host)) return "Beacon does not send alerts to private, loopback or link-local addresses";
  return null;
}

/**
 * A `lookup` for node's http(s) request that resolves the host and refuses the connection when
 * any address is private, unless the host is allowed (BEACON_ALERT_PRIVATE_HOSTS).
 */
export function guardedLookup(hostname: string, options: object, callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const list = addresses as LookupAddress[];
    if (!allowedPrivate(hostname) && list.some((a) => isPrivateAddress(a.address))) {
      return callback(Object.assign(new Error(`${hostname} resolves to a private address; Beacon does not send alerts there`), { code: "EPRIVATE" }), []);
    }
    const all = (options as { all?: boolean }).all;
    if (all) return callback(null, list);
    callback(null, list[0]!.address, list[0]!.family);
  });
}
