/**
 * The transport-neutral view of a request the app works on. `fetch(Request)` builds one from a
 * web Request; the Node listener builds one straight from `IncomingMessage`, so the hot path
 * never pays for constructing web Request/Response objects it does not need.
 */
export interface RawRequest {
  method: string;
  /** Path and query string: `/v1/customers?limit=3`. */
  target: string;
  /** `http://127.0.0.1:12111` */
  origin: string;
  /** A header by lower-case name. */
  header(name: string): string | null;
  /** The body as text (read once, then cached). */
  text(): Promise<string>;
  /** A web Request for the rare handler that wants one (built on demand from the read body). */
  toRequest(): Request;
}

/** A JSON answer, or a ready web Response (hosted pages, PDFs). */
export type RawResult = { status: number; headers: Record<string, string>; body: string } | Response;

export function rawFromRequest(request: Request): RawRequest {
  const url = new URL(request.url);
  return {
    method: request.method,
    target: url.pathname + url.search,
    origin: url.origin,
    header: (name) => request.headers.get(name),
    text: () => request.text(),
    toRequest: () => request,
  };
}

export function toResponse(result: RawResult): Response {
  return result instanceof Response ? result : new Response(result.body, { status: result.status, headers: result.headers });
}

/** Thrown by the app to drop the connection without an answer (fault injection); the Node listener destroys the socket. */
export class DroppedConnection extends Error {
  constructor() {
    super('connection dropped by fault injection');
    this.name = 'DroppedConnection';
  }
}
