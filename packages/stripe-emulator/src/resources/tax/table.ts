/**
 * The emulator's deterministic test tax: one fixed rate per country (per state in the US), so a
 * test knows the tax an address gets without Stripe Tax. Standard VAT/GST rates; anything not
 * listed is "not collecting" (0, `taxability_reason: not_collecting`). Documented in the README.
 */
export interface TestTaxRate {
  percentage: number;
  taxType: 'vat' | 'gst' | 'sales_tax';
  displayName: string;
  jurisdiction: string;
}

const vat = (percentage: number, jurisdiction: string): TestTaxRate => ({ percentage, taxType: 'vat', displayName: 'VAT', jurisdiction });
const gst = (percentage: number, jurisdiction: string): TestTaxRate => ({ percentage, taxType: 'gst', displayName: 'GST', jurisdiction });
const sales = (percentage: number, jurisdiction: string): TestTaxRate => ({ percentage, taxType: 'sales_tax', displayName: 'Sales Tax', jurisdiction });

export const COUNTRY_RATES: Readonly<Record<string, TestTaxRate>> = {
  AT: vat(20, 'Austria'),
  AU: gst(10, 'Australia'),
  BE: vat(21, 'Belgium'),
  CA: gst(5, 'Canada'),
  CH: vat(8.1, 'Switzerland'),
  DE: vat(19, 'Germany'),
  DK: vat(25, 'Denmark'),
  ES: vat(21, 'Spain'),
  FI: vat(25.5, 'Finland'),
  FR: vat(20, 'France'),
  GB: vat(20, 'United Kingdom'),
  IE: vat(23, 'Ireland'),
  IN: gst(18, 'India'),
  IT: vat(22, 'Italy'),
  JP: { percentage: 10, taxType: 'vat', displayName: 'JCT', jurisdiction: 'Japan' },
  NL: vat(21, 'Netherlands'),
  NO: vat(25, 'Norway'),
  NZ: gst(15, 'New Zealand'),
  PL: vat(23, 'Poland'),
  PT: vat(23, 'Portugal'),
  SE: vat(25, 'Sweden'),
  SG: gst(9, 'Singapore'),
};

/** US sales tax by state (the state's base rate); other states are not collecting. */
export const US_STATE_RATES: Readonly<Record<string, TestTaxRate>> = {
  CA: sales(7.25, 'California'),
  FL: sales(6, 'Florida'),
  IL: sales(6.25, 'Illinois'),
  NY: sales(4, 'New York'),
  TX: sales(6.25, 'Texas'),
  WA: sales(6.5, 'Washington'),
};

/** The test rate for a location, or null where the emulator is not collecting. */
export function testRateFor(country: string, state: string | null): TestTaxRate | null {
  if (country === 'US') return state ? (US_STATE_RATES[state.toUpperCase()] ?? null) : null;
  return COUNTRY_RATES[country] ?? null;
}
