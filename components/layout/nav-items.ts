// The dashboard's sections; each issue that lands a section adds its entry here.
export const navItems = [
  { href: "", label: "Overview", icon: "◧" },
  { href: "/settings", label: "Settings", icon: "⚙" },
] as const;
