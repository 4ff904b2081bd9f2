import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
// The very headers the dashboard's own servers send (vite preview, nginx): the browser test runs under them.
// eslint-disable-next-line @nx/enforce-module-boundaries -- a build-time module of the app, not part of its bundle
import { connectSourcesFor, securityHeaders } from '../../../apps/dashboard/security-headers';
import { REPO_ROOT } from './infrastructure';
import { freePort } from './ports';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

/**
 * Serves the production build of the dashboard (dist/apps/dashboard) as nginx does (apps/dashboard/nginx.conf):
 * with the security headers (its CSP naming this test's gateways), the runtime-config.js of those gateways, a 404
 * for a missing asset or any source map, and index.html for every other unknown path (SPA routes).
 */
export async function serveDashboard(config: { apiBaseUrl: string; realtimeUrl: string }): Promise<{ url: string; close: () => Promise<void> }> {
  const root = join(REPO_ROOT, 'dist/apps/dashboard');
  if (!existsSync(join(root, 'index.html'))) throw new Error(`${root} is missing: build the dashboard first`);
  const runtimeConfig = `window.__LEAD_SCORING_CONFIG__ = ${JSON.stringify(config)};`;
  const headers = securityHeaders(connectSourcesFor([config.apiBaseUrl, config.realtimeUrl]));
  const server: Server = createServer((request, response) => {
    const path = normalize(decodeURIComponent((request.url ?? '/').split('?')[0])).replace(/^(\.\.[/\\])+/, '');
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    if (path === '/runtime-config.js') {
      response.writeHead(200, { 'content-type': CONTENT_TYPES['.js'] }).end(runtimeConfig);
      return;
    }
    let file = join(root, path);
    const found = file.startsWith(root) && existsSync(file) && !statSync(file).isDirectory();
    if (path.endsWith('.map') || (!found && path.startsWith('/assets/'))) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
      return;
    }
    if (!found) file = join(root, 'index.html');
    response.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
