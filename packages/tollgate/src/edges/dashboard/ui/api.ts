/** Calls to the engine's API through the dashboard's session (/admin/api/v1/*, see ../mount.ts). */

const csrf = () => document.querySelector<HTMLMetaElement>('meta[name="tollgate-csrf"]')?.content ?? '';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly param?: string,
  ) {
    super(message);
  }
}

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const response = await fetch(`/admin/api/v1/billing/${path}`, {
    method,
    credentials: 'same-origin',
    headers: method === 'POST' ? { 'content-type': 'application/json', 'x-tollgate-csrf': csrf() } : {},
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (response.status === 401) {
    window.location.assign('/admin/');
    throw new ApiError('signed out', 401);
  }
  const json = (await response.json().catch(() => ({}))) as { error?: { message?: string; param?: string } };
  if (!response.ok) throw new ApiError(json.error?.message ?? `HTTP ${response.status}`, response.status, json.error?.param);
  return json as T;
}

export const get = <T>(path: string, query: Record<string, string | undefined> = {}) => {
  const q = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));
  return call<T>('GET', q.size > 0 ? `${path}?${q}` : path);
};
export const post = <T>(path: string, body: unknown = {}) => call<T>('POST', path, body);
