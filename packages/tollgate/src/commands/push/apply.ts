import { createHash } from 'node:crypto';
import type Stripe from 'stripe';
import type { Deps } from '../../core/lib/deps.ts';
import { type AppError, appError } from '../../core/lib/errors.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';
import { runCouponStep } from './coupons.ts';
import { describeStep } from './describe.ts';
import type { AppliedStep, PushPlan, PushStep, Ref } from './types.ts';

function digest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 40);
}

/**
 * Creates are keyed by what they create (two pushes racing create one object;
 * a new price that replaces another differs by the replaced id). Updates and
 * archives are keyed by the plan and step: a retry of the same plan replays,
 * a later plan that flips a value back is not mistaken for a replay.
 */
function idempotencyKey(plan: PushPlan, index: number, step: PushStep, resolved: unknown): string {
  if (step.type.startsWith('create_')) return `tollgate-push-${step.type}-${digest({ step, resolved })}`;
  return `tollgate-push-${plan.id}-${index}`;
}

function resolve(ref: Ref, created: Map<string, string>, what: string): string {
  if ('id' in ref) return ref.id;
  const id = created.get(ref.key);
  if (!id) throw new Error(`push: ${what} "${ref.key}" was not created by an earlier step`);
  return id;
}

async function run(stripe: Stripe, step: PushStep, key: string, created: Map<string, string>): Promise<string> {
  const options = { idempotencyKey: key };
  switch (step.type) {
    case 'create_meter':
      return (await stripe.billing.meters.create(step.params, options)).id;
    case 'update_meter':
      return (await stripe.billing.meters.update(step.id, step.params, options)).id;
    case 'reactivate_meter':
      return (await stripe.billing.meters.reactivate(step.id, {}, options)).id;
    case 'deactivate_meter':
      return (await stripe.billing.meters.deactivate(step.id, {}, options)).id;
    case 'create_product':
      return (await stripe.products.create(step.params, options)).id;
    case 'update_product':
      return (await stripe.products.update(step.id, step.params, options)).id;
    case 'archive_product':
      return (await stripe.products.update(step.id, { active: false }, options)).id;
    case 'create_price': {
      const params: Stripe.PriceCreateParams = { ...step.params, product: resolve(step.product, created, 'product') };
      if (step.meter && params.recurring) params.recurring = { ...params.recurring, meter: resolve(step.meter, created, 'meter') };
      return (await stripe.prices.create(params, options)).id;
    }
    case 'update_price':
      return (await stripe.prices.update(step.id, step.params, options)).id;
    case 'archive_price':
      return (await stripe.prices.update(step.id, { active: false }, options)).id;
    default:
      return runCouponStep(stripe, step, options);
  }
}

function createdKey(step: PushStep): string | undefined {
  if (step.type === 'create_meter') return step.feature;
  if (step.type === 'create_product') return step.key;
  return undefined;
}

function stripeMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Applies a plan from `planPush` step by step. Stops at the first Stripe error
 * and says which step failed and how many were applied; running push again
 * picks up from there (the plan is recomputed from Stripe).
 */
export async function applyPush(deps: Pick<Deps, 'stripe' | 'log'>, plan: PushPlan): Promise<Result<AppliedStep[], AppError>> {
  const [refused] = plan.refused ?? [];
  if (refused) return err(refused);
  const created = new Map<string, string>();
  const applied: AppliedStep[] = [];
  for (const [index, step] of plan.steps.entries()) {
    const resolved =
      step.type === 'create_price' ? { product: resolveOrKey(step.product, created), meter: step.meter && resolveOrKey(step.meter, created) } : null;
    try {
      const id = await run(deps.stripe, step, idempotencyKey(plan, index, step, resolved), created);
      const key = createdKey(step);
      if (key !== undefined) created.set(key, id);
      applied.push({ step, id });
      deps.log.info('push step applied', { step: step.type, id });
    } catch (e) {
      return err(
        appError('stripe_error', `push stopped at step ${index + 1} (${describeStep(step).trim()}): ${stripeMessage(e)}`, undefined, {
          applied: applied.length,
        }),
      );
    }
  }
  return ok(applied);
}

function resolveOrKey(ref: Ref, created: Map<string, string>): string {
  return 'id' in ref ? ref.id : (created.get(ref.key) ?? ref.key);
}
