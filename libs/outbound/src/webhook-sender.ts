import * as http from 'node:http';
import * as https from 'node:https';
import { AddressClass, createGuardedLookup, isDestinationRefusedError, refusalForUrl } from './outbound-address';
import { parseRetryAfter } from './retry-policy';

/*
 * One delivery attempt: POST a body, follow a few redirects, report what happened. Never throws for anything the
 * network or the destination does; the result says it (and classifyOutcome in retry-policy.ts decides what next).
 *
 * Every hop is checked against the address policy: IP-literal hosts and metadata names before connecting, and
 * resolved names inside the connection's own DNS lookup (see createGuardedLookup), so what was checked is what the
 * socket connects to. One deadline covers the whole attempt: connect, answer, body, and every redirect hop.
 */

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_REDIRECTS = 3;
/** How much of an answer is kept: enough for a person to see why it failed, no more (bodies can be endless). */
export const RESPONSE_EXCERPT_BYTES = 4096;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
// Credentials meant for one host must not follow a redirect to another (as fetch does).
const ORIGIN_BOUND_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

/**
 * refused: the address policy refused the destination (or a redirect target): not retryable.
 * invalid_request: the URL or headers cannot be sent at all: not retryable.
 * redirect: too many redirects, or one that cannot be followed (the 3xx status is in status_code).
 * timeout, network: no (complete) answer in time, connection errors: retryable.
 */
export type SendErrorKind = 'refused' | 'invalid_request' | 'redirect' | 'timeout' | 'network';

export interface SendOutcome {
  /** The final HTTP status (after redirects); null when no answer came. */
  status_code: number | null;
  error: string | null;
  duration_ms: number;
  /** The final answer's Retry-After, in ms from when it arrived. */
  retry_after_ms: number | null;
  /** The first RESPONSE_EXCERPT_BYTES of the final answer's body (UTF-8); null when no answer came. */
  response_excerpt: string | null;
  /** What kind of error `error` is; null when there is none. */
  error_kind: SendErrorKind | null;
}

export interface SendWebhookOptions {
  url: string;
  /** Sent as is: sign exactly these bytes. */
  body: string;
  /** E.g. signWebhook's headers; content-type defaults to application/json. */
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** OUTBOUND_ALLOW_PRIVATE_NETWORKS. Metadata addresses are refused either way. */
  allowPrivateNetworks: boolean;
  maxRedirects?: number;
  /** Test seam (see AddressPolicy): never set it in production code. */
  addressClassifier?: (ip: string) => AddressClass;
}

interface Hop {
  url: URL;
  method: 'POST' | 'GET';
  body: string | null;
  headers: Record<string, string>;
}

type Exchange =
  | { type: 'response'; status: number; headers: http.IncomingHttpHeaders; receivedAt: number; excerpt: string | null; bodyTimedOut: boolean }
  /** invalid: the request could not even be built (bad header values): sending again cannot help. */
  | { type: 'error'; error: Error; timedOut: boolean; invalid: boolean };

export async function sendWebhook(options: SendWebhookOptions): Promise<SendOutcome> {
  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const deadline = started + timeoutMs;
  const policy = { allowPrivateNetworks: options.allowPrivateNetworks, addressClassifier: options.addressClassifier };
  const lookup = createGuardedLookup(policy);
  const result = (fields: Partial<SendOutcome>): SendOutcome => ({
    status_code: null,
    error: null,
    retry_after_ms: null,
    response_excerpt: null,
    error_kind: null,
    ...fields,
    duration_ms: Math.round(performance.now() - started),
  });

  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    return result({ error: 'not a valid absolute URL', error_kind: 'invalid_request' });
  }
  let hop: Hop = { url, method: 'POST', body: options.body, headers: withDefaults(options.headers ?? {}, options.body) };
  // The status of the redirect that led to the current hop: reported if that hop is refused.
  let redirectStatus: number | null = null;

  for (let redirects = 0; ; redirects++) {
    const refused = redirectStatus === null ? 'destination refused: ' : 'redirect to a refused destination: ';
    const refusal = refusalForUrl(hop.url, policy);
    if (refusal) return result({ status_code: redirectStatus, error: `${refused}${refusal}`, error_kind: 'refused' });

    const exchange = await exchangeOnce(hop, deadline, lookup);
    if (exchange.type === 'error') {
      if (exchange.timedOut) return result({ error: `timed out after ${timeoutMs} ms`, error_kind: 'timeout' });
      if (isDestinationRefusedError(exchange.error)) {
        return result({ status_code: redirectStatus, error: `${refused}${exchange.error.reason}`, error_kind: 'refused' });
      }
      return result({ error: describeNetworkError(exchange.error), error_kind: exchange.invalid ? 'invalid_request' : 'network' });
    }

    const { status, headers } = exchange;
    const final = {
      status_code: status,
      retry_after_ms: parseRetryAfter(headers['retry-after'], exchange.receivedAt),
      response_excerpt: exchange.excerpt,
    };
    const location = headers.location;
    if (!REDIRECT_STATUSES.has(status) || !location) {
      // The status came, so it counts even if the body did not finish in time (the excerpt is what arrived).
      if (!exchange.bodyTimedOut) return result(final);
      return result({ ...final, error: `timed out reading the answer after ${timeoutMs} ms`, error_kind: 'timeout' });
    }
    if (redirects >= maxRedirects) return result({ ...final, error: `more than ${maxRedirects} redirects`, error_kind: 'redirect' });
    let next: URL;
    try {
      next = new URL(location, hop.url);
    } catch {
      return result({ ...final, error: 'redirect to an invalid URL', error_kind: 'redirect' });
    }
    // A signed payload sent over TLS must not continue in clear text.
    if (hop.url.protocol === 'https:' && next.protocol === 'http:') {
      return result({ ...final, error: 'redirect from https to http refused', error_kind: 'redirect' });
    }
    hop = redirected(hop, next, status);
    redirectStatus = status;
  }
}

/**
 * The next hop: 307/308 repeat the POST by definition. 301/302 repeat it too: turning a webhook into a GET (the
 * browser habit) would "deliver" nothing. 303 ("see other") means the POST was taken: fetch the answer with GET.
 */
function redirected(hop: Hop, next: URL, status: number): Hop {
  let headers = { ...hop.headers };
  if (next.origin !== hop.url.origin) headers = omit(headers, ORIGIN_BOUND_HEADERS);
  if (status === 303) return { url: next, method: 'GET', body: null, headers: omit(headers, ['content-type', 'content-length']) };
  return { ...hop, url: next, headers };
}

function exchangeOnce(hop: Hop, deadline: number, lookup: ReturnType<typeof createGuardedLookup>): Promise<Exchange> {
  return new Promise((resolve) => {
    let settled = false;
    let timedOut = false;
    let responded = false;
    const settle = (value: Exchange) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(value);
    };
    const remaining = Math.max(0, deadline - performance.now());

    let request: http.ClientRequest;
    try {
      const transport = hop.url.protocol === 'https:' ? https : http;
      request = transport.request(hop.url, {
        method: hop.method,
        headers: hop.headers,
        lookup,
        // A fresh connection per attempt: a pooled socket would skip the lookup (and its check) of this request.
        agent: false,
      });
    } catch (error) {
      // Invalid header names or values throw synchronously.
      resolve({ type: 'error', error: error as Error, timedOut: false, invalid: true });
      return;
    }
    const timer = setTimeout(() => {
      timedOut = true;
      request.destroy(new Error('timeout'));
    }, remaining);

    request.on('error', (error) => {
      // Once the status is in, a failure while reading the body is reported by the answer's 'close' below.
      if (!responded) settle({ type: 'error', error, timedOut, invalid: false });
    });
    request.on('response', (response) => {
      responded = true;
      const receivedAt = Date.now();
      const head = { type: 'response' as const, status: response.statusCode ?? 0, headers: response.headers, receivedAt };
      // A redirect's body is of no interest; the loop decides whether to follow.
      if (REDIRECT_STATUSES.has(head.status) && response.headers.location) {
        response.destroy();
        settle({ ...head, excerpt: null, bodyTimedOut: false });
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        // Enough: stop reading rather than wait for the rest of a large or endless answer.
        if (size >= RESPONSE_EXCERPT_BYTES) response.destroy();
      });
      // 'close' comes after 'end', after our own destroy, and after the timer's destroy: one place to finish.
      response.on('close', () => {
        const excerpt = Buffer.concat(chunks).subarray(0, RESPONSE_EXCERPT_BYTES).toString('utf8');
        settle({ ...head, excerpt, bodyTimedOut: timedOut });
      });
      // Errors of a destroyed answer are expected here; 'close' reports what arrived.
      response.on('error', () => undefined);
    });
    if (hop.body !== null) request.end(hop.body);
    else request.end();
  });
}

function withDefaults(headers: Record<string, string>, body: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) result[name.toLowerCase()] = value;
  result['content-type'] ??= 'application/json';
  result['user-agent'] ??= 'lead-scoring-webhooks/1';
  // Set explicitly so the body goes in one piece, not chunked (some receivers refuse chunked requests).
  result['content-length'] = String(Buffer.byteLength(body));
  return result;
}

function omit(headers: Record<string, string>, names: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !names.includes(name)));
}

function describeNetworkError(error: Error): string {
  // With several addresses (autoSelectFamily) node reports an AggregateError of the attempts.
  const errors = error instanceof AggregateError && error.errors.length > 0 ? (error.errors as Error[]) : [error];
  const parts = errors.map((each) => {
    const code = (each as NodeJS.ErrnoException).code;
    return code && !each.message.includes(code) ? `${code}: ${each.message}` : each.message;
  });
  return [...new Set(parts)].join('; ') || 'network error';
}
