// Entitlements: what a customer's plan and subscription status allow.
export { check, type CheckInput } from './check.ts';
export { type CustomerContext, loadCustomerContext, loadCustomerContexts } from './customer-context.ts';
export { type CreditStanding, decide, type Entitlement, type FeaturePlan, featurePlan, type RefusalCode } from './feature-plan.ts';
export { type Grant, grantOf } from './grant.ts';
export { defaultPlanKey, type PlanReason, type PlanResolution, resolvePlan, type SubscriptionState } from './resolve-plan.ts';
export { isValidTimeZone, type Period, type UsageWindow, windowFor } from './windows.ts';
export { type SuspensionSweep, type SuspensionSweeper, startSuspensionSweep, sweepSuspensions } from './sweep-suspensions.ts';
