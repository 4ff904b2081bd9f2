import { ApiError, buildUrl, createApiClient, errorFromResponse, type FetchFn, isUnauthorized, NO_RESPONSE } from './client';

describe('buildUrl', () => {
  it('joins base and path with exactly one slash', () => {
    expect(buildUrl('http://127.0.0.1:7778', '/api/leaderboard')).toBe('http://127.0.0.1:7778/api/leaderboard');
    expect(buildUrl('http://127.0.0.1:7778/', 'api/leaderboard')).toBe('http://127.0.0.1:7778/api/leaderboard');
  });

  it('keeps a path prefix of the base URL', () => {
    expect(buildUrl('https://example.com/realtime', '/api/leads')).toBe('https://example.com/realtime/api/leads');
  });

  it('encodes query values and skips empty ones', () => {
    const url = buildUrl('http://h', '/api/leads', { q: 'a&b c', limit: 50, stage: '', company: null, cursor: undefined });
    expect(url).toBe('http://h/api/leads?q=a%26b+c&limit=50');
  });
});

describe('errorFromResponse', () => {
  it('keeps the code, message and details of a SPEC error body', () => {
    const error = errorFromResponse(400, {
      error: 'validation_failed',
      message: 'The event is not valid.',
      details: [{ field: 'metadata.email', message: 'must be an email' }],
    });
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(400);
    expect(error.code).toBe('validation_failed');
    expect(error.message).toBe('The event is not valid.');
    expect(error.details).toEqual([{ field: 'metadata.email', message: 'must be an email' }]);
  });

  it('falls back to a sentence per status when the body is not a SPEC error', () => {
    expect(errorFromResponse(401, undefined).code).toBe('unauthorized');
    expect(errorFromResponse(503, '<html>').code).toBe('unavailable');
    expect(errorFromResponse(502, { oops: true }).code).toBe('server_error');
    expect(errorFromResponse(418, null)).toMatchObject({ code: 'http_error', message: 'The request failed (HTTP 418).' });
  });
});

describe('isUnauthorized', () => {
  it('is true for a 401 ApiError only', () => {
    expect(isUnauthorized(new ApiError(401, 'unauthorized', 'no'))).toBe(true);
    expect(isUnauthorized(new ApiError(403, 'forbidden', 'no'))).toBe(false);
    expect(isUnauthorized(new Error('401'))).toBe(false);
  });
});

describe('createApiClient', () => {
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

  it('sends the key as a bearer token to the built URL and returns the JSON body', async () => {
    const fetchFn = jest.fn<ReturnType<FetchFn>, Parameters<FetchFn>>().mockResolvedValue(json(200, { items: [] }));
    const client = createApiClient({ baseUrl: 'http://127.0.0.1:7778', apiKey: 'k3y', fetchFn });

    await expect(client.get('/api/leaderboard', { query: { limit: 50 } })).resolves.toEqual({ items: [] });

    const [url, init] = fetchFn.mock.calls[0];
    expect(url).toBe('http://127.0.0.1:7778/api/leaderboard?limit=50');
    expect(init.headers).toMatchObject({ Authorization: 'Bearer k3y', Accept: 'application/json' });
  });

  it('sends writes as JSON with their method, and no body when there is none', async () => {
    const fetchFn = jest.fn<ReturnType<FetchFn>, Parameters<FetchFn>>().mockImplementation(async () => json(201, { id: 'r1', ruleset_version: 2 }));
    const client = createApiClient({ baseUrl: 'http://h', apiKey: 'k', fetchFn });

    await expect(client.send('POST', '/api/rules', { name: 'x' })).resolves.toEqual({ id: 'r1', ruleset_version: 2 });
    expect(fetchFn.mock.calls[0][1]).toMatchObject({ method: 'POST', body: '{"name":"x"}', headers: { 'Content-Type': 'application/json' } });

    await client.send('DELETE', '/api/rules/r1');
    expect(fetchFn.mock.calls[1][1].body).toBeUndefined();
    expect(fetchFn.mock.calls[1][1].headers).not.toHaveProperty('Content-Type');
  });

  it('turns an error answer into an ApiError carrying its status', async () => {
    const fetchFn: FetchFn = async () => json(401, { error: 'unauthorized', message: 'Missing or wrong API key.' });
    const client = createApiClient({ baseUrl: 'http://h', apiKey: 'bad', fetchFn });

    const failure = await client.get('/api/leaderboard').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ status: 401, code: 'unauthorized', message: 'Missing or wrong API key.' });
  });

  it('reports an unreachable gateway as a network error naming its origin', async () => {
    const fetchFn: FetchFn = async () => {
      throw new TypeError('Failed to fetch');
    };
    const client = createApiClient({ baseUrl: 'http://127.0.0.1:7778', apiKey: 'k', fetchFn });

    await expect(client.get('/api/leaderboard')).rejects.toMatchObject({
      status: NO_RESPONSE,
      code: 'network_error',
      message: 'Could not reach http://127.0.0.1:7778. Is the service running?',
    });
  });

  it('lets a cancellation through untouched', async () => {
    const controller = new AbortController();
    const abort = new DOMException('aborted', 'AbortError');
    const fetchFn: FetchFn = async () => {
      controller.abort();
      throw abort;
    };
    const client = createApiClient({ baseUrl: 'http://h', apiKey: 'k', fetchFn });

    await expect(client.get('/api/leaderboard', { signal: controller.signal })).rejects.toBe(abort);
  });

  it('rejects a successful answer that is not JSON', async () => {
    const fetchFn: FetchFn = async () => new Response('<!doctype html><html></html>', { status: 200 });
    const client = createApiClient({ baseUrl: 'http://127.0.0.1:5173', apiKey: 'k', fetchFn });

    await expect(client.get('/api/leaderboard')).rejects.toMatchObject({ code: 'invalid_response' });
  });
});
