/**
 * Tollgate's HTTP API (`/api/v1/billing`) as this package uses it: names for
 * the request and response shapes of the engine's `tollgate/client` contract
 * (generated from its route schemas by `npm run generate:client`), snake_case
 * as sent. The import is types only: the build copies the contract
 * (`tollgate/client` and the routes it names) into `dist/client/` and points
 * this import at it (`scripts/inline-import.mjs`), so the published package
 * needs no `tollgate`.
 */
import type { CataloguePlan, ConsumeResult, Entitlement, RouteResponse, TokenBody } from 'tollgate/client';

// The shapes the engine's contract names itself, under the same names.
export type {
  CataloguePlan,
  CheckoutSession,
  CheckoutSync,
  ConsumeResult,
  Entitlement,
  Invoice,
  PaymentMethod,
  PlanCatalogue,
  PlanChange,
  PortalSession,
  Subscription,
  TollgateRoutes,
  Usage,
} from 'tollgate/client';

export type Interval = 'month' | 'year';

export type DenialCode = NonNullable<Entitlement['code']>;

export type UsageEvent = ConsumeResult['event'];

/**
 * What a browser (customer token) may choose at checkout: what the config
 * offers, a plan by its key. Trial length, raw prices, metadata and promotion
 * switches are the operator's (a secret key, or the config); the engine
 * refuses them with 403, and they are not in this type.
 */
export type CheckoutInput = TokenBody<'POST checkout/session'> & { plan: string };

export type ChangePlanInput = TokenBody<'POST subscription/change'>;

export type ConsumeInput = TokenBody<'POST consume'>;

/** One price of a plan: minor units of `currency`, per seat when the plan is `per_seat`. */
export type CataloguePrice = CataloguePlan['prices'][number];

/** What a plan grants for one feature. */
export type CatalogueFeature = CataloguePlan['features'][number];

/** `GET credits/balance`: available credits, the period's spend and cap, live grants in burn order. */
export type CreditBalance = RouteResponse<'GET credits/balance'>;

/** One grant of credits (`GET credits/balance`, `GET credits/grants`). */
export type CreditGrant = CreditBalance['grants'][number];

/**
 * What a browser (customer token) may choose when buying credits: a pack the
 * config offers. Custom amounts are the operator's (a secret key); the engine
 * refuses them from a token with 403, and they are not in this type.
 */
export type BuyCreditsInput = TokenBody<'POST credits/purchase'>;

export type CreditPurchase = RouteResponse<'POST credits/purchase'>;

/** `GET usage/history`: a metered feature's usage per UTC day, oldest first, today last. */
export type UsageHistory = RouteResponse<'GET usage/history'>;

/** `GET purchases/owned`: whether the customer owns it, and the paid purchase that makes it so. */
export type Ownership = RouteResponse<'GET purchases/owned'>;

/** What to ask about: a one-time product of the config, or an item the app named in the purchase's metadata (`agent_id` = `agt_1`). */
export type OwnershipQuery = { product: string } | { metadataKey: string; metadataValue: string };

/** What a browser may buy itself: a one-time product of the config (ad-hoc amounts are the app server's, with a secret key). */
export type PurchaseInput = TokenBody<'POST checkout/purchase'> & { product: string };

export type PurchaseSession = RouteResponse<'POST checkout/purchase'>;
