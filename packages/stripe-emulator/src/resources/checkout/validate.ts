import { invalidRequest } from '../../errors.ts';
import type { Emulator } from '../../core/emulator.ts';
import { getCustomer } from '../customers/customers.ts';
import { automaticTaxStatus } from '../tax/compute.ts';
import { checkOneTaxSource } from '../tax/params.ts';
import type { CheckoutSessionInput } from './sessions.ts';

/** Checks a session's parameters against each other, as Stripe does before creating anything. */
export function validateSession(em: Emulator, input: CheckoutSessionInput, now: number): void {
  if (input.customer !== undefined && input.customer_email !== undefined)
    throw invalidRequest('You may only specify one of these parameters: customer, customer_email.', 'customer_email');
  if (input.discounts !== undefined && input.discounts.length > 0 && input.allow_promotion_codes)
    throw invalidRequest('You may only specify one of these parameters: allow_promotion_codes, discounts.', 'discounts');
  if (input.mode === 'setup' && input.line_items !== undefined && input.line_items.length > 0)
    throw invalidRequest('You cannot pass `line_items` in `setup` mode.', 'line_items');
  if (input.mode !== 'setup' && (input.line_items === undefined || input.line_items.length === 0))
    throw invalidRequest(`Missing required param: line_items.`, 'line_items', 'parameter_missing');
  if (input.subscription_data !== undefined && input.mode !== 'subscription')
    throw invalidRequest('You can only pass `subscription_data` in `subscription` mode.', 'subscription_data');
  if (input.payment_intent_data !== undefined && input.mode !== 'payment')
    throw invalidRequest('You can only pass `payment_intent_data` in `payment` mode.', 'payment_intent_data');
  if (input.customer_creation !== undefined && input.mode !== 'payment')
    throw invalidRequest('`customer_creation` can only be used in `payment` mode.', 'customer_creation');
  if (input.expires_at !== undefined && (input.expires_at < now + 30 * 60 || input.expires_at > now + 24 * 3600)) {
    throw invalidRequest('The `expires_at` timestamp must be at least 30 minutes and at most 24 hours from Checkout Session creation.', 'expires_at');
  }
  for (const key of ['success_url', 'cancel_url'] as const) {
    const url = input[key];
    if (url !== undefined && !/^https?:\/\/[^\s]+$/i.test(url)) throw invalidRequest(`Not a valid URL`, key, 'url_invalid');
  }
  checkUiMode(input);
  checkOneTaxSource(input.automatic_tax, [
    ['subscription_data[default_tax_rates]', input.subscription_data?.default_tax_rates],
    ...(input.line_items ?? []).map((item, i): [string, string[] | undefined] => [`line_items[${i}][tax_rates]`, item.tax_rates]),
  ]);
  if (input.customer_update !== undefined && input.customer === undefined)
    throw invalidRequest('`customer_update` can only be used with `customer`.', 'customer_update');
  if (input.customer !== undefined) {
    const customer = getCustomer(em, input.customer);
    // Stripe needs somewhere to keep the address automatic tax collects for an existing customer.
    if (input.automatic_tax?.enabled && automaticTaxStatus(customer) !== 'complete' && input.customer_update?.address !== 'auto') {
      throw invalidRequest(
        "Automatic tax calculation requires a valid address on the Customer. Add a valid address to the Customer or set `customer_update[address]` to 'auto' to save the address entered in Checkout.",
        'customer_update[address]',
      );
    }
  }
}

/** `ui_mode`: `hosted_page` (the default) redirects with `success_url`; the embedded and elements modes return a `client_secret` and use `return_url`. */
function checkUiMode(input: CheckoutSessionInput): void {
  const mode = input.ui_mode ?? 'hosted_page';
  if (mode === 'hosted_page') {
    if (input.return_url !== undefined)
      throw invalidRequest(
        '`return_url` can only be used with `ui_mode` `embedded_page`, `elements` or `form`; use `success_url` with `hosted_page`.',
        'return_url',
      );
    if (input.redirect_on_completion !== undefined)
      throw invalidRequest('`redirect_on_completion` can only be used with `ui_mode` `embedded_page`, `elements` or `form`.', 'redirect_on_completion');
    return;
  }
  if (input.success_url !== undefined) throw invalidRequest(`\`success_url\` cannot be used with \`ui_mode=${mode}\`; use \`return_url\`.`, 'success_url');
  if (input.cancel_url !== undefined) throw invalidRequest(`\`cancel_url\` cannot be used with \`ui_mode=${mode}\`.`, 'cancel_url');
  if (input.return_url === undefined && input.redirect_on_completion !== 'never')
    throw invalidRequest(
      `Missing required param: return_url (required with \`ui_mode=${mode}\` unless \`redirect_on_completion\` is \`never\`).`,
      'return_url',
      'parameter_missing',
    );
  if (input.return_url !== undefined && !/^https?:\/\/[^\s]+$/i.test(input.return_url)) throw invalidRequest('Not a valid URL', 'return_url', 'url_invalid');
}
