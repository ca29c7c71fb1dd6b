/**
 * Tollgate's HTTP API (`/api/v1/billing`) as this package uses it: names for
 * the request and response shapes of the engine's `tollgate/client` contract
 * (generated from its route schemas by `npm run generate:client`), snake_case
 * as sent. The import is types only: the build copies the contract into
 * `dist/client/routes.generated.d.ts` and points this import at it
 * (`scripts/inline-import.mjs`), so the published package needs no `tollgate`.
 */
import type { TollgateRoutes } from 'tollgate/client';

export type { TollgateRoutes };

type Response<R extends keyof TollgateRoutes> = TollgateRoutes[R]['response'];
type FromToken<R extends keyof TollgateRoutes> = TollgateRoutes[R] extends { tokenBody: infer B } ? B : never;

export type Interval = 'month' | 'year';

/** A subscription as the API shows it (`GET subscription`). */
export type Subscription = NonNullable<Response<'GET subscription'>['subscription']>;

/** Where the customer stands on one feature (`POST check`, and each entry of `GET usage`). */
export type Entitlement = Response<'POST check'>;

export type DenialCode = NonNullable<Entitlement['code']>;

/** `GET usage`: the plan and every feature's entitlement. */
export type Usage = Response<'GET usage'>;

/** `POST consume`: the entitlement after counting, and the usage event recorded. */
export type ConsumeResult = Response<'POST consume'>;

export type UsageEvent = ConsumeResult['event'];

export type CheckoutSession = Response<'POST checkout/session'>;

/** `POST checkout/sync`: the finished Checkout Session, applied to the mirror. */
export type CheckoutSync = Response<'POST checkout/sync'>;

export type PortalSession = Response<'POST portal'>;

export type PlanChange = Response<'POST subscription/change'>;

export type Invoice = Response<'GET invoices'>['data'][number];

export type PaymentMethod = Response<'GET payment-methods'>['data'][number];

/**
 * What a browser (customer token) may choose at checkout: what the config
 * offers, a plan by its key. Trial length, raw prices, metadata and promotion
 * switches are the operator's (a secret key, or the config); the engine
 * refuses them with 403, and they are not in this type.
 */
export type CheckoutInput = FromToken<'POST checkout/session'> & { plan: string };

export type ChangePlanInput = FromToken<'POST subscription/change'>;

export type ConsumeInput = FromToken<'POST consume'>;

/** `GET plans`: the engine config's plans on offer, in config order. */
export type PlanCatalogue = Response<'GET plans'>;

/** A plan on offer, as `GET plans` sends it. */
export type CataloguePlan = PlanCatalogue['data'][number];

/** One price of a plan: minor units of `currency`, per seat when the plan is `per_seat`. */
export type CataloguePrice = CataloguePlan['prices'][number];

/** What a plan grants for one feature. */
export type CatalogueFeature = CataloguePlan['features'][number];

/** `GET credits/balance`: available credits, the period's spend and cap, live grants in burn order. */
export type CreditBalance = Response<'GET credits/balance'>;

/** One grant of credits (`GET credits/balance`, `GET credits/grants`). */
export type CreditGrant = CreditBalance['grants'][number];

/**
 * What a browser (customer token) may choose when buying credits: a pack the
 * config offers. Custom amounts are the operator's (a secret key); the engine
 * refuses them from a token with 403, and they are not in this type.
 */
export type BuyCreditsInput = FromToken<'POST credits/purchase'>;

export type CreditPurchase = Response<'POST credits/purchase'>;

/** `GET usage/history`: a metered feature's usage per UTC day, oldest first, today last. */
export type UsageHistory = Response<'GET usage/history'>;

/** `GET purchases/owned`: whether the customer owns it, and the paid purchase that makes it so. */
export type Ownership = Response<'GET purchases/owned'>;

/** What to ask about: a one-time product of the config, or an item the app named in the purchase's metadata (`agent_id` = `agt_1`). */
export type OwnershipQuery = { product: string } | { metadataKey: string; metadataValue: string };

/** What a browser may buy itself: a one-time product of the config (ad-hoc amounts are the app server's, with a secret key). */
export type PurchaseInput = FromToken<'POST checkout/purchase'> & { product: string };

export type PurchaseSession = Response<'POST checkout/purchase'>;
