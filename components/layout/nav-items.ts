// The dashboard's sections; each issue that lands a section adds its entry here.
export const navItems = [
  { href: "", label: "Overview", icon: "◧" },
  { href: "/connections", label: "Connections", icon: "⇄" },
  { href: "/plans", label: "Plans", icon: "☰" },
  { href: "/checkouts", label: "Checkouts", icon: "⬚" },
  { href: "/subscriptions", label: "Subscriptions", icon: "↻" },
  { href: "/events", label: "Events", icon: "⚡" },
  { href: "/settings", label: "Settings", icon: "⚙" },
] as const;
