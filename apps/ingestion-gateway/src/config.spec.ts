import { ingestionConfigSchema, trustProxySetting } from './config';

describe('TRUST_PROXY', () => {
  it('is off by default: the client address is the connection\'s, which a caller cannot forge with a header', () => {
    expect(trustProxySetting('')).toBe(false);
    expect(trustProxySetting('false')).toBe(false);
  });

  it('takes true, a hop count, or the proxy addresses as Express does', () => {
    expect(trustProxySetting('true')).toBe(true);
    expect(trustProxySetting('1')).toBe(1);
    expect(trustProxySetting('10.0.0.1, 10.0.0.2')).toBe('10.0.0.1, 10.0.0.2');
  });
});

describe('upload settings', () => {
  const base = { INGEST_API_KEYS: 'ik_0123456789abcdef', ADMIN_API_KEYS: 'ak_0123456789abcdef' };

  it('defaults to a 60 s idle timeout and a folder in the system temp folder', () => {
    const parsed = ingestionConfigSchema.safeParse(base);
    expect(parsed.success && parsed.data.UPLOAD_IDLE_TIMEOUT_SECONDS).toBe(60);
    expect(parsed.success && parsed.data.UPLOAD_TMP_DIR).toMatch(/lead-scoring-uploads$/);
  });

  it('refuses an idle timeout of 0 (an upload would never be abandoned) naming the variable', () => {
    const parsed = ingestionConfigSchema.safeParse({ ...base, UPLOAD_IDLE_TIMEOUT_SECONDS: '0' });
    expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['UPLOAD_IDLE_TIMEOUT_SECONDS']);
  });
});
