import { ApiKeys, presentedKey } from './api-keys';

describe('ApiKeys', () => {
  const keys = new ApiKeys({ ingest: ['ingest-key-0123456789'], admin: ['admin-key-0123456789'] });

  it('accepts ingestion keys for ingestion only, admin keys everywhere', () => {
    expect(keys.accepts('ingest', 'ingest-key-0123456789')).toBe(true);
    expect(keys.accepts('admin', 'ingest-key-0123456789')).toBe(false);
    expect(keys.accepts('ingest', 'admin-key-0123456789')).toBe(true);
    expect(keys.accepts('admin', 'admin-key-0123456789')).toBe(true);
  });

  it('refuses missing, wrong and prefix keys', () => {
    expect(keys.accepts('ingest', undefined)).toBe(false);
    expect(keys.accepts('ingest', 'ingest-key-012345678')).toBe(false);
    expect(keys.accepts('admin', '')).toBe(false);
  });
});

describe('presentedKey', () => {
  it('reads X-API-Key first, then a Bearer token', () => {
    expect(presentedKey({ 'x-api-key': 'a' })).toBe('a');
    expect(presentedKey({ authorization: 'Bearer  b ' })).toBe('b');
    expect(presentedKey({ authorization: 'Basic c' })).toBeUndefined();
  });
});
