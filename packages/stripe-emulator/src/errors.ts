/** Stripe's error shape: `{ error: { type, code?, message, param?, decline_code? } }`. */
export interface StripeErrorBody {
  error: {
    type: 'invalid_request_error' | 'api_error' | 'card_error' | 'idempotency_error' | 'rate_limit_error' | 'authentication_error';
    message: string;
    code?: string;
    param?: string;
    decline_code?: string;
  };
}

export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
  ) {
    super(body.error.message);
    this.name = 'StripeApiError';
  }
}

export function invalidRequest(message: string, param?: string, code = 'parameter_invalid'): StripeApiError {
  return new StripeApiError(400, {
    error: { type: 'invalid_request_error', message, code, ...(param ? { param } : {}) },
  });
}

export function resourceMissing(kind: string, id: string, param = 'id'): StripeApiError {
  return new StripeApiError(404, {
    error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such ${kind}: '${id}'`, param },
  });
}
