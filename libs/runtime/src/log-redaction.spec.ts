import { REDACTED, redactHeaders, redactLoggedRequest, redactUrl } from './log-redaction';

describe('redactUrl', () => {
  it('replaces the values of credential-like query parameters, whatever their spelling', () => {
    expect(redactUrl('/api/events?api_key=ik_secret&limit=5')).toBe(`/api/events?api_key=${REDACTED}&limit=5`);
    for (const name of ['apiKey', 'API-KEY', 'key', 'token', 'access_token', 'secret', 'signature', 'sig', 'password', 'auth', 'api%5Fkey']) {
      expect(redactUrl(`/x?${name}=s3cr3t`)).toBe(`/x?${name}=${REDACTED}`);
    }
  });

  it('keeps ordinary parameters and URLs without a query as they are', () => {
    expect(redactUrl('/api/leads?limit=5&sort=-score')).toBe('/api/leads?limit=5&sort=-score');
    expect(redactUrl('/health')).toBe('/health');
  });

  it('redacts every occurrence, also of a parameter given twice', () => {
    expect(redactUrl('/x?token=a&token=b')).toBe(`/x?token=${REDACTED}&token=${REDACTED}`);
  });
});

describe('redactHeaders', () => {
  it('replaces keys, bearer tokens, cookies and webhook signatures', () => {
    const headers = { 'x-api-key': 'ik_1', authorization: 'Bearer ak_1', cookie: 'sid=1', 'webhook-signature': 'v1,abc', 'content-type': 'application/json' };
    expect(redactHeaders(headers)).toEqual({
      'x-api-key': REDACTED, authorization: REDACTED, cookie: REDACTED, 'webhook-signature': REDACTED, 'content-type': 'application/json',
    });
  });
});

describe('redactLoggedRequest', () => {
  it('redacts the URL, the parsed query and the headers of a logged request', () => {
    const logged = redactLoggedRequest({ method: 'GET', url: '/api/leads?api_key=ak_1', query: { api_key: 'ak_1', limit: '5' }, headers: { 'x-api-key': 'ak_1' } });
    expect(JSON.stringify(logged)).not.toContain('ak_1');
    expect(logged).toMatchObject({ method: 'GET', query: { limit: '5' } });
  });
});
