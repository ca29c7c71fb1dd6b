import type { Emulator } from '../core/emulator.ts';
import type { Router } from '../core/router.ts';
import { emulatorControlRoutes } from '../faults/routes.ts';
import { billingPortalRoutes } from './billing-portal/routes.ts';
import { chargeRoutes } from './charges/routes.ts';
import { checkoutRoutes } from './checkout/routes.ts';
import { couponRoutes } from './coupons/routes.ts';
import { creditNoteRoutes } from './credit-notes/routes.ts';
import { customerRoutes } from './customers/routes.ts';
import { eventRoutes } from './events/routes.ts';
import { invoiceItemRoutes } from './invoice-items/routes.ts';
import { invoicePaymentRoutes } from './invoice-payments/routes.ts';
import { invoiceRoutes } from './invoices/routes.ts';
import { meterRoutes } from './meters/routes.ts';
import { paymentIntentRoutes } from './payment-intents/routes.ts';
import { paymentMethodRoutes } from './payment-methods/routes.ts';
import { priceRoutes } from './prices/routes.ts';
import { promotionCodeRoutes } from './promotion-codes/routes.ts';
import { refundRoutes } from './refunds/routes.ts';
import { productRoutes } from './products/routes.ts';
import { setupIntentRoutes } from './setup-intents/routes.ts';
import { taxRateRoutes } from './tax-rates/routes.ts';
import { subscriptionScheduleRoutes } from './subscription-schedules/routes.ts';
import { subscriptionRoutes } from './subscriptions/routes.ts';
import { testClockRoutes } from './test-clocks/routes.ts';
import { webhookEndpointRoutes } from './webhook-endpoints/routes.ts';

/**
 * Every resource registers its routes here, in one place. A resource is a folder with
 * `routes.ts` (parameter shapes and thin handlers) and its logic beside it.
 */
const resources: ((r: Router, em: Emulator) => void)[] = [
  taxRateRoutes,
  customerRoutes,
  productRoutes,
  priceRoutes,
  paymentMethodRoutes,
  setupIntentRoutes,
  paymentIntentRoutes,
  chargeRoutes,
  refundRoutes,
  subscriptionRoutes,
  subscriptionScheduleRoutes,
  invoiceRoutes,
  creditNoteRoutes,
  invoiceItemRoutes,
  invoicePaymentRoutes,
  testClockRoutes,
  eventRoutes,
  webhookEndpointRoutes,
  meterRoutes,
  couponRoutes,
  promotionCodeRoutes,
  checkoutRoutes,
  billingPortalRoutes,
  emulatorControlRoutes,
];

export function registerResources(r: Router, em: Emulator): void {
  for (const register of resources) register(r, em);
}
