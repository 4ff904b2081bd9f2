/**
 * The HTTP headers every page and file of the dashboard is served with, by every server that serves the
 * production build: `vite preview` (tools/start.sh), the e2e's static server and nginx (nginx.conf spells the same
 * values out; a unit test keeps them equal).
 *
 * The dashboard holds the admin key in the browser, so the page must not run anything it did not ship: scripts,
 * styles, fonts and images from its own origin only, no inline scripts, no plugins, no <base> rewriting; network
 * requests only to itself and to the two gateways (REST and Socket.io); never inside a frame (clickjacking).
 */
export function contentSecurityPolicy(connectSources: readonly string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // React and Recharts set inline style properties through the DOM (allowed); no <style> or style="" markup.
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${["'self'", ...connectSources].join(' ')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * The origins the dashboard connects to, for `connect-src`: each gateway URL's origin, plus its WebSocket form for
 * Socket.io (ws: for http:, wss: for https:), as not every browser lets an http(s) source cover WebSockets.
 */
export function connectSourcesFor(gatewayUrls: readonly string[]): string[] {
  const sources = new Set<string>();
  for (const url of gatewayUrls) {
    const origin = new URL(url).origin;
    sources.add(origin);
    sources.add(origin.replace(/^http/, 'ws'));
  }
  return [...sources];
}

export function securityHeaders(connectSources: readonly string[]): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(connectSources),
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  };
}
