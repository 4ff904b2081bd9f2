import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

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
  preview: { host: '127.0.0.1', port: 5173, strictPort: true },
  build: {
    outDir: fromHere('../../dist/apps/dashboard'),
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      treeshake: {
        // The contracts modules only declare types, constants and functions; saying so lets the bundler drop the
        // ones the dashboard does not use, and with them zod (event validation is the gateways' job).
        moduleSideEffects: [{ test: /[\\/]libs[\\/]contracts[\\/]src[\\/]/, sideEffects: false }],
      },
    },
  },
});
