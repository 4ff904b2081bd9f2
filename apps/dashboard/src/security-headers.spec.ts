import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectSourcesFor, securityHeaders } from '../security-headers';

describe('dashboard security headers', () => {
  it('lets the page connect only to itself and the two gateways, in http and WebSocket form', () => {
    expect(connectSourcesFor(['https://ingest.example.com/base', 'http://127.0.0.1:7778'])).toEqual([
      'https://ingest.example.com', 'wss://ingest.example.com', 'http://127.0.0.1:7778', 'ws://127.0.0.1:7778',
    ]);
    const csp = securityHeaders(['https://ingest.example.com'])['Content-Security-Policy'];
    expect(csp).toContain("connect-src 'self' https://ingest.example.com;");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toContain('unsafe-');
  });

  it('are the ones nginx.conf sends, on every response', () => {
    const nginx = readFileSync(join(__dirname, '..', 'nginx.conf'), 'utf8');
    const sent = Object.fromEntries([...nginx.matchAll(/^\s*add_header (\S+) "([^"]*)" always;$/gm)].map(([, name, value]) => [name, value]));
    expect(sent).toEqual(securityHeaders(['__DASHBOARD_CONNECT_SOURCES__']));
  });
});
