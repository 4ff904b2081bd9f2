// Ingestion benchmark: accepted events/s for single and batch requests, latency at a fixed rate, and the
// gateway's memory while it takes a generated CSV of 1,000,000 rows.
// Usage: npx tsx tools/bench/ingest.ts [--seconds=10] [--concurrency=32] [--rate=200] [--rows=1000000] [--with-worker]
import { createWriteStream, openAsBlob } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { argument, memoryOf, percentile, round, startBenchSystem, stopBenchSystem } from './bench-support';
import { RunningSystem } from '../../e2e/src/support/services';

const seconds = argument('seconds', 10);
const concurrency = argument('concurrency', 32);
const rate = argument('rate', 200);
const rows = argument('rows', 1_000_000);
const HEAP_CAP_MIB = 128;
const TYPES = ['PAGE_VIEW', 'EMAIL_OPEN', 'FORM_SUBMISSION', 'DEMO_REQUEST', 'PURCHASE'];

let sequence = 0;
function nextEvent() {
  const n = sequence++;
  return { event_id: `bench-${process.pid}-${n}`, event_type: TYPES[n % TYPES.length], metadata: { email: `lead${n % 5000}@bench.example`, url: '/pricing' } };
}

async function post(system: RunningSystem, path: string, body: unknown): Promise<number> {
  const response = await fetch(`${system.url('ingestion-gateway')}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': system.ingestKey },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response.status;
}

/** Closed loop: `workers` clients each send as fast as answers come, for `seconds`. */
async function closedLoop(workers: number, send: () => Promise<number>): Promise<{ perSecond: number; failures: number }> {
  const deadline = Date.now() + seconds * 1000;
  let accepted = 0;
  let failures = 0;
  const started = Date.now();
  await Promise.all(Array.from({ length: workers }, async () => {
    while (Date.now() < deadline) {
      const count = await send().catch(() => -1);
      if (count >= 0) accepted += count;
      else failures += 1;
    }
  }));
  return { perSecond: accepted / ((Date.now() - started) / 1000), failures };
}

/** Open loop: one request every 1/rate s whatever the answers, so slow answers cannot hide queueing. */
async function fixedRate(system: RunningSystem): Promise<{ p50: number; p99: number; max: number; sent: number; errors: number }> {
  const latencies: number[] = [];
  let errors = 0;
  const inFlight: Promise<void>[] = [];
  const started = performance.now();
  const total = rate * seconds;
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push((async () => {
      const t0 = performance.now();
      const status = await post(system, '/api/events', nextEvent()).catch(() => 0);
      if (status === 202) latencies.push(performance.now() - t0);
      else errors += 1;
    })());
  }
  await Promise.all(inFlight);
  latencies.sort((a, b) => a - b);
  return { p50: round(percentile(latencies, 50), 2), p99: round(percentile(latencies, 99), 2), max: round(latencies[latencies.length - 1], 2), sent: total, errors };
}

async function writeCsv(path: string): Promise<void> {
  const out = createWriteStream(path);
  out.write('event_type,email,name,company,url,timestamp\n');
  for (let i = 0; i < rows; i++) {
    const line = `${TYPES[i % TYPES.length]},lead${i % 100_000}@csv.example,Lead ${i % 100_000},Company ${i % 997},/page/${i % 50},2026-01-0${1 + (i % 9)}T${String(i % 24).padStart(2, '0')}:00:${String(i % 60).padStart(2, '0')}.${String(i % 1000).padStart(3, '0')}Z\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

async function csvUpload(system: RunningSystem): Promise<Record<string, number>> {
  const path = join(system.infra.dataDir, 'bench.csv');
  await writeCsv(path);
  // A gateway whose heap may not grow past HEAP_CAP_MIB: if memory grew with the file, this upload would crash it.
  await system.processes.find((process) => process.name === 'ingestion-gateway')?.stop();
  const gateway = await system.startService('ingestion-gateway', { NODE_OPTIONS: `--max-old-space-size=${HEAP_CAP_MIB}` });
  const pid = gateway.pid as number;
  const before = memoryOf(pid).rssMiB;
  let peakRss = before;
  const sampler = setInterval(() => { peakRss = Math.max(peakRss, memoryOf(pid).rssMiB); }, 200);
  const form = new FormData();
  form.append('file', await openAsBlob(path, { type: 'text/csv' }), 'bench.csv');
  const started = Date.now();
  const response = await fetch(`${system.url('ingestion-gateway')}/api/events/upload`, { method: 'POST', headers: { 'x-api-key': system.ingestKey }, body: form });
  const result = await response.json();
  const elapsed = (Date.now() - started) / 1000;
  clearInterval(sampler);
  await rm(path, { force: true });
  if (response.status !== 202) throw new Error(`upload failed: ${response.status} ${JSON.stringify(result)}`);
  return { heap_cap_mib: HEAP_CAP_MIB, rows: result.rows, accepted: result.accepted, seconds: round(elapsed), rows_per_s: Math.round(result.rows / elapsed), rss_before_mib: round(before), peak_rss_mib: round(peakRss), kernel_peak_rss_mib: round(memoryOf(pid).peakMiB) };
}

async function main(): Promise<void> {
  const system = await startBenchSystem('ingest');
  try {
    // Ingestion alone: with the worker running, scoring competes for the same cores and the same FerretDB
    // (`--with-worker` keeps it, to see the two together).
    if (!process.argv.includes('--with-worker')) await system.processes.find((child) => child.name === 'scoring-worker')?.stop();
    const single = await closedLoop(concurrency, async () => ((await post(system, '/api/events', nextEvent())) === 202 ? 1 : -1));
    console.log(`single events, ${concurrency} clients, ${seconds}s: ${Math.round(single.perSecond)} accepted events/s (${single.failures} failures)`);
    const batch = await closedLoop(4, async () => {
      const status = await post(system, '/api/events/batch', { events: Array.from({ length: 500 }, nextEvent) });
      return status === 202 ? 500 : -1;
    });
    console.log(`batches of 500, 4 clients, ${seconds}s: ${Math.round(batch.perSecond)} accepted events/s (${batch.failures} failures)`);
    const latency = await fixedRate(system);
    console.log(`fixed rate ${rate} req/s for ${seconds}s: p50 ${latency.p50} ms, p99 ${latency.p99} ms, max ${latency.max} ms (${latency.errors} errors of ${latency.sent})`);
    const csv = await csvUpload(system);
    console.log(`CSV upload of ${csv.rows} rows: ${csv.seconds}s, ${csv.rows_per_s} rows/s; gateway (heap capped at ${csv.heap_cap_mib} MiB) RSS ${csv.rss_before_mib} MiB before, peak ${csv.peak_rss_mib} MiB during (kernel high-water mark ${csv.kernel_peak_rss_mib} MiB)`);
    console.log(JSON.stringify({ single_events_per_s: Math.round(single.perSecond), batch_events_per_s: Math.round(batch.perSecond), fixed_rate: { rate, ...latency }, csv }));
  } finally {
    await stopBenchSystem(system);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
