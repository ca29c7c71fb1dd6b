import type Stripe from 'stripe';
import { invalidRequest, resourceMissing } from '../../errors.ts';
import type { Emulator } from '../../core/emulator.ts';

/** Every tax id type Stripe accepts (`TaxIdCreateParams.Type` at the pinned API version). */
export const TAX_ID_TYPES = [
  'ad_nrt',
  'ae_trn',
  'al_tin',
  'am_tin',
  'ao_tin',
  'ar_cuit',
  'au_abn',
  'au_acn',
  'au_arn',
  'au_wpn',
  'aw_tin',
  'az_tin',
  'ba_tin',
  'bb_tin',
  'bd_bin',
  'bf_ifu',
  'bg_uic',
  'bh_vat',
  'bj_ifu',
  'bo_tin',
  'br_cnpj',
  'br_cpf',
  'bs_tin',
  'bw_vat',
  'by_tin',
  'ca_bn',
  'ca_gst_hst',
  'ca_pst_bc',
  'ca_pst_mb',
  'ca_pst_sk',
  'ca_qst',
  'cd_nif',
  'ch_uid',
  'ch_vat',
  'ci_vat',
  'cl_tin',
  'cm_niu',
  'cn_tin',
  'co_nit',
  'cr_tin',
  'cv_nif',
  'cz_dic',
  'de_stn',
  'do_rcn',
  'ec_ruc',
  'eg_tin',
  'es_cif',
  'et_tin',
  'eu_oss_vat',
  'eu_vat',
  'fo_vat',
  'fr_siren',
  'fr_siret',
  'fr_spi',
  'gb_vat',
  'ge_vat',
  'gh_tin',
  'gi_tin',
  'gn_nif',
  'hk_br',
  'hr_oib',
  'hu_tin',
  'ic_nif',
  'id_npwp',
  'il_vat',
  'in_gst',
  'is_kt',
  'is_vat',
  'it_cf',
  'jp_cn',
  'jp_rn',
  'jp_trn',
  'ke_pin',
  'kg_tin',
  'kh_tin',
  'kr_brn',
  'kz_bin',
  'la_tin',
  'li_uid',
  'li_vat',
  'lk_vat',
  'ma_vat',
  'md_cf',
  'md_vat',
  'me_pib',
  'mk_vat',
  'mr_nif',
  'mu_vat',
  'mx_rfc',
  'my_frp',
  'my_itn',
  'my_sst',
  'mz_nuit',
  'ng_tin',
  'no_vat',
  'no_voec',
  'np_pan',
  'nz_bn',
  'nz_gst',
  'om_vat',
  'pe_ruc',
  'ph_tin',
  'pl_nip',
  'pt_nif',
  'py_ruc',
  'ro_tin',
  'rs_pib',
  'ru_inn',
  'ru_kpp',
  'sa_vat',
  'sg_gst',
  'sg_uen',
  'si_tin',
  'sm_coe',
  'sn_ninea',
  'sr_fin',
  'sv_nit',
  'th_vat',
  'tj_tin',
  'tr_tin',
  'tt_bir',
  'tt_vat',
  'tw_vat',
  'tz_vat',
  'ua_vat',
  'ug_tin',
  'us_ein',
  'uy_ruc',
  'uz_tin',
  'uz_vat',
  've_rif',
  'vn_tin',
  'za_vat',
  'zm_tin',
  'zw_tin',
] as const;

const EU_VAT_PREFIXES = new Set([
  'AT',
  'BE',
  'BG',
  'CY',
  'CZ',
  'DE',
  'DK',
  'EE',
  'EL',
  'ES',
  'FI',
  'FR',
  'HR',
  'HU',
  'IE',
  'IT',
  'LT',
  'LU',
  'LV',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SE',
  'SI',
  'SK',
  'XI',
]);
/** Types Stripe verifies against a government register; the others are `unavailable`. */
const VERIFIED_TYPES = new Set(['eu_vat', 'gb_vat', 'au_abn', 'au_arn', 'in_gst', 'no_vat', 'no_voec', 'za_vat', 'ch_vat']);

/** Formats the emulator checks (the rest only need a value): a wrong one is `tax_id_invalid`. */
const FORMATS: Partial<Record<string, RegExp>> = {
  eu_vat: /^[A-Z]{2}[0-9A-Z+*]{2,13}$/,
  gb_vat: /^GB(\d{9}|\d{12}|GD\d{3}|HA\d{3})$/,
  au_abn: /^\d{11}$/,
  us_ein: /^\d{2}-?\d{7}$/,
  ch_vat: /^CHE-?\d{3}\.?\d{3}\.?\d{3} ?(MWST|TVA|IVA)$/,
  no_vat: /^\d{9}MVA$/,
  ca_bn: /^\d{9}$/,
  in_gst: /^\d{2}[A-Z]{5}\d{4}[A-Z][1-9A-Z]Z[0-9A-Z]$/,
};

function countryOf(type: string, value: string): string {
  if (type === 'eu_vat') {
    const prefix = value.slice(0, 2);
    return prefix === 'EL' ? 'GR' : prefix === 'XI' ? 'GB' : prefix;
  }
  if (type === 'eu_oss_vat') return 'EU';
  return type.slice(0, 2).toUpperCase();
}

/**
 * Validates a tax id the way Stripe answers: an unknown type names `type`, a malformed value is a
 * 400 `tax_id_invalid` naming `value`. Verification is immediate and deterministic: a verifying
 * type is `verified`, unless the value contains `111111111` (`unverified`).
 */
export function buildTaxId(
  em: Emulator,
  customer: Stripe.Customer,
  input: { type: string; value: string },
  param: (field: 'type' | 'value') => string,
): Stripe.TaxId {
  if (!(TAX_ID_TYPES as readonly string[]).includes(input.type))
    throw invalidRequest(`Invalid ${param('type')}: must be one of ${TAX_ID_TYPES.join(', ')}`, param('type'));
  const value = input.value.trim();
  const format = FORMATS[input.type];
  const malformed =
    value === '' ||
    value.length > 50 ||
    (format !== undefined && !format.test(value.toUpperCase())) ||
    (input.type === 'eu_vat' && !EU_VAT_PREFIXES.has(value.slice(0, 2).toUpperCase()));
  if (malformed) throw invalidRequest(`Invalid value for ${input.type}.`, param('value'), 'tax_id_invalid');
  const normalized = input.type === 'eu_vat' || input.type === 'gb_vat' ? value.toUpperCase().replace(/\s/g, '') : value;
  const verification: Stripe.TaxId.Verification = VERIFIED_TYPES.has(input.type)
    ? { status: normalized.includes('111111111') ? 'unverified' : 'verified', verified_address: null, verified_name: null }
    : { status: 'unavailable', verified_address: null, verified_name: null };
  return {
    id: em.ids.next('txi'),
    object: 'tax_id',
    country: countryOf(input.type, normalized.toUpperCase()),
    created: em.timeFor(customer.test_clock),
    customer: customer.id,
    customer_account: null,
    livemode: false,
    owner: { customer: customer.id, customer_account: null, type: 'customer' },
    type: input.type,
    value: normalized,
    verification,
  };
}

/** Adds a tax id to a customer (`customer.tax_id.created`). */
export function createTaxId(
  em: Emulator,
  customer: Stripe.Customer,
  input: { type: string; value: string },
  param: (field: 'type' | 'value') => string = (f) => f,
): Stripe.TaxId {
  const taxId = buildTaxId(em, customer, input, param);
  em.db.taxIds.put(taxId);
  em.emit('customer.tax_id.created', taxId, { at: taxId.created });
  return taxId;
}

export function taxIdsOf(em: Emulator, customerId: string): Stripe.TaxId[] {
  const out: Stripe.TaxId[] = [];
  for (const taxId of em.db.taxIds.values()) if (taxId.customer === customerId) out.push(taxId);
  return out;
}

export function getCustomerTaxId(em: Emulator, customerId: string, id: string): Stripe.TaxId {
  const taxId = em.db.taxIds.get(id);
  if (!taxId || taxId.customer !== customerId) throw resourceMissing('tax_id', id, 'id');
  return taxId;
}

/** Removes a tax id (`customer.tax_id.deleted`). */
export function deleteTaxId(em: Emulator, customer: Stripe.Customer, id: string): Stripe.DeletedTaxId {
  const taxId = getCustomerTaxId(em, customer.id, id);
  em.db.taxIds.delete(taxId.id);
  em.emit('customer.tax_id.deleted', taxId, { at: em.timeFor(customer.test_clock) });
  return { id: taxId.id, object: 'tax_id', deleted: true };
}

/** The tax ids an invoice shows (`customer_tax_ids`). */
export function invoiceTaxIds(em: Emulator, customerId: string): Stripe.Invoice.CustomerTaxId[] {
  return taxIdsOf(em, customerId).map((t) => ({ type: t.type, value: t.value }));
}

/** The type of a VAT number typed on the hosted Checkout page (`GB...`: gb_vat, an EU prefix: eu_vat), or null when malformed. */
export function vatTypeOf(raw: string): 'eu_vat' | 'gb_vat' | null {
  const value = raw.toUpperCase().replace(/\s/g, '');
  if (value.startsWith('GB')) return FORMATS.gb_vat?.test(value) ? 'gb_vat' : null;
  return FORMATS.eu_vat?.test(value) && EU_VAT_PREFIXES.has(value.slice(0, 2)) ? 'eu_vat' : null;
}
