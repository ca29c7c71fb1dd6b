export { type BillingCustomer, findCustomer } from './find.ts';
export { customerIdempotencyKey, getOrCreateCustomer, type GetOrCreateCustomerInput, type GetOrCreateCustomerOutput } from './get-or-create.ts';
