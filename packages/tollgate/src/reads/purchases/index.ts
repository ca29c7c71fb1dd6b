// One-time purchases, read from the mirror: what a customer owns.
export { type OwnedPurchase, type Ownership, ownsPurchase, type OwnsPurchaseInput } from './owns.ts';
