/** The API's error body: `{ "error": { "code", "message", "param"?, ...details } }`. */
export interface ApiErrorBody {
  code: string;
  message: string;
  param?: string;
  [detail: string]: unknown;
}

/**
 * A request the Tollgate API refused (or could not answer). `code`, `message`
 * and `param` are the API's own; `details` holds any extra facts it sent
 * (for example `resets_at` on `limit_reached`). `status` is 0 when the
 * request never got an HTTP answer.
 */
export class TollgateApiError extends Error {
  readonly code: string;
  readonly param: string | undefined;
  readonly status: number;
  readonly requestId: string | undefined;
  readonly details: Record<string, unknown>;

  constructor(body: ApiErrorBody, status: number, requestId?: string) {
    super(body.message);
    this.name = 'TollgateApiError';
    const { code, message: _message, param, ...details } = body;
    this.code = code;
    this.param = param;
    this.status = status;
    this.requestId = requestId;
    this.details = details;
  }
}

function isErrorBody(value: unknown): value is { error: ApiErrorBody } {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const { error } = value;
  return typeof error === 'object' && error !== null && typeof (error as ApiErrorBody).code === 'string' && typeof (error as ApiErrorBody).message === 'string';
}

/** The error for a non-2xx response: the API's body when it sent one, else a generic one. */
export function errorFromResponse(status: number, body: unknown, requestId: string | undefined): TollgateApiError {
  if (isErrorBody(body)) return new TollgateApiError(body.error, status, requestId);
  return new TollgateApiError({ code: 'http_error', message: `Tollgate answered HTTP ${status}` }, status, requestId);
}

/** Anything thrown, as a TollgateApiError (network failures get code `network_error`). */
export function toApiError(error: unknown): TollgateApiError {
  if (error instanceof TollgateApiError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new TollgateApiError({ code: 'network_error', message }, 0);
}
