import { type AppError, appError, check, consume, type Deps, err, ok, type Result } from 'tollgate';
import type { Orgs } from './orgs.ts';

export interface Lead {
  id: string;
  email: string;
  company?: string;
  /** The enrichment agent's score, 0-100. */
  score: number;
}

export interface LeadOutcome {
  lead: string;
  status: 'qualified' | 'rejected';
}

type Handler = (org: string, lead: Lead) => Promise<Result<LeadOutcome, AppError>>;

/** The seed's refusal, word for word. */
export const PLAN_LIMIT = 'Plan limit reached';
const QUALIFYING_SCORE = 50;

/**
 * Seed 000's pipeline, with its event names:
 *
 *   lead.received -> (process normally) -> lead.qualified -> billing/lead.qualified
 *
 * `lead.received` checks the plan before the expensive work (the seed's
 * "Gated by Plan": Starter past 100 qualified leads this month is "Plan limit
 * reached"), and refuses while billing has paused the org's agents.
 * `billing/lead.qualified` is the billing agent: where the seed called
 * `stripe.subscriptionItems.createUsageRecord` (removed from Stripe's API), it
 * `consume`s one qualified lead, keyed by the lead's id, so a redelivered event
 * bills once; Tollgate's reporter sends the period's count to a Billing Meter.
 */
export function createPipeline(deps: Deps, orgs: Orgs) {
  const handlers: Record<string, Handler> = {};
  const send = (event: string, org: string, lead: Lead) => {
    const handler = handlers[event];
    if (!handler) throw new Error(`no handler for ${event}`);
    return handler(org, lead);
  };

  handlers['lead.received'] = async (org, lead) => {
    const paused = orgs.pausedFor(org);
    if (paused) return err(appError('subscription_inactive', `Agents paused: ${paused}`, 'org'));
    const gate = await check(deps, { customer: org, feature: 'qualified_leads' });
    if (!gate.ok) return gate;
    if (!gate.value.allowed)
      return err(
        appError(
          gate.value.code === 'limit_reached' ? 'limit_reached' : 'subscription_inactive',
          gate.value.code === 'limit_reached' ? PLAN_LIMIT : 'No active plan: subscribe first',
          'org',
        ),
      );
    // (process normally: enrich, score, route...)
    if (lead.score < QUALIFYING_SCORE) return ok({ lead: lead.id, status: 'rejected' });
    return send('lead.qualified', org, lead);
  };
  handlers['lead.qualified'] = (org, lead) => send('billing/lead.qualified', org, lead);
  handlers['billing/lead.qualified'] = async (org, lead) => {
    const billed = await consume(deps, { customer: org, feature: 'qualified_leads', idempotencyKey: `lead:${lead.id}`, properties: { lead: lead.id } });
    if (!billed.ok) return billed.error.code === 'limit_reached' ? err({ ...billed.error, message: PLAN_LIMIT }) : billed;
    return ok({ lead: lead.id, status: 'qualified' });
  };

  return { receive: (org: string, lead: Lead) => send('lead.received', org, lead) };
}

export type Pipeline = ReturnType<typeof createPipeline>;
