/** What a secret is replaced with in the logs. */
export const REDACTED = '[redacted]';

/** Headers that carry credentials or signatures (lower case, as Node gives them). */
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'x-api-key', 'cookie', 'set-cookie', 'webhook-signature']);

/**
 * Query parameter names that may carry a credential: `api_key`, `apiKey`, `token`, `access_token`, `key`,
 * `secret`, `signature`, `sig`, `password`, `auth`... Matched on the name with `-`/`_` removed, so the spelling
 * a caller happens to use does not matter. Erring on the side of redacting: a log line loses a harmless value
 * rather than keeping a key.
 */
const SECRET_PARAMETER = /(key|token|secret|signature|^sig$|passw|pwd|auth|credential|session)/i;

export function isSecretParameter(name: string): boolean {
  return SECRET_PARAMETER.test(name.replace(/[-_]/g, ''));
}

/** `url` (path and query, as in a request line) with the values of secret-looking query parameters replaced. */
export function redactUrl(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart < 0) return url;
  const hashStart = url.indexOf('#', queryStart);
  const query = url.slice(queryStart + 1, hashStart < 0 ? undefined : hashStart);
  const redacted = query
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const rawName = equals < 0 ? pair : pair.slice(0, equals);
      let name = rawName;
      try {
        name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      } catch {
        // A malformed escape: judge the name as written.
      }
      return equals >= 0 && isSecretParameter(name) ? `${rawName}=${REDACTED}` : pair;
    })
    .join('&');
  return `${url.slice(0, queryStart + 1)}${redacted}`;
}

/** A copy of `headers` with the values of credential headers replaced. */
export function redactHeaders(headers: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(headers)) copy[name] = SECRET_HEADERS.has(name.toLowerCase()) ? REDACTED : value;
  return copy;
}

/** A copy of a parsed query object with the values of secret-looking parameters replaced. */
export function redactQuery(query: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(query)) copy[name] = isSecretParameter(name) ? REDACTED : value;
  return copy;
}

/**
 * The request as pino-http logs it (its standard serializer's output), without secrets: every logged URL,
 * query and header goes through here.
 */
export function redactLoggedRequest<T extends { url?: string; headers?: Record<string, unknown>; query?: unknown }>(request: T): T {
  const safe = { ...request };
  if (typeof safe.url === 'string') safe.url = redactUrl(safe.url);
  if (safe.headers && typeof safe.headers === 'object') safe.headers = redactHeaders(safe.headers);
  if (safe.query && typeof safe.query === 'object') safe.query = redactQuery(safe.query as Record<string, unknown>);
  return safe;
}
