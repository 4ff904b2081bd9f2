import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { connectSourcesFor, securityHeaders } from './security-headers';

// Nx runs every command from the workspace root, so every path is anchored to this file instead of the cwd.
const fromHere = (relative: string): string => fileURLToPath(new URL(relative, import.meta.url));
const projectRoot = fromHere('.');
const SAMPLE_FILE = 'sample_batch.csv';

/**
 * Serves the repository's sample_batch.csv next to the app (dev server) and copies it into the build output, so
 * the "Load sample data" button can fetch it from the dashboard's own origin. One file, no public/ copy to drift.
 */
function sampleData(): Plugin {
  const source = fromHere(`../../${SAMPLE_FILE}`);
  return {
    name: 'lead-scoring-sample-data',
    configureServer(server) {
      server.middlewares.use(`/${SAMPLE_FILE}`, (_request, response) => {
        response.setHeader('Content-Type', 'text/csv; charset=utf-8');
        response.end(readFileSync(source));
      });
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: SAMPLE_FILE, source: readFileSync(source) });
    },
  };
}

/**
 * The gateways the served build talks to, for its Content-Security-Policy under `vite preview` (tools/start.sh
 * sets DASHBOARD_GATEWAY_URLS to the URLs it writes into runtime-config.js).
 */
function gatewayUrls(): string[] {
  const listed = process.env.DASHBOARD_GATEWAY_URLS?.split(/[\s,]+/).filter(Boolean);
  if (listed && listed.length > 0) return listed;
  return [process.env.VITE_API_BASE_URL ?? 'http://127.0.0.1:7777', process.env.VITE_REALTIME_URL ?? 'http://127.0.0.1:7778'];
}

export default defineConfig({
  root: projectRoot,
  // The workspace root .env holds the server-side keys; reading VITE_* variables from the app folder (and the
  // process environment) keeps that file out of the bundler's reach altogether.
  envDir: projectRoot,
  plugins: [react(), tailwindcss(), sampleData()],
  resolve: {
    alias: {
      // Source alias rather than a package link: the contracts lib is plain TypeScript that Vite compiles itself.
      '@lead-scoring/contracts': fromHere('../../libs/contracts/src/index.ts'),
    },
  },
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  // The production build is served with the same security headers as by nginx; the dev server is left without
  // them (its hot reload injects inline scripts).
  preview: { host: '127.0.0.1', port: 5173, strictPort: true, headers: securityHeaders(connectSourcesFor(gatewayUrls())) },
  build: {
    outDir: fromHere('../../dist/apps/dashboard'),
    emptyOutDir: true,
    // No source maps in production: they would publish the whole source, comments included, to anyone.
    sourcemap: false,
    rolldownOptions: {
      treeshake: {
        // The contracts modules only declare types, constants and functions; saying so lets the bundler drop the
        // ones the dashboard does not use, and with them zod (event validation is the gateways' job).
        moduleSideEffects: [{ test: /[\\/]libs[\\/]contracts[\\/]src[\\/]/, sideEffects: false }],
      },
    },
  },
});
