import type { Dictionary } from "@/lib/i18n/dictionaries";

// The dashboard's sections; each issue that lands a section adds its entry here. Labels come
// from the dictionary (`nav.<key>`).
export const navItems: { href: string; key: Exclude<keyof Dictionary["nav"], "sections">; icon: string }[] = [
  { href: "", key: "overview", icon: "◧" },
  { href: "/connections", key: "connections", icon: "⇄" },
  { href: "/plans", key: "plans", icon: "☰" },
  { href: "/checkouts", key: "checkouts", icon: "⬚" },
  { href: "/subscriptions", key: "subscriptions", icon: "↻" },
  { href: "/events", key: "events", icon: "⚡" },
  { href: "/fiscal", key: "fiscal", icon: "§" },
  { href: "/revenue", key: "revenue", icon: "↗" },
  { href: "/observability", key: "observability", icon: "◔" },
  { href: "/settings", key: "settings", icon: "⚙" },
];
