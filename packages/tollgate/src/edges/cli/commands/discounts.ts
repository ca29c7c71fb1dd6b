import { applyDiscount } from '../../../commands/coupons/apply.ts';
import { UsageError } from '../command.ts';
import { required, text } from '../flags.ts';
import { commandGroup, subcommand } from '../group.ts';

export const discountsCommand = commandGroup('discounts', "Apply a coupon from the config or a promotion code to a customer's subscription (Stripe).", [
  subcommand({
    name: 'apply',
    summary: "Add a discount to the customer's live subscription: --coupon KEY (config) or --code PROMO.",
    usage: 'apply --customer ID (--coupon KEY | --code PROMO) [--json]',
    flags: { customer: required('customer'), coupon: text('coupon'), promotionCode: text('code') },
    check: ({ coupon, promotionCode }) => {
      if ((coupon === undefined) === (promotionCode === undefined)) throw new UsageError('give either --coupon KEY or --code PROMO');
    },
    run: applyDiscount,
    json: ({ raw: _raw, ...s }) => s,
    show: (s, { customer, coupon, promotionCode }) =>
      `${s.id} (${customer}): ${coupon !== undefined ? `coupon ${coupon}` : `code ${promotionCode ?? ''}`} applied; ${s.discountPercentOff !== null ? `${s.discountPercentOff}% off` : s.discountAmountOff !== null ? `${s.discountAmountOff} off` : 'one-time discount'}.`,
  }),
]);
