export { applyPush } from './apply.ts';
export { describeStep, stepAction } from './describe.ts';
export { desiredState } from './desired.ts';
export { planPush } from './plan.ts';
export { pushConfig, type PushResult } from './push.ts';
export type { AppliedStep, PushAction, PushPlan, PushStep, Ref } from './types.ts';
