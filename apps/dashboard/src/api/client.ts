import type { ErrorBody, ErrorDetail } from '@lead-scoring/contracts';

export type QueryValue = string | number | boolean | null | undefined;
export type QueryParams = Readonly<Record<string, QueryValue>>;

/** Joins a gateway base URL (which may carry a path prefix) and an API path, dropping empty query values. */
export function buildUrl(baseUrl: string, path: string, query: QueryParams = {}): string {
  const url = new URL(`${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`);
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, String(value));
  }
  return url.toString();
}

/** Status 0 means no HTTP answer at all: the gateway is down, unreachable or refused by CORS. */
export const NO_RESPONSE = 0;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: readonly ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function isUnauthorized(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401;
}

function isErrorBody(body: unknown): body is ErrorBody {
  if (typeof body !== 'object' || body === null) return false;
  const candidate = body as Record<string, unknown>;
  return typeof candidate['error'] === 'string' && typeof candidate['message'] === 'string';
}

const FALLBACK_ERRORS: Readonly<Record<number, readonly [code: string, message: string]>> = {
  400: ['bad_request', 'The request was not valid.'],
  401: ['unauthorized', 'The API key was not accepted.'],
  403: ['forbidden', 'The API key does not allow this.'],
  404: ['not_found', 'Not found.'],
  429: ['rate_limited', 'Too many requests; try again in a moment.'],
  503: ['unavailable', 'The service cannot reach its database or queue; try again in a moment.'],
};

/** Maps an error answer to an ApiError, keeping the server's own code and message when it sent the SPEC body. */
export function errorFromResponse(status: number, body: unknown): ApiError {
  if (isErrorBody(body)) {
    return new ApiError(status, body.error, body.message, Array.isArray(body.details) ? body.details : []);
  }
  const known = FALLBACK_ERRORS[status];
  if (known) return new ApiError(status, known[0], known[1]);
  if (status >= 500) return new ApiError(status, 'server_error', `The server failed (HTTP ${status}).`);
  return new ApiError(status, 'http_error', `The request failed (HTTP ${status}).`);
}

export function networkError(url: string): ApiError {
  return new ApiError(NO_RESPONSE, 'network_error', `Could not reach ${new URL(url).origin}. Is the service running?`);
}

export type FetchFn = (input: string, init: RequestInit) => Promise<Response>;

export interface RequestOptions {
  query?: QueryParams;
  signal?: AbortSignal;
}

export type WriteMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiClient {
  readonly baseUrl: string;
  /** The key sent with every request (the upload needs it for its XMLHttpRequest). */
  readonly apiKey: string;
  get<T>(path: string, options?: RequestOptions): Promise<T>;
  /** A JSON write; `body` undefined sends no body. */
  send<T>(method: WriteMethod, path: string, body?: unknown, options?: RequestOptions): Promise<T>;
}

export interface ApiClientOptions {
  baseUrl: string;
  apiKey: string;
  // A wrapper, not `fetch` itself: browsers throw "Illegal invocation" when fetch is called as a method of another object.
  fetchFn?: FetchFn;
}

export function createApiClient({ baseUrl, apiKey, fetchFn = (input, init) => fetch(input, init) }: ApiClientOptions): ApiClient {
  async function request<T>(method: 'GET' | WriteMethod, path: string, body: unknown, { query, signal }: RequestOptions): Promise<T> {
    const url = buildUrl(baseUrl, path, query);
    const headers: Record<string, string> = { Accept: 'application/json', Authorization: `Bearer ${apiKey}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await fetchFn(url, { method, headers, signal, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (cause) {
      // A cancelled query is not a failure to show: let the AbortError through untouched.
      if (signal?.aborted) throw cause;
      throw networkError(url);
    }
    const parsed = await readJson(response);
    if (!response.ok) throw errorFromResponse(response.status, parsed);
    if (parsed === undefined) {
      // Typically a misconfigured base URL pointing at a web server that answers every path with HTML.
      throw new ApiError(response.status, 'invalid_response', `${new URL(url).origin} did not answer with JSON.`);
    }
    return parsed as T;
  }

  return {
    baseUrl,
    apiKey,
    get: (path, options = {}) => request('GET', path, undefined, options),
    send: (method, path, body, options = {}) => request(method, path, body, options),
  };
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => '');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
