// Large-lead benchmark: what a re-fold of one lead with a large log costs the worker. Sends --events events of
// about --kb KB each (the largest allowed is 32 KB) to one lead through the batch API, waits until they are
// scored, then sends one event earlier than all of them, which has the lead re-folded from its whole log. Prints
// the time to ingest and score the log, how long the re-fold took, the worker's highest RSS during the re-fold
// (sampled every 100 ms) and over the whole run, and whether the worker survived.
// Usage: npx tsx tools/bench/large-lead.ts [--events=5000] [--kb=30]
import { LeadDetail } from '@lead-scoring/contracts';
import { FaultSystem } from '../faults/fault-system';
import { argument, memoryOf, round } from './bench-support';
import { sendJson, waitUntilScored } from './live-load';

const eventCount = argument('events', 5000);
const kb = argument('kb', 30);
const EMAIL = 'large-lead@bench.example';
const BATCH_BYTES = 4 * 1024 * 1024; // under the batch API's 5 MB
const START = Date.parse('2026-01-01T00:00:00Z');
const TIMEOUT_S = 1800;

async function readLead(faults: FaultSystem): Promise<LeadDetail | null> {
  const answer = await sendJson('GET', `${faults.url('realtime-gateway')}/api/leads/${EMAIL}`, faults.adminKey);
  return answer.status === 200 ? (JSON.parse(answer.body) as LeadDetail) : null;
}

/** The worker's own view of its memory, from its /metrics: V8's heap in use, and memory outside it (Buffers). */
class WorkerMemory {
  heapMiB = 0;
  externalMiB = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(url: string) {
    this.timer = setInterval(() => void this.sample(url), 500);
  }

  private async sample(url: string): Promise<void> {
    const text = await fetch(`${url}/metrics`).then((response) => response.text(), () => '');
    const mib = (name: string) => Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1] ?? 0) / 1024 / 1024;
    this.heapMiB = Math.max(this.heapMiB, mib('nodejs_heap_size_used_bytes'));
    this.externalMiB = Math.max(this.externalMiB, mib('nodejs_external_memory_bytes'));
  }

  stop(): string {
    clearInterval(this.timer);
    return `heap used up to ${round(this.heapMiB)} MiB, external memory up to ${round(this.externalMiB)} MiB`;
  }
}

async function main(): Promise<void> {
  const faults = await FaultSystem.start('bench-large-lead');
  const worker = faults.instances.find((instance) => instance.service === 'scoring-worker');
  if (!worker?.process.pid) throw new Error('no scoring worker');
  const workerPid = worker.process.pid;
  try {
    let memory = new WorkerMemory(faults.url('scoring-worker'));
    const padding = 'x'.repeat(kb * 1024);
    const perBatch = Math.max(1, Math.floor(BATCH_BYTES / (kb * 1024 + 200)));
    const started = performance.now();
    for (let first = 0; first < eventCount; first += perBatch) {
      const events = Array.from({ length: Math.min(perBatch, eventCount - first) }, (_, i) => ({
        event_id: `large-${first + i}`, event_type: 'PAGE_VIEW', timestamp: new Date(START + (first + i) * 1000).toISOString(), metadata: { email: EMAIL, padding },
      }));
      const answer = await sendJson('POST', `${faults.url('ingestion-gateway')}/api/events/batch`, faults.ingestKey, { events });
      if (answer.status !== 202) throw new Error(`batch refused: ${answer.status} ${answer.body.slice(0, 300)}`);
    }
    const ingested = performance.now();
    if (!(await waitUntilScored(faults, TIMEOUT_S))) throw new Error('the log was not scored in time');
    const scored = performance.now();
    console.log(`${eventCount} events of ${kb} KB for one lead (${round((eventCount * kb) / 1024)} MiB): accepted in ${round((ingested - started) / 1000)} s, scored ${round((scored - ingested) / 1000)} s later; worker RSS peak so far ${round(memoryOf(workerPid).peakMiB)} MiB; ${memory.stop()}`);
    memory = new WorkerMemory(faults.url('scoring-worker'));

    // The re-fold: an event earlier than every other of the lead's.
    let highest = 0;
    const sampler = setInterval(() => {
      if (worker.process.running) highest = Math.max(highest, memoryOf(workerPid).rssMiB);
    }, 100);
    const late = { event_id: 'large-late', event_type: 'FORM_SUBMISSION', timestamp: new Date(START - 86_400_000).toISOString(), metadata: { email: EMAIL } };
    const refoldStart = performance.now();
    const answer = await sendJson('POST', `${faults.url('ingestion-gateway')}/api/events`, faults.ingestKey, late);
    if (answer.status !== 202) throw new Error(`late event refused: ${answer.status} ${answer.body.slice(0, 300)}`);
    let lead: LeadDetail | null = null;
    while (performance.now() - refoldStart < TIMEOUT_S * 1000 && worker.process.running) {
      lead = await readLead(faults);
      if (lead?.event_count === eventCount + 1) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    clearInterval(sampler);
    const survived = worker.process.running;
    const refolded = lead?.event_count === eventCount + 1;
    console.log(`re-fold: ${refolded ? `done in ${round((performance.now() - refoldStart) / 1000, 2)} s` : 'not done'}; worker ${survived ? 'survived' : 'exited'}; its highest RSS during the re-fold ${round(highest)} MiB (${memory.stop()}), peak over the run ${survived ? round(memoryOf(workerPid).peakMiB) : '?'} MiB`);
    if (!refolded || !survived) process.exitCode = 1;
  } finally {
    await faults.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
