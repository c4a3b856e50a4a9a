// Durations as people type them at the CLI: `90s`, `45m`, `2h`, `3d`, `1w`, or combined `1d12h`.

const units: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/** Seconds in `text`, or null when it is not a duration. */
export function parseDuration(text: string): number | null {
  const parts = [...text.trim().matchAll(/(\d+)\s*([smhdw])/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== text.trim().replace(/\s+/g, "")) return null;
  return parts.reduce((total, [, amount, unit]) => total + Number(amount) * units[unit!]!, 0);
}

export function formatDuration(seconds: number): string {
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  const text = [days && `${days}d`, hours && `${hours}h`, minutes && `${minutes}m`, rest && `${rest}s`].filter(Boolean).join("");
  return text || "0s";
}
