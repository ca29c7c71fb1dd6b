export { type BillingCustomer, type CustomerRow, findCustomer } from './find.ts';
export { customerIdempotencyKey, getOrCreateCustomer, type GetOrCreateCustomerInput, type GetOrCreateCustomerOutput } from './get-or-create.ts';
export { updateCustomer, type UpdateCustomerInput, type UpdateCustomerOutput } from './update.ts';
export { type CustomerSummary, getCustomer, listCustomers, type ListCustomersInput } from './list-customers.ts';
