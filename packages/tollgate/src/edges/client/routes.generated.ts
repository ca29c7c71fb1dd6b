// Generated from the route schemas (packages/tollgate/src/edges/server/routes) by `npm run generate:client`: do not edit.
// The HTTP API under /api/v1/billing; bodies are JSON, snake_case as sent.

// Object shapes that stand in more than one place, printed once.

type Customer = {
  /** The app's own id for the customer. Required with a secret key; must match a customer token's customer. */
  customer?: string;
};

type AdminCustomersIdOverviewQuery = {
  /** The app's own id for the customer. Required with a secret key; must match a customer token's customer. */
  id: string;
};

type AdminLicensesResponseData = {
  id: string;
  key?: string;
  status: 'active' | 'suspended' | 'revoked' | 'expired';
  reason: string | null;
  customer: string;
  plan: string | null;
  product: string | null;
  features: string[];
  subscription_id: string | null;
  purchase_id: string | null;
  issued_at: string;
  expires_at: string | null;
  activations: { used: number; limit: number; };
};

type AdminLicensesResponse = { data: AdminLicensesResponseData[]; };

type AdminLicensesIdQuery = {
  /** The license id (`lic_...`) */
  id: string;
};

type Tier = {
  tier: number;
  mode: 'graduated' | 'volume';
  up_to: number | null;
  unit_amount: number;
  flat_amount: number;
};

type CheckResponse = {
  allowed: boolean;
  code?: 'limit_reached' | 'feature_not_in_plan' | 'subscription_inactive' | 'feature_not_found' | 'insufficient_credits' | 'spend_cap_reached';
  feature: string;
  plan: string | null;
  limit: number | null;
  used: number;
  remaining: number | null;
  resets_at: string | null;
  unlimited: boolean;
  overage: boolean;
  /** Tiered overage only: the tier (1-based) the window's overage units are priced at now */
  tier?: Tier;
  /** Features priced in credits: the balance they are paid from */
  credits?: { system: string; balance: number; cost: number; spent: number; cap: number | null; };
};

type ScheduledChange = {
  kind: 'plan_change' | 'cancel';
  /** The plan after it (a cancel: the config's default plan) */
  plan_key: string | null;
  interval: string | null;
  quantity: number | null;
  /** When it takes effect */
  at: string;
  /** The subscription schedule carrying a plan change */
  schedule_id: string | null;
};

type Subscription = {
  id: string;
  plan_key: string | null;
  status: string;
  interval: string | null;
  quantity: number | null;
  currency: string;
  /** Per-period list amount, minor units */
  amount: number;
  /** The amount for people, e.g. "$15.00" */
  amount_formatted: string;
  current_period_start: string | null;
  current_period_end: string | null;
  cancel_at_period_end: boolean;
  cancel_at: string | null;
  canceled_at: string | null;
  trial_end: string | null;
  /** GET subscription: a downgrade at period end, or the end of the subscription; null when nothing is scheduled */
  scheduled_change?: ScheduledChange | null;
};

type Event = {
  id: string;
  customer: string;
  feature: string;
  amount: number;
  idempotency_key: string;
  timestamp: string;
  duplicate: boolean;
};

type Grants = {
  id: string;
  kind: string;
  priority: number;
  credits: number;
  remaining: number;
  effective_at: string;
  expires_at: string | null;
  expired: boolean;
  paid_amount: number | null;
  currency: string | null;
  source: string | null;
};

type CreditsHistoryResponseData = {
  id: string;
  kind: 'grant' | 'debit' | 'reversal' | 'expiry';
  credits: number;
  feature: string | null;
  units: number | null;
  balance_after: number | null;
  breakage: number | null;
  occurred_at: string;
};

type CustomersQuery = {
  /** 1 to 100, default 20 */
  limit?: number;
};

type DiscountsResponse = { subscription: Subscription; };

type GaugesDecrementBody = {
  /** The app's own id for the customer. Required with a secret key; must match a customer token's customer. */
  customer: string;
  /** A gauge feature key from the config, e.g. "agents" */
  feature: string;
  /** Units (default 1) */
  amount?: number;
  /** Makes a retry safe: the same key (per customer) moves the gauge once and answers that move again */
  idempotency_key?: string;
};

type GaugesDecrementResponse = {
  customer: string;
  feature: string;
  value: number;
  limit: number | null;
  /** True when this answers a retried idempotency key: nothing moved this time */
  duplicate: boolean;
};

type MetricsMrrHistoryQuery = {
  /** First day (UTC) */
  from: string;
  /** Last day (UTC), included */
  to: string;
  /** Only this plan */
  plan?: string;
};

type PortalQuery = {
  /** Where the portal sends the customer back to */
  return_url: string;
};

type SubscriptionChangeBody = {
  plan: string;
  /** Default: the current interval */
  interval?: 'month' | 'year';
  seats?: number;
  /** auto (default): upgrades now with proration, downgrades at period end */
  when?: 'auto' | 'now' | 'period_end';
};

type TrackBody = {
  /** A feature key from the config, e.g. "messages" */
  feature: string;
  /** Units (default 1) */
  amount?: number;
  /** Deduplicates retries: a repeat returns the original record; the key reused with another feature, amount or properties is 409 idempotency_conflict */
  idempotency_key?: string;
  /** When it happened: ISO 8601 with a zone, or epoch milliseconds; from 35 days ago to 5 minutes ahead (default now) */
  timestamp?: string | number;
  /** Your own data, stored with the event (at most 4 KB of JSON, nested at most 16 deep) */
  properties?: Record<string, unknown>;
};

/**
 * Every route of the billing API, by `'<METHOD> <path below /api/v1/billing>'`: who may call it
 * (`customer`: a secret key naming `customer`, or a customer token; `secret`: secret keys only;
 * `public`: no credential), its query, its JSON body and its success response (`unknown` where
 * the route declares none). A customer route that takes a body also names `tokenBody`: the body
 * from a customer token (a browser), no secret-only field and no `customer` (the token names it).
 */
export interface TollgateRoutes {
  /** Customers by the app's id, email prefix, Stripe customer or subscription id (newest first without q), with plan, status and MRR */
  'GET admin/customer-search': { auth: 'secret'; query: { q?: string; limit?: number; }; body: never; response: unknown; };
  /** One customer for the dashboard: subscriptions and schedule, usage against limits, credits, licenses, invoices, payment methods, timeline */
  'GET admin/customers/:id/overview': { auth: 'secret'; query: AdminCustomersIdOverviewQuery; body: never; response: unknown; };
  /** Replay one Stripe event of the ledger: a failed one runs again; a processed one has its object fetched from Stripe and applied */
  'POST admin/events/:id/replay': { auth: 'secret'; query: { id: string; }; body: Record<string, unknown>; response: unknown; };
  /** Every license signing key (public halves only): active, verifying, retired */
  'GET admin/license-keys': { auth: 'secret'; query: never; body: never; response: unknown; };
  /** Retire a key that no longer signs: it leaves the published keys (what it signed stops verifying offline) */
  'POST admin/license-keys/:kid/retire': { auth: 'secret'; query: { kid: string; }; body: Record<string, unknown>; response: unknown; };
  /** Rotate: a new key signs from now on; the previous one keeps verifying until retired */
  'POST admin/license-keys/rotate': { auth: 'secret'; query: never; body: Record<string, unknown>; response: unknown; };
  /** Licenses, newest first (filter by customer and stored status) */
  'GET admin/licenses': {
    auth: 'secret';
    query: CustomersQuery & {
      /** The app's own id for the customer. Required with a secret key; must match a customer token's customer. */
      customer?: string;
      status?: 'active' | 'suspended' | 'revoked' | 'expired';
    };
    body: never;
    response: AdminLicensesResponse;
  };
  /** One license with its activations */
  'GET admin/licenses/:id': { auth: 'secret'; query: AdminLicensesIdQuery; body: never; response: AdminLicensesResponseData & { activation_list: { id: string; instance: string; name: string | null; created_at: string; }[]; }; };
  /** Undo an operator's revocation: the license takes the status billing gives it (refused when billing ended it) */
  'POST admin/licenses/:id/restore': { auth: 'secret'; query: AdminLicensesIdQuery; body: Record<string, unknown>; response: AdminLicensesResponseData; };
  /** Revoke a license (license.revoked); billing never brings it back, restore does */
  'POST admin/licenses/:id/revoke': { auth: 'secret'; query: AdminLicensesIdQuery; body: Record<string, unknown>; response: AdminLicensesResponseData; };
  /** MRR and ARR now, daily MRR with its movements, the last 30 days (churn, NRR), subscriptions by plan and status, the latest events */
  'GET admin/overview': {
    auth: 'secret';
    query: {
      /** Days of history, default 90 */
      days?: number;
    };
    body: never;
    response: unknown;
  };
  /** The heaviest users of metered features in the windows open now */
  'GET admin/usage/top': { auth: 'secret'; query: { feature?: string; window?: string; limit?: number; }; body: never; response: unknown; };
  /** May the customer use this feature (amount units) now? Reads the local mirror, never Stripe */
  'POST check': {
    auth: 'customer';
    query: never;
    body: {
      /** A feature key from the config, e.g. "messages" */
      feature: string;
      /** Units about to be used (default 1) */
      amount?: number;
    } & Customer;
    tokenBody: Pick<TollgateRoutes['POST check']['body'], 'feature' | 'amount'>;
    response: CheckResponse;
  };
  /** Start a one-time purchase: a product from the config, or (secret key only) an ad-hoc amount */
  'POST checkout/purchase': {
    auth: 'customer';
    query: never;
    body: {
      /** A one-time product key from the config */
      product?: string;
      /** An ad-hoc price (a marketplace listing priced by its seller). Secret key only (a money decision): a customer token sending it is refused with 403 */
      amount?: { amount: number; currency: string; name: string; };
      quantity?: number;
      customer_email?: string;
      success_url: string;
      cancel_url: string;
      /** Your own keys (a tenant id, say), copied to the session and subscription. Secret key only: apps act on it */
      metadata?: Record<string, string>;
    } & Customer;
    tokenBody: Pick<TollgateRoutes['POST checkout/purchase']['body'], 'product' | 'quantity' | 'customer_email' | 'success_url' | 'cancel_url'>;
    response: { id: string; url: string; };
  };
  /** Start a Checkout Session for a plan and interval (or, secret key only, a raw price_id); redirect the browser to url */
  'POST checkout/session': {
    auth: 'customer';
    query: never;
    body: {
      /** A plan key from the config (hidden plans: secret key only); or give price_id */
      plan?: string;
      interval?: 'month' | 'year';
      /** Any recurring price in the Stripe account. Secret key only (a money decision): a customer token sending it is refused with 403 */
      price_id?: string;
      seats?: number;
      /** Overrides the plan's trial (default: the config's trialDays, first-time subscribers only). Secret key only (a money decision): a customer token sending it is refused with 403 */
      trial_days?: number;
      customer_email?: string;
      success_url: string;
      cancel_url: string;
      /** Your own keys (a tenant id, say), copied to the session and subscription. Secret key only: apps act on it */
      metadata?: Record<string, string>;
      /** Default: the plan's promotionCodes in the config. Secret key only (a money decision): a customer token sending it is refused with 403 */
      allow_promotion_codes?: boolean;
      /** Bill in this currency: the config's or one of the plan's currencies (default: the customer's, else the config's). Secret key only (a money decision): a customer token sending it is refused with 403 */
      currency?: string;
    } & Customer;
    tokenBody: Pick<TollgateRoutes['POST checkout/session']['body'], 'plan' | 'interval' | 'seats' | 'customer_email' | 'success_url' | 'cancel_url'>;
    response: { id: string; url: string; session_id: string; };
  };
  /** From the success page: apply the finished Checkout Session now, before the webhook arrives */
  'POST checkout/sync': {
    auth: 'customer';
    query: never;
    body: { session_id: string; } & Customer;
    tokenBody: Pick<TollgateRoutes['POST checkout/sync']['body'], 'session_id'>;
    response: {
      id: string;
      mode: 'payment' | 'setup' | 'subscription';
      status: 'complete' | 'expired' | 'open' | null;
      payment_status: 'no_payment_required' | 'paid' | 'unpaid';
      /** The mirrored subscription (subscription mode, once complete) */
      subscription: Subscription | null;
    };
  };
  /** Check and record in one atomic step; refused with 403 limit_reached and resets_at (a feature priced in credits: 402 insufficient_credits or 403 spend_cap_reached) */
  'POST consume': {
    auth: 'customer';
    query: never;
    body: {
      /** A feature key from the config, e.g. "messages" */
      feature: string;
      /** Units (default 1) */
      amount?: number;
      /** Deduplicates retries: a repeat returns the original record; the key reused with another feature, amount or properties is 409 idempotency_conflict */
      idempotency_key?: string;
      /** Your own data, stored with the event (at most 4 KB of JSON, nested at most 16 deep) */
      properties?: Record<string, unknown>;
    } & Customer;
    tokenBody: Pick<TollgateRoutes['POST consume']['body'], 'feature' | 'amount' | 'idempotency_key' | 'properties'>;
    response: CheckResponse & { event: Event; };
  };
  /** The customer's credit balance: available credits, the period's spend and cap, live grants in burn order, auto top-up settings */
  'GET credits/balance': {
    auth: 'customer';
    query: {
      /** A credit system key from the config (default: the only one) */
      system?: string;
    } & Customer;
    body: never;
    response: {
      customer: string;
      system: string;
      name: string | null;
      unit: string | null;
      balance: number;
      overdraft: number;
      spent: number;
      cap: number | null;
      money: boolean;
      currency: string;
      period: { key: string; start: string; end: string; };
      plan: string | null;
      grants: Grants[];
      auto_top_up: { enabled: boolean; threshold: number; pack: string; } | null;
    };
  };
  /** Set a customer's spend cap per billing period (overage in minor units, a credit system in credits); null: no cap */
  'POST credits/caps': {
    auth: 'secret';
    query: never;
    body: {
      /** The app's own id for the customer. Required with a secret key; must match a customer token's customer. */
      customer: string;
      /** "overage" or a credit system key */
      scope: string;
      cap?: number | null;
      /** Drop the customer's own cap: the plan's default applies */
      use_plan_default?: boolean;
    };
    response: { customer: string; scope: string; cap: number | null; source: 'customer' | 'plan'; };
  };
  /** The customer's live grants in burn order (all=true: also spent and expired ones) */
  'GET credits/grants': {
    auth: 'customer';
    query: {
      /** A credit system key from the config (default: the only one) */
      system?: string;
      all?: 'true' | 'false';
    } & Customer;
    body: never;
    response: { data: Grants[]; };
  };
  /** Grant credits (a promotion, a goodwill credit, a sale made elsewhere): deduplicated by idempotency_key */
  'POST credits/grants': {
    auth: 'secret';
    query: never;
    body: {
      /** The app's own id for the customer. Required with a secret key; must match a customer token's customer. */
      customer: string;
      /** A credit system key from the config (default: the only one) */
      system?: string;
      /** Credits, at most six decimals (kept as integer micro-credits) */
      amount: number;
      kind?: 'promotional' | 'paid';
      /** Burn order, lower first (default: promotional 20, paid 30) */
      priority?: number;
      /** A future instant; default never */
      expires_at?: string;
      idempotency_key?: string;
      /** Paid grants: minor units paid (deferred revenue, breakage) */
      paid_amount?: number;
      metadata?: Record<string, string>;
    };
    response: Grants & { duplicate: boolean; };
  };
  /** The customer's credit movements, newest first: grants, debits, reversals, expiries */
  'GET credits/history': {
    auth: 'customer';
    query: {
      /** A credit system key from the config (default: the only one) */
      system?: string;
      limit?: string;
      starting_after?: string;
    } & Customer;
    body: never;
    response: { data: CreditsHistoryResponseData[]; has_more: boolean; };
  };
  /** Buy credits through hosted Checkout (a one-time payment): a pack from the config, or (secret key only) a custom amount; granted once when paid */
  'POST credits/purchase': {
    auth: 'customer';
    query: never;
    body: {
      /** A credit system key from the config (default: the only one) */
      system?: string;
      /** A pack key of the credit system in the config */
      pack?: string;
      /** Minor units, within the config's customAmount bounds. Secret key only (a money decision): a customer token sending it is refused with 403 */
      custom_amount?: number;
      customer_email?: string;
      success_url: string;
      cancel_url: string;
    } & Customer;
    tokenBody: Pick<TollgateRoutes['POST credits/purchase']['body'], 'system' | 'pack' | 'customer_email' | 'success_url' | 'cancel_url'>;
    response: { id: string; url: string; };
  };
  /** Give a debit back: its credits return to the grants they came from (once) */
  'POST credits/reverse': {
    auth: 'secret';
    query: never;
    body: {
      /** The app's own id for the customer. Required with a secret key; must match a customer token's customer. */
      customer: string;
      /** The key the consume was made with */
      idempotency_key: string;
    };
    response: CreditsHistoryResponseData & { duplicate: boolean; };
  };
  /** Turn a customer's auto top-up on or off: below the threshold, the pack is bought off-session on the saved card, once per crossing */
  'POST credits/top-up': {
    auth: 'secret';
    query: never;
    body: {
      /** The app's own id for the customer. Required with a secret key; must match a customer token's customer. */
      customer: string;
      /** A credit system key from the config (default: the only one) */
      system?: string;
      enabled: boolean;
      /** Credits, at most six decimals (kept as integer micro-credits) */
      threshold?: number;
      pack?: string;
    };
    response: {
      customer: string;
      system: string;
      enabled: boolean;
      threshold: number;
      pack: string;
      top_up_due: boolean;
    };
  };
  /** Customers, newest first */
  'GET customers': { auth: 'secret'; query: CustomersQuery; body: never; response: unknown; };
  /** Get or create the billing customer for an app id (one Stripe customer per id, race-safe) */
  'POST customers': {
    auth: 'secret';
    query: never;
    body: {
      /** The app's own id for the customer. Required with a secret key; must match a customer token's customer. */
      customer: string;
      email?: string;
      name?: string;
      metadata?: Record<string, string>;
      /** Used when this call creates the customer (default UTC); change it with POST customers/{id} */
      time_zone?: string;
      /** The currency checkout bills this customer in (one of a plan's currencies); used when this call creates the customer */
      currency?: string;
    };
    response: unknown;
  };
  /** One customer by the app's id */
  'GET customers/:id': { auth: 'secret'; query: AdminCustomersIdOverviewQuery; body: never; response: unknown; };
  /** Update a customer: its time zone, in effect at once (a usage allowance belongs to a local date, whichever zone reads it) */
  'POST customers/:id': {
    auth: 'secret';
    query: AdminCustomersIdOverviewQuery;
    body: {
      /** The zone of the customer's calendar usage windows (features with timeZone: 'customer'): UTC or an IANA name such as Europe/Paris */
      time_zone: string;
    };
    response: unknown;
  };
  /** Add a discount to a customer's live subscription: a coupon from the config, or a promotion code */
  'POST discounts': {
    auth: 'secret';
    query: never;
    body: {
      /** The app's own id for the customer. Required with a secret key; must match a customer token's customer. */
      customer: string;
      /** A coupon key from the config (coupons); or give promotion_code */
      coupon?: string;
      /** A customer-facing promotion code (LAUNCH20), case-insensitive; expired or used-up codes are refused */
      promotion_code?: string;
    };
    response: DiscountsResponse;
  };
  /** Stripe events received (the webhook ledger), newest first */
  'GET events': { auth: 'secret'; query: CustomersQuery & { type?: string; }; body: never; response: unknown; };
  /** Lower a gauge (an agent was deleted); never below zero */
  'POST gauges/decrement': { auth: 'secret'; query: never; body: GaugesDecrementBody; response: GaugesDecrementResponse; };
  /** Raise a gauge (an agent was created); refused with 403 limit_reached past the plan's cap, atomically */
  'POST gauges/increment': { auth: 'secret'; query: never; body: GaugesDecrementBody; response: GaugesDecrementResponse; };
  /** Set a gauge to the app's own count (idempotent: the way to resynchronise); a value above the plan's cap is recorded, and check then answers limit_reached */
  'POST gauges/set': {
    auth: 'secret';
    query: never;
    body: {
      /** The app's own id for the customer. Required with a secret key; must match a customer token's customer. */
      customer: string;
      /** A gauge feature key from the config, e.g. "agents" */
      feature: string;
      /** The new value */
      value: number;
    };
    response: GaugesDecrementResponse;
  };
  /** The customer's invoices, newest first */
  'GET invoices': {
    auth: 'customer';
    query: CustomersQuery & Customer;
    body: never;
    response: {
      data: {
        id: string;
        number: string | null;
        status: string | null;
        currency: string;
        total: number;
        /** The amount for people, e.g. "$15.00" */
        total_formatted: string;
        amount_due: number;
        amount_paid: number;
        amount_remaining: number;
        hosted_invoice_url: string | null;
        invoice_pdf: string | null;
        created_at: string;
      }[];
    };
  };
  /** The customer's licenses with their keys, newest first */
  'GET licenses': { auth: 'customer'; query: CustomersQuery & Customer; body: never; response: AdminLicensesResponse; };
  /** Activate an instance on a license (refused over its activation limit; activating it again answers the same activation) */
  'POST licenses/activate': {
    auth: 'license';
    query: never;
    body: {
      /** The license key (`tg_lic.<kid>.<payload>.<signature>`) */
      key: string;
      /** The instance: a machine fingerprint, a deployment id */
      instance: string;
      /** A label people read */
      name?: string;
    };
    response: {
      activation: { id: string; instance: string; name: string | null; created_at: string; };
      created: boolean;
      license: AdminLicensesResponseData;
    };
  };
  /** Free an instance's activation */
  'POST licenses/deactivate': {
    auth: 'license';
    query: never;
    body: {
      /** The license key (`tg_lic.<kid>.<payload>.<signature>`) */
      key: string;
      /** The instance: a machine fingerprint, a deployment id */
      instance: string;
    };
    response: { deactivated: boolean; license: AdminLicensesResponseData; };
  };
  /** The public keys license keys and leases verify with (the active key and those still verifying after a rotation) */
  'GET licenses/keys': { auth: 'public'; query: never; body: never; response: { keys: { kid: string; algorithm: 'Ed25519'; public_key: string; status: string; }[]; }; };
  /** Validate a license key: status, features, expiry, activation usage and a reason code; optionally a lease (a short-lived signed license file) */
  'POST licenses/validate': {
    auth: 'license';
    query: never;
    body: {
      /** The license key (`tg_lic.<kid>.<payload>.<signature>`) */
      key: string;
      /** Valid only if this instance is activated */
      instance?: string;
      /** Also return a lease signed for `licenses.leaseTtlSeconds` (when valid) */
      lease?: boolean;
    };
    response: {
      valid: boolean;
      code: 'valid' | 'not_found' | 'expired' | 'suspended' | 'revoked' | 'too_many_activations' | 'not_activated';
      license: AdminLicensesResponseData | null;
      lease?: { token: string; expires_at: string; };
    };
  };
  /** New and churned subscriptions and the churn rate over [from, to) */
  'GET metrics/churn': {
    auth: 'secret';
    query: { from: string; to: string; };
    body: never;
    response: {
      from: string;
      to: string;
      at_start: number;
      new: number;
      churned: number;
      churn_rate: number | null;
    };
  };
  /** Credit revenue per currency: sold, deferred (paid credit not yet used), recognized, breakage (expired unused); MRR is not affected */
  'GET metrics/credits': {
    auth: 'secret';
    query: never;
    body: never;
    response: {
      data: { currency: string; sold: number; deferred: number; recognized: number; breakage: number; }[];
    };
  };
  /** MRR movements, newest first */
  'GET metrics/movements': {
    auth: 'secret';
    query: {
      from?: string;
      to?: string;
      kind?: 'new' | 'expansion' | 'contraction' | 'churn' | 'reactivation';
      plan?: string;
      currency?: string;
      /** 1 to 500, default 50 */
      limit?: number;
    };
    body: never;
    response: unknown;
  };
  /** MRR and ARR per currency, with the subscriptions counted */
  'GET metrics/mrr': {
    auth: 'secret';
    query: never;
    body: never;
    response: {
      data: {
        currency: string;
        mrr: number;
        /** The amount for people, e.g. "$15.00" */
        mrr_formatted: string;
        arr: number;
        /** The amount for people, e.g. "$15.00" */
        arr_formatted: string;
        subscriptions: number;
      }[];
    };
  };
  /** Daily MRR and paying subscriptions per currency over whole UTC days, with each day's movements by kind */
  'GET metrics/mrr/history': {
    auth: 'secret';
    query: MetricsMrrHistoryQuery;
    body: never;
    response: {
      from: string;
      to: string;
      series: {
        currency: string;
        days: {
          date: string;
          mrr: number;
          subscribers: number;
          new: number;
          expansion: number;
          contraction: number;
          churn: number;
          reactivation: number;
        }[];
      }[];
    };
  };
  /** MRR and ARR at the start and end of a range, movements by kind, churned subscriptions and net revenue retention, per currency */
  'GET metrics/revenue': {
    auth: 'secret';
    query: MetricsMrrHistoryQuery;
    body: never;
    response: {
      from: string;
      to: string;
      data: {
        currency: string;
        mrr_start: number;
        mrr_end: number;
        arr_end: number;
        subscribers_start: number;
        subscribers_end: number;
        new: number;
        expansion: number;
        contraction: number;
        churn: number;
        reactivation: number;
        churned: number;
        nrr: number | null;
      }[];
    };
  };
  /** Subscriptions by plan and status */
  'GET metrics/subscriptions': { auth: 'secret'; query: { include_canceled?: 'true' | 'false'; }; body: never; response: { data: { plan_key: string | null; status: string; count: number; }[]; }; };
  /** The customer's cards (brand, last 4, expiry), the default first */
  'GET payment-methods': {
    auth: 'customer';
    query: Customer;
    body: never;
    response: {
      data: {
        id: string;
        type: string;
        brand: string | null;
        last4: string | null;
        exp_month: number | null;
        exp_year: number | null;
        is_default: boolean;
      }[];
    };
  };
  /** The plans on offer (hidden ones left out): prices in minor units with their currency, what each plan grants, trial days. Public: no credential */
  'GET plans': {
    auth: 'public';
    query: never;
    body: never;
    response: {
      currency: string;
      data: {
        /** The plan key to pass to checkout and subscription/change */
        key: string;
        name: string;
        description: string | null;
        /** Self-serve prices, per seat when per_seat; empty for free and custom plans */
        prices: {
          interval: 'month' | 'year';
          /** Minor units (1500 = $15.00 in usd) */
          amount: number;
          currency: string;
          /** The amount for people, e.g. "$15.00" */
          amount_formatted: string;
        }[];
        per_seat: boolean;
        /** Priced by sales: no self-serve price */
        custom: boolean;
        trial_days: number | null;
        /** The plan of customers without a subscription */
        default: boolean;
        highlights: string[];
        features: {
          feature: string;
          name: string;
          type: 'boolean' | 'metered' | 'gauge';
          unit: string | null;
          /** When a metered allowance starts again */
          reset: 'day' | 'week' | 'month' | 'billing_period' | null;
          /** In the plan at all */
          included: boolean;
          /** Units included (metered) or the cap (gauge); null when unlimited or boolean */
          limit: number | null;
          unlimited: boolean;
          /** Price of each `per` units beyond the limit */
          overage: {
            per: number;
            /** Minor units (1500 = $15.00 in usd) */
            amount: number;
            currency: string;
            /** The amount for people, e.g. "$15.00" */
            amount_formatted: string;
            /** Tiered overage: the units beyond the limit priced by these tiers (amount is the first tier's unit amount) */
            tiers?: {
              mode: 'graduated' | 'volume';
              tiers: { up_to: number | null; unit_amount: number; flat_amount: number; }[];
            };
          } | null;
        }[];
      }[];
    };
  };
  /** Open a customer portal session; redirect the browser to url */
  'GET portal': { auth: 'customer'; query: PortalQuery & Customer; body: never; response: { id: string; url: string; }; };
  /** Open a customer portal session; redirect the browser to url */
  'POST portal': { auth: 'customer'; query: never; body: PortalQuery & Customer; tokenBody: Pick<TollgateRoutes['POST portal']['body'], 'return_url'>; response: { id: string; url: string; }; };
  /** One-time purchases, newest first */
  'GET purchases': {
    auth: 'secret';
    query: CustomersQuery & {
      /** The app's own id for the customer. Required with a secret key; must match a customer token's customer. */
      customer?: string;
    };
    body: never;
    response: unknown;
  };
  /** Does the customer own a one-time product (product) or an item the app named in the purchase metadata (metadata_key + metadata_value)? Paid and not refunded */
  'GET purchases/owned': {
    auth: 'customer';
    query: {
      /** A one-time product key from the config */
      product?: string;
      /** A metadata key the app set on the purchase, e.g. agent_id */
      metadata_key?: string;
      /** Its value, e.g. agt_123 */
      metadata_value?: string;
    } & Customer;
    body: never;
    response: {
      owned: boolean;
      purchase: {
        id: string;
        product_key: string | null;
        currency: string | null;
        amount_total: number | null;
        completed_at: string | null;
        metadata: Record<string, string>;
      } | null;
    };
  };
  /** Who the credential acts for */
  'GET session': { auth: 'customer'; query: Customer; body: never; response: { customer: string; credential: 'secret_key' | 'customer_token' | 'app'; }; };
  /** The customer's current subscription from the local mirror (null when on the free/default plan) */
  'GET subscription': { auth: 'customer'; query: Customer; body: never; response: { subscription: Subscription | null; }; };
  /** Cancel at the end of the paid period (at_period_end: false ends it now) */
  'POST subscription/cancel': {
    auth: 'customer';
    query: never;
    body: {
      /** Default true */
      at_period_end?: boolean;
      /** With at_period_end: false, credit the unused time. Secret key only (a money decision) */
      prorate?: boolean;
    } & Customer;
    tokenBody: Pick<TollgateRoutes['POST subscription/cancel']['body'], 'at_period_end'>;
    response: DiscountsResponse;
  };
  /** Change plan or interval: upgrades now with proration, downgrades at period end */
  'POST subscription/change': {
    auth: 'customer';
    query: never;
    body: SubscriptionChangeBody & Customer;
    tokenBody: Pick<TollgateRoutes['POST subscription/change']['body'], 'plan' | 'interval' | 'seats' | 'when'>;
    response: {
      direction: 'upgrade' | 'downgrade';
      effective: 'now' | 'period_end';
      /** For a change at period end: when it happens */
      effective_at: string | null;
      /** For a change at period end: the subscription schedule that carries it */
      schedule_id: string | null;
      subscription: Subscription;
    };
  };
  /** What a plan change would cost, before making it */
  'POST subscription/change/preview': { auth: 'customer'; query: never; body: SubscriptionChangeBody & Customer; tokenBody: Pick<TollgateRoutes['POST subscription/change/preview']['body'], 'plan' | 'interval' | 'seats' | 'when'>; response: unknown; };
  /** Undo a cancelation at period end */
  'POST subscription/resume': { auth: 'customer'; query: never; body: Customer; tokenBody: Record<string, never>; response: DiscountsResponse; };
  /** Change the seat count of a per-seat plan (prorated) */
  'POST subscription/seats': { auth: 'customer'; query: never; body: { seats: number; } & Customer; tokenBody: Pick<TollgateRoutes['POST subscription/seats']['body'], 'seats'>; response: DiscountsResponse; };
  /** Start a plan's free trial without a card (plans with trialWithoutCard; first-time subscribers only) */
  'POST subscription/trial': {
    auth: 'customer';
    query: never;
    body: {
      /** A plan key whose config has trialDays and trialWithoutCard */
      plan: string;
      interval?: 'month' | 'year';
    } & Customer;
    tokenBody: Pick<TollgateRoutes['POST subscription/trial']['body'], 'plan' | 'interval'>;
    response: DiscountsResponse;
  };
  /** Subscriptions, newest first (filter by status, plan, customer) */
  'GET subscriptions': {
    auth: 'secret';
    query: CustomersQuery & {
      status?: string;
      plan?: string;
      /** The app's own id for the customer. Required with a secret key; must match a customer token's customer. */
      customer?: string;
    };
    body: never;
    response: unknown;
  };
  /** Mint a short-lived token a browser can use for one customer */
  'POST tokens': {
    auth: 'secret';
    query: never;
    body: {
      /** The app's own id for the customer. Required with a secret key; must match a customer token's customer. */
      customer: string;
      /** Lifetime, default 3600 */
      ttl_seconds?: number;
    };
    response: { token: string; customer: string; expires_at: string; };
  };
  /** Record usage that happened (never refused; use consume to enforce a limit) */
  'POST track': { auth: 'customer'; query: never; body: TrackBody & Customer; tokenBody: Pick<TollgateRoutes['POST track']['body'], 'feature' | 'amount' | 'idempotency_key' | 'timestamp' | 'properties'>; response: Event; };
  /** Record up to 1000 events for the customer in one call (all or nothing) */
  'POST track/batch': { auth: 'customer'; query: never; body: { events: TrackBody[]; } & Customer; tokenBody: Pick<TollgateRoutes['POST track/batch']['body'], 'events'>; response: { events: Event[]; recorded: number; duplicates: number; }; };
  /** Where the customer stands on every metered feature and gauge (for a usage meter) */
  'GET usage': { auth: 'customer'; query: Customer; body: never; response: { customer: string; plan: string | null; features: CheckResponse[]; }; };
  /** A metered feature's usage per UTC day over the last days (default 30), today last; for a usage chart */
  'GET usage/history': {
    auth: 'customer';
    query: {
      /** A metered feature key from the config, e.g. "messages" */
      feature: string;
      /** 1 to 90, default 30 */
      days?: number;
    } & Customer;
    body: never;
    response: { customer: string; feature: string; days: { date: string; used: number; }[]; };
  };
  /** Record usage (same as POST track) */
  'POST usage/record': { auth: 'customer'; query: never; body: TrackBody & Customer; tokenBody: Pick<TollgateRoutes['POST usage/record']['body'], 'feature' | 'amount' | 'idempotency_key' | 'timestamp' | 'properties'>; response: Event; };
  /** Take back a tracked or consumed event by its idempotency key: a reversal event in the original's window (once) */
  'POST usage/reverse': {
    auth: 'secret';
    query: never;
    body: {
      /** The app's own id for the customer. Required with a secret key; must match a customer token's customer. */
      customer: string;
      /** The key the event was recorded with */
      idempotency_key: string;
    };
    response: unknown;
  };
  /** List enabled endpoints */
  'GET webhook-endpoints': {
    auth: 'secret';
    query: never;
    body: never;
    response: {
      data: { id: string; url: string; events: string[]; created_at: string; disabled_at: string | null; }[];
    };
  };
  /** Register an endpoint; the answer carries its signing secret (shown once). It receives messages from its creation on, or from replay_since */
  'POST webhook-endpoints': {
    auth: 'secret';
    query: never;
    body: {
      /** Refused at a loopback, private or link-local address unless the server allows private networks */
      url: string;
      /** Hook types; all when absent */
      events?: string[];
      /** Also send the messages created since this instant (default: none before the endpoint) */
      replay_since?: string;
    };
    response: {
      id: string;
      url: string;
      events: string[];
      created_at: string;
      disabled_at: string | null;
      secret: string;
      replayed: number;
    };
  };
  /** An endpoint's deliveries, newest first; failed=true keeps those given up after the last retry (replayable) */
  'GET webhook-endpoints/deliveries': {
    auth: 'secret';
    query: { id: string; failed?: 'true' | 'false'; limit?: number; };
    body: never;
    response: {
      data: {
        message_id: string;
        type: string;
        attempts: number;
        last_status: number | null;
        last_error: string | null;
        delivered_at: string | null;
        failed_at: string | null;
      }[];
    };
  };
  /** Stop delivering to an endpoint */
  'POST webhook-endpoints/disable': { auth: 'secret'; query: never; body: { id: string; }; response: { id: string; url: string; events: string[]; created_at: string; disabled_at: string | null; }; };
  /** Send messages to an endpoint again now, each with the full retry schedule: failed (given up), since an instant, or by message id */
  'POST webhook-endpoints/replay': {
    auth: 'secret';
    query: never;
    body: {
      /** The endpoint */
      id: string;
      /** Every delivery given up after its last retry */
      failed?: true;
      /** Every message created since this instant */
      since?: string;
      /** These messages (the webhook-id header the endpoint received) */
      message_ids?: string[];
    };
    response: { replayed: number; missing: string[]; };
  };
}
