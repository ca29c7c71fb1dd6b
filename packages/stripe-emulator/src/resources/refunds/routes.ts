import { invalidRequest } from '../../errors.ts';
import { mergeMetadata } from '../../core/metadata.ts';
import { expandShape, p, updatable } from '../../core/params.ts';
import { resourceRoutes, withBody, withId } from '../../core/resource-routes.ts';
import type { Db } from '../../core/db.ts';
import type { Router } from '../../core/router.ts';
import { createRefund, getRefund, updateRefund } from './refunds.ts';

const createShape = {
  charge: p.string({ nonEmpty: true }),
  payment_intent: p.string({ nonEmpty: true }),
  amount: p.int({ min: 1 }),
  reason: p.enum(['duplicate', 'fraudulent', 'requested_by_customer']),
  metadata: p.emptyable(p.metadata()),
  instructions_email: p.string(),
  refund_application_fee: p.bool(),
  reverse_transfer: p.bool(),
  expand: p.arr(p.string()),
};

export function refundRoutes(r: Router): void {
  resourceRoutes(r, 'refund', (db: Db) => db.refunds, {
    match: { charge: p.string(), payment_intent: p.string() },
    create: withBody(createShape, (em, { refund_application_fee: _f, reverse_transfer: _t, ...input }) => createRefund(em, input)),
    retrieve: (em, id) => getRefund(em, id, 'id'),
    update: withId(updatable(createShape, ['metadata', 'expand']), (em, id, input) => {
      const before = getRefund(em, id, 'id');
      return updateRefund(em, before.id, mergeMetadata(before.metadata ?? {}, input.metadata));
    }),
    actions: {
      cancel: withId(expandShape, (em, id) => {
        const refund = getRefund(em, id, 'id');
        throw invalidRequest(
          `Refund ${refund.id} cannot be canceled: only refunds with a status of requires_action can be canceled, and this one is ${refund.status ?? 'unknown'}.`,
          undefined,
          'refund_cannot_be_canceled',
        );
      }),
    },
  });
}
