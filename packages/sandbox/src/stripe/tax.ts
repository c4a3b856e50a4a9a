
// Stripe Tax stand-in: a flat standard rate per customer country, applied on top
// of the price (tax_behavior exclusive). Enough to exercise tax amounts end to end;
// real Stripe Tax also looks at states, product tax codes and registrations.
const STANDARD_RATES: Record<string, number> = {
  AU: 10,
  CA: 5,
  DE: 19,
  ES: 21,
  FR: 20,
  GB: 20,
  IT: 22,
  JP: 10,
  MX: 16,
  NL: 21,
  US: 7.25,
};

export function taxPercentFor(country: string | null): number {
  if (!country) return 0;
  return STANDARD_RATES[country.toUpperCase()] ?? 0;
}

export function taxAmount(amount: number, percent: number): number {
  return Math.round((amount * percent) / 100);
}

export const TAX_COUNTRIES = Object.keys(STANDARD_RATES);
