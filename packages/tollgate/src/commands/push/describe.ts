import type Stripe from 'stripe';
import { formatMoney, money } from '../../core/lib/money.ts';
import { describeCouponStep } from './coupons.ts';
import { describeTiers } from './tiers.ts';
import type { PushAction, PushStep } from './types.ts';

export function stepAction(step: PushStep): PushAction {
  if (step.type === 'create_price' && step.replaces) return 'update';
  if (step.type.startsWith('create_')) return 'create';
  if (step.type.startsWith('archive_') || step.type.startsWith('delete_') || step.type.startsWith('deactivate_')) return 'archive';
  return 'update';
}

function amount(unitAmount: number | null | undefined, currency: string): string {
  return unitAmount === null || unitAmount === undefined ? '(no amount)' : formatMoney(money(unitAmount, currency));
}

function priceTerms(params: Omit<Stripe.PriceCreateParams, 'product'>): string {
  const base = params.billing_scheme === 'tiered' ? describeTiers(params) : amount(params.unit_amount, params.currency);
  const per = params.transform_quantity ? ` per ${params.transform_quantity.divide_by} units` : '';
  if (!params.recurring) return `${base}${per} one-time`;
  const usage = params.recurring.usage_type === 'metered' ? ' metered' : '';
  return `${base}${per}/${params.recurring.interval}${usage}`;
}

function changes(params: object): string {
  const names: Record<string, string> = { active: 'reactivate', lookup_key: 'take the lookup key' };
  return Object.keys(params)
    .filter((k) => k !== 'transfer_lookup_key')
    .map((k) => names[k] ?? k)
    .join(', ');
}

/** One readable line per step: `+ create`, `~ update`, `- archive`. */
export function describeStep(step: PushStep): string {
  const sign = { create: '+', update: '~', archive: '-' }[stepAction(step)];
  switch (step.type) {
    case 'create_meter':
      return `${sign} meter    ${step.params.event_name}: sum of "value" per customer (for ${step.feature} overage)`;
    case 'update_meter':
      return `${sign} meter    ${step.id}: display name "${step.params.display_name ?? ''}"`;
    case 'reactivate_meter':
      return `${sign} meter    ${step.id}: reactivate (for ${step.feature} overage)`;
    case 'deactivate_meter':
      return `${sign} meter    ${step.eventName} (${step.id}): deactivate, no overage uses it`;
    case 'create_product':
      return `${sign} product  ${step.key} "${step.params.name}"`;
    case 'update_product':
      return `${sign} product  ${step.key} (${step.id}): ${changes(step.params)}`;
    case 'archive_product':
      return `${sign} product  ${step.key} (${step.id}): archive, no longer in the config`;
    case 'create_price':
      return step.replaces
        ? `${sign} price    ${step.lookupKey}: ${amount(step.replaces.unitAmount, step.params.currency)} -> ${priceTerms(step.params)} (new price, lookup key moves, ${step.replaces.id} archived)`
        : `${sign} price    ${step.lookupKey}: ${priceTerms(step.params)}`;
    case 'update_price':
      return `${sign} price    ${step.lookupKey} (${step.id}): ${changes(step.params)}`;
    case 'archive_price':
      return `${sign} price    ${step.lookupKey ?? '(no lookup key)'} (${step.id}): archive`;
    default:
      return describeCouponStep(step, sign);
  }
}
