import { z } from 'zod';
import { getCreditBalance, getCreditBalanceInput } from '../../../usage/credits/balance.ts';
import { buyCredits } from '../../../usage/credits/buy.ts';
import { grantCredits, grantCreditsInput } from '../../../usage/credits/grant.ts';
import { creditHistoryInput, listCreditHistory } from '../../../usage/credits/history.ts';
import { listCreditGrants, listCreditGrantsInput } from '../../../usage/credits/list-grants.ts';
import { computeCreditRevenue } from '../../../usage/credits/revenue.ts';
import { reverseCredits, reverseCreditsInput } from '../../../usage/credits/reverse.ts';
import { snakeSchema } from '../../../core/lib/schema-case.ts';
import { setAutoTopUp, setAutoTopUpInput } from '../../../usage/credits/set-auto-top-up.ts';
import { setSpendCap, setSpendCapInput } from '../../../usage/credits/set-spend-cap.ts';
import { INPUT_LIMITS, text } from '../../../core/lib/input.ts';
import { ok } from '../../../core/lib/result.ts';
import { customerField, defineRoute, type Route } from '../route.ts';

/*
 * Prepaid credits (src/credits). A customer credential reads its balance,
 * grants and history, and buys a pack the config offers; what gives credits,
 * caps spend or charges a card off-session is the app's server's: secret key.
 */
const system = text(INPUT_LIMITS.key).optional().describe('A credit system key from the config (default: the only one)');
const secretOnlyNote = 'Secret key only (a money decision): a customer token sending it is refused with 403';
const url = z.url().max(INPUT_LIMITS.url);

const grant = z.object({
  id: z.string(),
  kind: z.string(),
  priority: z.number(),
  credits: z.number(),
  remaining: z.number(),
  effective_at: z.string(),
  expires_at: z.string().nullable(),
  expired: z.boolean(),
  paid_amount: z.number().nullable(),
  currency: z.string().nullable(),
  source: z.string().nullable(),
});
const movement = z.object({
  id: z.string(),
  kind: z.enum(['grant', 'debit', 'reversal', 'expiry']),
  credits: z.number(),
  feature: z.string().nullable(),
  units: z.number().nullable(),
  balance_after: z.number().nullable(),
  breakage: z.number().nullable(),
  occurred_at: z.string(),
});

export const creditRoutes: Route[] = [
  defineRoute({
    method: 'get',
    path: 'credits/balance',
    summary: "The customer's credit balance: available credits, the period's spend and cap, live grants in burn order, auto top-up settings",
    tag: 'Credits',
    auth: 'customer',
    query: snakeSchema(getCreditBalanceInput.pick({ system: true })),
    response: z.object({
      customer: z.string(),
      system: z.string(),
      name: z.string().nullable(),
      unit: z.string().nullable(),
      balance: z.number(),
      overdraft: z.number(),
      spent: z.number(),
      cap: z.number().nullable(),
      money: z.boolean(),
      currency: z.string(),
      period: z.object({ key: z.string(), start: z.string(), end: z.string() }),
      plan: z.string().nullable(),
      grants: z.array(grant),
      auto_top_up: z.object({ enabled: z.boolean(), threshold: z.number(), pack: z.string() }).nullable(),
    }),
    example: { query: { customer: 'user_123' } },
    handler: ({ deps, input }) => getCreditBalance(deps, input),
  }),
  defineRoute({
    method: 'get',
    path: 'credits/grants',
    summary: "The customer's live grants in burn order (all=true: also spent and expired ones)",
    tag: 'Credits',
    auth: 'customer',
    // A query value is text: `all` is "true" or "false".
    query: listCreditGrantsInput.pick({ system: true }).extend({ all: z.enum(['true', 'false']).optional() }),
    response: z.object({ data: z.array(grant) }),
    example: { query: { customer: 'user_123' } },
    async handler({ deps, customer, query }) {
      const listed = await listCreditGrants(deps, { customer, system: query.system, all: query.all === 'true' });
      return listed.ok ? ok({ data: listed.value }) : listed;
    },
  }),
  defineRoute({
    method: 'get',
    path: 'credits/history',
    summary: "The customer's credit movements, newest first: grants, debits, reversals, expiries",
    tag: 'Credits',
    auth: 'customer',
    // A query value is text: `limit` is read as a number.
    query: snakeSchema(creditHistoryInput.pick({ system: true, limit: true, startingAfter: true })).extend({
      limit: z
        .string()
        .regex(/^\d{1,3}$/, 'a whole number from 1 to 100')
        .max(3)
        .optional(),
    }),
    response: z.object({ data: z.array(movement), has_more: z.boolean() }),
    example: { query: { customer: 'user_123', limit: '20' } },
    handler: ({ deps, input }) => listCreditHistory(deps, { ...input, limit: input.limit === undefined ? undefined : Number(input.limit) }),
  }),
  defineRoute({
    method: 'post',
    path: 'credits/purchase',
    summary: 'Buy credits through hosted Checkout (a one-time payment): a pack from the config, or (secret key only) a custom amount; granted once when paid',
    tag: 'Credits',
    auth: 'customer',
    status: 201,
    body: z.object({
      system,
      pack: text(INPUT_LIMITS.key).optional().describe('A pack key of the credit system in the config'),
      custom_amount: z.number().int().min(1).max(99_999_999).optional().describe(`Minor units, within the config's customAmount bounds. ${secretOnlyNote}`),
      customer_email: z.email().max(INPUT_LIMITS.email).optional(),
      success_url: url,
      cancel_url: url,
    }),
    secretOnly: { custom_amount: 5000 },
    response: z.object({ id: z.string(), url: z.string() }),
    example: { body: { customer: 'user_123', pack: 'small', success_url: 'https://app.example/credits?ok=1', cancel_url: 'https://app.example/credits' } },
    // The request's `custom_amount` and `customer_email` are the operation's `amount` and `email`.
    handler: ({ deps, input: { customAmount, customerEmail, ...input } }) => buyCredits(deps, { ...input, amount: customAmount, email: customerEmail }),
  }),
  defineRoute({
    method: 'post',
    path: 'credits/grants',
    summary: 'Grant credits (a promotion, a goodwill credit, a sale made elsewhere): deduplicated by idempotency_key',
    tag: 'Credits',
    auth: 'secret',
    status: 201,
    // Over HTTP an expiry is an ISO date-time with its zone, and metadata is declared with its bounds.
    body: snakeSchema(
      grantCreditsInput.extend({
        customer: customerField,
        expiresAt: z.iso.datetime({ offset: true }).optional().describe('A future instant; default never'),
        metadata: z.record(text(40), text(500, 0)).optional(),
      }),
    ),
    response: grant.extend({ duplicate: z.boolean() }),
    example: { body: { customer: 'user_123', amount: 100, expires_at: '2099-01-01T00:00:00Z', idempotency_key: 'welcome-user_123' } },
    handler: ({ deps, input }) => grantCredits(deps, input),
  }),
  defineRoute({
    method: 'post',
    path: 'credits/caps',
    summary: "Set a customer's spend cap per billing period (overage in minor units, a credit system in credits); null: no cap",
    tag: 'Credits',
    auth: 'secret',
    // `cap` may be left out over HTTP: no cap.
    body: snakeSchema(setSpendCapInput.extend({ customer: customerField, cap: setSpendCapInput.shape.cap.optional() })),
    response: z.object({ customer: z.string(), scope: z.string(), cap: z.number().nullable(), source: z.enum(['customer', 'plan']) }),
    example: { body: { customer: 'user_123', scope: 'credits', cap: 5000 } },
    handler: ({ deps, input }) => setSpendCap(deps, { ...input, cap: input.cap ?? null }),
  }),
  defineRoute({
    method: 'post',
    path: 'credits/top-up',
    summary: "Turn a customer's auto top-up on or off: below the threshold, the pack is bought off-session on the saved card, once per crossing",
    tag: 'Credits',
    auth: 'secret',
    body: snakeSchema(setAutoTopUpInput.extend({ customer: customerField })),
    response: z.object({ customer: z.string(), system: z.string(), enabled: z.boolean(), threshold: z.number(), pack: z.string(), top_up_due: z.boolean() }),
    example: { body: { customer: 'user_123', enabled: true, threshold: 100, pack: 'small' } },
    handler: ({ deps, input }) => setAutoTopUp(deps, input),
  }),
  defineRoute({
    method: 'post',
    path: 'credits/reverse',
    summary: 'Give a debit back: its credits return to the grants they came from (once)',
    tag: 'Credits',
    auth: 'secret',
    body: snakeSchema(reverseCreditsInput.extend({ customer: customerField })),
    response: movement.extend({ duplicate: z.boolean() }),
    example: { body: { customer: 'user_123', idempotency_key: 'run_42' } },
    handler: ({ deps, input }) => reverseCredits(deps, input),
  }),
  defineRoute({
    method: 'get',
    path: 'metrics/credits',
    summary: 'Credit revenue per currency: sold, deferred (paid credit not yet used), recognized, breakage (expired unused); MRR is not affected',
    tag: 'Metrics',
    auth: 'secret',
    response: z.object({
      data: z.array(z.object({ currency: z.string(), sold: z.number(), deferred: z.number(), recognized: z.number(), breakage: z.number() })),
    }),
    example: {},
    handler: async ({ deps }) => ok({ data: await computeCreditRevenue(deps) }),
  }),
];
