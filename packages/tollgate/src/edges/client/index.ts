// The `tollgate/client` entry: types only (nothing runs), for front ends and
// other services that call the HTTP API. Generated from the route schemas
// (routes.generated.ts), so they are the API's own shapes, snake_case as sent.
import type { TollgateRoutes } from './routes.generated.ts';

export type { TollgateRoutes };

/** A route's name: `'<METHOD> <path below /api/v1/billing>'`, e.g. `'POST consume'`. */
export type RouteName = keyof TollgateRoutes;
/** The query parameters of a route (`never` for a POST). */
export type RouteQuery<R extends RouteName> = TollgateRoutes[R]['query'];
/** The JSON body of a route, as a secret key sends it (`never` for a GET). */
export type RouteBody<R extends RouteName> = TollgateRoutes[R]['body'];
/** The JSON body of a customer route as a customer token (a browser) may send it: no secret-only field. */
export type TokenBody<R extends RouteName> = TollgateRoutes[R] extends { tokenBody: infer B } ? B : never;
/** The JSON answer of a route on success. */
export type RouteResponse<R extends RouteName> = TollgateRoutes[R]['response'];

/** The body of every error: `{ "error": { "code", "message", "param"?, ...details } }`. */
export interface ApiErrorBody {
  error: {
    code: string;
    message: string;
    /** The request field the error is about. */
    param?: string;
    [detail: string]: unknown;
  };
}

/** Where the customer stands on one feature (`POST check`, each entry of `GET usage`). */
export type Entitlement = RouteResponse<'POST check'>;
/** `POST consume`: the entitlement after counting, and the usage event recorded. */
export type ConsumeResult = RouteResponse<'POST consume'>;
/** `GET usage`: the plan and every feature's entitlement. */
export type Usage = RouteResponse<'GET usage'>;
/** A subscription as the API shows it (`GET subscription`). */
export type Subscription = NonNullable<RouteResponse<'GET subscription'>['subscription']>;
/** `GET plans`: the plans on offer, in config order. */
export type PlanCatalogue = RouteResponse<'GET plans'>;
/** A plan on offer. */
export type CataloguePlan = PlanCatalogue['data'][number];
/** `POST checkout/session`: where to send the browser. */
export type CheckoutSession = RouteResponse<'POST checkout/session'>;
/** `POST checkout/sync`: the finished Checkout Session, applied to the mirror. */
export type CheckoutSync = RouteResponse<'POST checkout/sync'>;
/** `POST subscription/change`. */
export type PlanChange = RouteResponse<'POST subscription/change'>;
/** `GET portal` / `POST portal`. */
export type PortalSession = RouteResponse<'POST portal'>;
/** One invoice of `GET invoices`. */
export type Invoice = RouteResponse<'GET invoices'>['data'][number];
/** One card of `GET payment-methods`. */
export type PaymentMethod = RouteResponse<'GET payment-methods'>['data'][number];
