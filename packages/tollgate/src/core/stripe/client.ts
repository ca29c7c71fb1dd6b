import Stripe from 'stripe';

export interface StripeClientOptions {
  apiKey: string;
  /** Point the SDK somewhere other than api.stripe.com (the stripe-emulator). */
  baseUrl?: string | undefined;
  maxNetworkRetries?: number;
  timeoutMs?: number;
}

/**
 * The one place a Stripe client is constructed. Domain code receives it in
 * `deps.stripe`. With `baseUrl` (e.g. http://127.0.0.1:12111) the same SDK
 * talks to the stripe-emulator exactly as it talks to Stripe.
 */
export function createStripeClient(options: StripeClientOptions): Stripe {
  const config: Stripe.StripeConfig = {
    maxNetworkRetries: options.maxNetworkRetries ?? 2,
    timeout: options.timeoutMs ?? 30_000,
    appInfo: { name: 'tollgate', url: 'https://github.com/tollgate' },
  };
  if (options.baseUrl) {
    const url = new URL(options.baseUrl);
    config.host = url.hostname;
    config.port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
    config.protocol = url.protocol === 'https:' ? 'https' : 'http';
  }
  return new Stripe(options.apiKey, config);
}
