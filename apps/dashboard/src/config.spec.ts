import { ConfigError, DEFAULT_API_BASE_URL, DEFAULT_REALTIME_URL, resolveAppConfig } from './config';

describe('resolveAppConfig', () => {
  it('falls back to the local gateways when nothing is set', () => {
    expect(resolveAppConfig({})).toEqual({ apiBaseUrl: DEFAULT_API_BASE_URL, realtimeUrl: DEFAULT_REALTIME_URL });
    expect(DEFAULT_API_BASE_URL).toBe('http://127.0.0.1:7777');
    expect(DEFAULT_REALTIME_URL).toBe('http://127.0.0.1:7778');
  });

  it('treats blank values as unset', () => {
    expect(resolveAppConfig({ VITE_REALTIME_URL: '  ' }).realtimeUrl).toBe(DEFAULT_REALTIME_URL);
  });

  it('keeps path prefixes and drops trailing slashes', () => {
    const config = resolveAppConfig({
      VITE_API_BASE_URL: 'https://leads.example.com/ingest/',
      VITE_REALTIME_URL: 'https://leads.example.com/live//',
    });
    expect(config).toEqual({ apiBaseUrl: 'https://leads.example.com/ingest', realtimeUrl: 'https://leads.example.com/live' });
  });

  it.each([
    ['127.0.0.1:7778', 'must be an absolute'],
    ['/api', 'must be an absolute'],
    ['ftp://example.com', 'must use http or https'],
    ['http://example.com/?x=1', 'must not carry a query string'],
  ])('rejects %p, naming the variable', (value, reason) => {
    expect(() => resolveAppConfig({ VITE_REALTIME_URL: value })).toThrow(ConfigError);
    expect(() => resolveAppConfig({ VITE_REALTIME_URL: value })).toThrow(new RegExp(`^VITE_REALTIME_URL ${reason}`));
  });
});
