import { errorFromResponse, toApiError } from './errors.ts';
import type {
  BuyCreditsInput,
  ChangePlanInput,
  CheckoutInput,
  CheckoutSession,
  CheckoutSync,
  ConsumeInput,
  ConsumeResult,
  CreditBalance,
  CreditPurchase,
  Entitlement,
  Invoice,
  PaymentMethod,
  PlanCatalogue,
  Ownership,
  OwnershipQuery,
  PlanChange,
  PortalSession,
  Subscription,
  Usage,
  UsageHistory,
  PurchaseInput,
  PurchaseSession,
} from './types.ts';

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface TollgateClientOptions {
  /** Where the engine serves its API, e.g. `https://billing.example.com` or `/` (same origin). */
  baseUrl: string;
  /** A customer token from your backend (`POST /api/v1/billing/tokens`). Called again after a 401. */
  getToken: () => Promise<string> | string;
  /** Defaults to the global `fetch`. */
  fetch?: FetchLike;
}

export interface TollgateClient {
  getSubscription(): Promise<Subscription | null>;
  getUsage(): Promise<Usage>;
  check(feature: string, amount?: number): Promise<Entitlement>;
  consume(input: ConsumeInput): Promise<ConsumeResult>;
  createCheckoutSession(input: CheckoutInput): Promise<CheckoutSession>;
  /** From the success page: apply the finished session now, before Stripe's webhook arrives. */
  syncCheckoutSession(sessionId: string): Promise<CheckoutSync>;
  createPortalSession(returnUrl: string): Promise<PortalSession>;
  changePlan(input: ChangePlanInput): Promise<PlanChange>;
  listInvoices(limit?: number): Promise<Invoice[]>;
  listPaymentMethods(): Promise<PaymentMethod[]>;
  /** The plans on offer (`GET plans`): public, sent without a token. */
  listPlans(): Promise<PlanCatalogue>;
  /** The customer's credit balance (`GET credits/balance`). */
  getCredits(system?: string): Promise<CreditBalance>;
  /** Hosted Checkout for a pack of credits from the config (`POST credits/purchase`). */
  buyCredits(input: BuyCreditsInput): Promise<CreditPurchase>;
  /** A metered feature's usage per UTC day, today last (`GET usage/history`, default 30 days). */
  getUsageHistory(feature: string, days?: number): Promise<UsageHistory>;
  /** Does the customer own a one-time product, or an item the app named in the purchase's metadata? (`GET purchases/owned`) */
  getOwnership(query: OwnershipQuery): Promise<Ownership>;
  /** Hosted Checkout for a one-time product of the config (`POST checkout/purchase`). */
  createPurchaseSession(input: PurchaseInput): Promise<PurchaseSession>;
}

const query = (params: Record<string, string | number | undefined>) => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) search.set(key, String(value));
  return search.toString();
};

const API_PATH = 'api/v1/billing/';

/** `https://x.example/tollgate` + `usage` -> `https://x.example/tollgate/api/v1/billing/usage`; a relative base stays relative to the page. */
export function apiUrl(baseUrl: string, path: string): string {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return `${base}${API_PATH}${path}`;
}

/** A typed client for the customer-scoped routes. Errors are thrown as TollgateApiError. */
export function createTollgateClient(options: TollgateClientOptions): TollgateClient {
  const fetcher: FetchLike = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
  let token: Promise<string> | undefined;
  const currentToken = () =>
    (token ??= Promise.resolve(options.getToken()).catch((e: unknown) => {
      token = undefined;
      throw toApiError(e);
    }));

  async function send(method: 'GET' | 'POST', path: string, body: unknown, retried = false, credential = true): Promise<unknown> {
    const used = credential ? currentToken() : undefined;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (used) headers.authorization = `Bearer ${await used}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetcher(apiUrl(options.baseUrl, path), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (e) {
      throw toApiError(e);
    }
    const parsed: unknown = await response.json().catch(() => undefined);
    if (response.ok) return parsed;
    if (response.status === 401 && used && !retried) {
      // The token expired or was revoked: ask the app's backend for a fresh one, once
      // (requests that failed together share the one new token).
      if (token === used) token = undefined;
      return send(method, path, body, true);
    }
    throw errorFromResponse(response.status, parsed, response.headers.get('x-request-id') ?? undefined);
  }
  const get = <T>(path: string) => send('GET', path, undefined) as Promise<T>;
  const post = <T>(path: string, body: unknown) => send('POST', path, body) as Promise<T>;

  return {
    getSubscription: async () => (await get<{ subscription: Subscription | null }>('subscription')).subscription,
    getUsage: () => get<Usage>('usage'),
    check: (feature, amount) => post<Entitlement>('check', { feature, amount }),
    consume: (input) => post<ConsumeResult>('consume', input),
    createCheckoutSession: (input) => post<CheckoutSession>('checkout/session', input),
    syncCheckoutSession: (sessionId) => post<CheckoutSync>('checkout/sync', { session_id: sessionId }),
    createPortalSession: (returnUrl) => post<PortalSession>('portal', { return_url: returnUrl }),
    changePlan: (input) => post<PlanChange>('subscription/change', input),
    listInvoices: async (limit) => (await get<{ data: Invoice[] }>(`invoices${limit !== undefined ? `?limit=${limit}` : ''}`)).data,
    listPaymentMethods: async () => (await get<{ data: PaymentMethod[] }>('payment-methods')).data,
    listPlans: () => send('GET', 'plans', undefined, false, false) as Promise<PlanCatalogue>,
    getCredits: (system) => get<CreditBalance>(`credits/balance${system !== undefined ? `?system=${encodeURIComponent(system)}` : ''}`),
    buyCredits: (input) =>
      post<CreditPurchase>('credits/purchase', {
        pack: input.pack,
        success_url: input.success_url,
        cancel_url: input.cancel_url,
        system: input.system,
        customer_email: input.customer_email,
      }),
    getUsageHistory: (feature, days) => get<UsageHistory>(`usage/history?${query({ feature, days })}`),
    getOwnership: (q) =>
      get<Ownership>(
        `purchases/owned?${'product' in q ? query({ product: q.product }) : query({ metadata_key: q.metadataKey, metadata_value: q.metadataValue })}`,
      ),
    createPurchaseSession: (input) => post<PurchaseSession>('checkout/purchase', input),
  };
}
