/** Stripe's error shape: `{ error: { type, code?, message, param?, decline_code? } }`. */
export interface StripeErrorBody {
  error: {
    type: 'invalid_request_error' | 'api_error' | 'card_error' | 'idempotency_error' | 'rate_limit_error' | 'authentication_error';
    message: string;
    code?: string;
    param?: string;
    decline_code?: string;
    charge?: string;
    payment_intent?: unknown;
    setup_intent?: unknown;
    request_log_url?: string;
  };
}

export class StripeApiError extends Error {
  /** When true the request's writes are kept although it answers with an error (a declined payment is recorded). */
  keepChanges = false;
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
  ) {
    super(body.error.message);
    this.name = 'StripeApiError';
  }
}

export function invalidRequest(message: string, param?: string, code?: string): StripeApiError {
  return new StripeApiError(400, {
    error: { type: 'invalid_request_error', message, ...(code ? { code } : {}), ...(param ? { param } : {}) },
  });
}

export function resourceMissing(kind: string, id: string, param = 'id'): StripeApiError {
  return new StripeApiError(404, {
    error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such ${kind}: '${id}'`, param },
  });
}

export function cardError(message: string, code: string, declineCode: string | null, extra: Partial<StripeErrorBody['error']> = {}): StripeApiError {
  return new StripeApiError(402, {
    error: { type: 'card_error', message, code, ...(declineCode ? { decline_code: declineCode } : {}), ...extra },
  });
}

export function idempotencyError(key: string): StripeApiError {
  return new StripeApiError(400, {
    error: {
      type: 'idempotency_error',
      message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
    },
  });
}

export function rateLimited(): StripeApiError {
  return new StripeApiError(429, {
    error: {
      type: 'rate_limit_error',
      code: 'rate_limit',
      message: 'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.',
    },
  });
}

/** Marks an error as one that keeps what the request wrote (Stripe records failed payment attempts). */
export function keepingChanges(error: StripeApiError): StripeApiError {
  error.keepChanges = true;
  return error;
}
