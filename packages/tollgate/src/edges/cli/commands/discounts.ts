import { applyDiscount } from '../../../commands/coupons/apply.ts';
import { commonOptions, finish, withRuntime } from '../with-runtime.ts';
import { UsageError } from '../command.ts';
import { commandGroup, requireString } from '../group.ts';
import { render } from '../output.ts';

export const discountsCommand = commandGroup(
  'discounts',
  "Apply a coupon from the config or a promotion code to a customer's subscription (Stripe).",
  { ...commonOptions, customer: { type: 'string' }, coupon: { type: 'string' }, code: { type: 'string' } },
  [
    {
      name: 'apply',
      summary: "Add a discount to the customer's live subscription: --coupon KEY (config) or --code PROMO.",
      usage: 'apply --customer ID (--coupon KEY | --code PROMO) [--json]',
      run: ({ values }, io) => {
        const customer = requireString(values, 'customer');
        const coupon = typeof values.coupon === 'string' ? values.coupon : undefined;
        const code = typeof values.code === 'string' ? values.code : undefined;
        if ((coupon === undefined) === (code === undefined)) throw new UsageError('give either --coupon KEY or --code PROMO');
        return withRuntime(io, values, async ({ deps }) => {
          const result = await applyDiscount(deps, { customer, coupon, promotionCode: code });
          return finish(io, 'discounts apply', result, ({ raw: _raw, ...s }) =>
            render(
              io,
              values.json,
              s,
              () =>
                `${s.id} (${customer}): ${coupon !== undefined ? `coupon ${coupon}` : `code ${code ?? ''}`} applied; ${s.discountPercentOff !== null ? `${s.discountPercentOff}% off` : s.discountAmountOff !== null ? `${s.discountAmountOff} off` : 'one-time discount'}.`,
            ),
          );
        });
      },
    },
  ],
);
