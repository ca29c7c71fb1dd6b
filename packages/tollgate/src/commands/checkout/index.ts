export { type CheckoutSessionRef, createCheckout, type CreateCheckoutInput } from './create.ts';
export { createPurchaseCheckout, type CreatePurchaseCheckoutInput } from './create-purchase.ts';
export { type SyncCheckoutOptions, type SyncedCheckout, syncCheckoutSession } from './sync.ts';
export { findPlanByPrice, type PlanOfPrice } from './find-plan-by-price.ts';
