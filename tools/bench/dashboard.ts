// Dashboard benchmark: the production build's size (gzip of every JS and CSS file, and of what the first screen
// loads) and the first screen's load time in headless Chromium: first contentful paint and the sign-in form ready.
// The first screen needs no backend (the key is checked only on submit), so no services are started.
// Usage: npx nx run @lead-scoring/dashboard:build && npx tsx tools/bench/dashboard.ts [--runs=15]
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchChromium } from '../../e2e/src/support/browser';
import { serveDashboard } from '../../e2e/src/support/dashboard-server';
import { REPO_ROOT } from '../../e2e/src/support/infrastructure';
import { argument, percentile, round } from './bench-support';

const runs = argument('runs', 15);
const DIST = join(REPO_ROOT, 'dist/apps/dashboard');

interface Asset {
  file: string;
  bytes: number;
  gzip: number;
}

function assets(): Asset[] {
  const dir = join(DIST, 'assets');
  return readdirSync(dir)
    .filter((file) => /\.(js|css)$/.test(file))
    .map((file) => {
      const content = readFileSync(join(dir, file));
      return { file, bytes: content.length, gzip: gzipSync(content, { level: 9 }).length };
    });
}

const kib = (bytes: number) => `${round(bytes / 1024, 1)} KiB`;

async function main(): Promise<void> {
  if (!existsSync(join(DIST, 'index.html'))) throw new Error(`${DIST} is missing: npx nx run @lead-scoring/dashboard:build first`);
  const all = assets();
  const total = (list: Asset[], key: 'bytes' | 'gzip') => list.reduce((sum, asset) => sum + asset[key], 0);
  const largest = [...all].sort((a, b) => b.gzip - a.gzip).slice(0, 4);

  // The gateway URLs are never called before sign-in; these ports only have to be well-formed.
  const dashboard = await serveDashboard({ apiBaseUrl: 'http://127.0.0.1:9', realtimeUrl: 'http://127.0.0.1:9' });
  const browser = await launchChromium();
  const fcp: number[] = [];
  const ready: number[] = [];
  let firstScreen: string[] = [];
  try {
    for (let run = 0; run <= runs; run++) {
      // A fresh context each run: an empty HTTP cache, like a first visit.
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      const requested: string[] = [];
      page.on('request', (request) => requested.push(new URL(request.url()).pathname));
      await page.goto(dashboard.url, { waitUntil: 'load' });
      await page.getByTestId('api-key-input').waitFor({ timeout: 30_000 });
      const timing = await page.evaluate(() => ({
        fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
        ready: performance.now(),
      }));
      // Run 0 warms the OS file cache and Chromium's own start-up; it is not counted.
      if (run > 0) {
        fcp.push(timing.fcp);
        ready.push(timing.ready);
      }
      firstScreen = requested.filter((path) => /\.(js|css)$/.test(path)).map((path) => path.split('/').pop() as string);
      await context.close();
    }
  } finally {
    await browser.close();
    await dashboard.close();
  }
  const loaded = all.filter((asset) => firstScreen.includes(asset.file));
  fcp.sort((a, b) => a - b);
  ready.sort((a, b) => a - b);

  console.log(`Build (${DIST}): ${all.length} JS/CSS files, ${kib(total(all, 'bytes'))} raw, ${kib(total(all, 'gzip'))} gzip`);
  console.log(`  first screen (sign-in) loads ${loaded.length} files: ${kib(total(loaded, 'gzip'))} gzip (${loaded.map((asset) => asset.file).join(', ')})`);
  console.log(`  largest: ${largest.map((asset) => `${asset.file} ${kib(asset.gzip)}`).join('; ')}`);
  console.log(`First screen in headless Chromium, ${runs} cold loads (fresh context each) from a local static server:`);
  console.log(`  first contentful paint: p50 ${round(percentile(fcp, 50))} ms, p95 ${round(percentile(fcp, 95))} ms, max ${round(fcp[fcp.length - 1])} ms`);
  console.log(`  sign-in form ready:     p50 ${round(percentile(ready, 50))} ms, p95 ${round(percentile(ready, 95))} ms, max ${round(ready[ready.length - 1])} ms`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
