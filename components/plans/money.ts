/** "15", "15.5", "15.00" → 1500; empty → null; anything else → NaN, for the form to name. */
export function parseMoney(text: string): number | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  return /^\d+(\.\d{1,2})?$/.test(trimmed) ? Math.round(Number(trimmed) * 100) : Number.NaN;
}
