import { requestLogLevel } from './request-log-level';

describe('requestLogLevel', () => {
  it.each([200, 201, 202, 204, 301, 304])('logs a %i at debug', (status) => {
    expect(requestLogLevel(status)).toBe('debug');
  });

  it.each([400, 401, 404, 413, 415, 429, 431])('logs a %i at info', (status) => {
    expect(requestLogLevel(status)).toBe('info');
  });

  it.each([500, 502, 503])('logs a %i at error', (status) => {
    expect(requestLogLevel(status)).toBe('error');
  });

  it('logs a request that failed at error, whatever its status', () => {
    expect(requestLogLevel(200, new Error('aborted'))).toBe('error');
    expect(requestLogLevel(404, new Error('aborted'))).toBe('error');
  });
});
