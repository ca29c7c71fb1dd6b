import { z } from 'zod';
import { INPUT_LIMITS, text } from '../../../core/lib/input.ts';
import { ownsPurchase } from '../../../reads/purchases/owns.ts';
import { defineRoute, type Route } from '../route.ts';

const purchase = z.object({
  id: z.string(),
  product_key: z.string().nullable(),
  currency: z.string().nullable(),
  amount_total: z.number().int().nullable(),
  completed_at: z.string().nullable(),
  metadata: z.record(z.string(), z.string()),
});

/** One-time purchases read from the mirror (src/purchases). */
export const purchaseRoutes: Route[] = [
  defineRoute({
    method: 'get',
    path: 'purchases/owned',
    summary:
      'Does the customer own a one-time product (product) or an item the app named in the purchase metadata (metadata_key + metadata_value)? Paid and not refunded',
    tag: 'Checkout',
    auth: 'customer',
    query: z.object({
      product: text(INPUT_LIMITS.key).optional().describe('A one-time product key from the config'),
      metadata_key: text(40).optional().describe('A metadata key the app set on the purchase, e.g. agent_id'),
      metadata_value: text(INPUT_LIMITS.text).optional().describe('Its value, e.g. agt_123'),
    }),
    response: z.object({ owned: z.boolean(), purchase: purchase.nullable() }),
    example: { query: { customer: 'user_123', metadata_key: 'agent_id', metadata_value: 'agt_123' } },
    handler({ deps, customer, query }) {
      if (query.metadata_key !== undefined || query.metadata_value !== undefined) {
        const key = query.metadata_key ?? '';
        return ownsPurchase(deps, { customer, metadata: { [key]: query.metadata_value ?? '' } });
      }
      return ownsPurchase(deps, { customer, product: query.product ?? '' });
    },
  }),
];
