export { cancelSubscription } from './cancel.ts';
export { cancelSubscriptionNow, type CancelNowInput } from './cancel-now.ts';
export { changePlan, type ChangePlanOutput } from './change-plan.ts';
export { changeSeats } from './change-seats.ts';
export type { ChangePlanInput } from './plan-change.ts';
export { type ChangePreview, previewPlanChange } from './preview-change.ts';
export { resumeSubscription } from './resume.ts';
export type { SubscriptionRow } from './active.ts';
