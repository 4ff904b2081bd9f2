// End-to-end load test: a fixed event rate for a fixed time through the whole system (gateway -> MongoDB ->
// queue -> worker -> realtime gateway -> Socket.io), then the figures of docs/deployment.md "Limits measured".
// Usage: npx tsx tools/bench/e2e.ts [--rate=200] [--seconds=30] [--batch=50] [--leads=500] [--workers=1] [--drain-seconds=600]
import { io } from 'socket.io-client';
import { LeadUpdatedMessage } from '@lead-scoring/contracts';
import { FaultSystem } from '../faults/fault-system';
import { pendingEvents } from '../faults/verify';
import { EVENT_TYPES, sleep } from '../faults/traffic';
import { argument, memoryOf, percentile, round } from './bench-support';

const rate = argument('rate', 200);
const seconds = argument('seconds', 30);
const batchSize = argument('batch', 50);
const leads = argument('leads', 500);
const workers = argument('workers', 1);
const drainSeconds = argument('drain-seconds', 600);

async function main(): Promise<void> {
  const faults = await FaultSystem.start('bench-e2e', { workers });
  try {
    const peaks = new Map<string, number>();
    const sampleMemory = () => {
      for (const instance of faults.instances) {
        if (!instance.process.running || !instance.process.pid) continue;
        const key = `${instance.service}:${instance.process.pid}`;
        peaks.set(key, Math.max(peaks.get(key) ?? 0, memoryOf(instance.process.pid).peakMiB));
      }
    };
    const sampler = setInterval(sampleMemory, 1000);

    // One probe per request: a PURCHASE for a lead of its own, so its first lead.updated is that event's.
    const probeSent = new Map<string, number>();
    const socketLatencies: number[] = [];
    const socket = io(faults.url('realtime-gateway'), { auth: { token: faults.adminKey }, transports: ['websocket'] });
    // A coalesced message carries one argument per lead.
    socket.on('lead.updated', (...messages: LeadUpdatedMessage[]) => {
      for (const message of messages) {
        const sent = message.email ? probeSent.get(message.email) : undefined;
        if (sent !== undefined) {
          socketLatencies.push(performance.now() - sent);
          probeSent.delete(message.email as string);
        }
      }
    });
    while (!socket.connected) await sleep(100);

    const requests = Math.round((rate * seconds) / batchSize);
    const intervalMs = (batchSize * 1000) / rate;
    const ingestLatencies: number[] = [];
    let accepted = 0;
    let failed = 0;
    let sequence = 0;
    const inFlight: Promise<void>[] = [];
    const started = performance.now();
    for (let i = 0; i < requests; i++) {
      const due = started + i * intervalMs;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      const probeEmail = `probe-${i}@bench.example`;
      const events = Array.from({ length: batchSize }, (_, j) => {
        const n = sequence++;
        return j === 0
          ? { event_id: `bench-e2e-${n}`, event_type: 'PURCHASE', metadata: { email: probeEmail } }
          : { event_id: `bench-e2e-${n}`, event_type: EVENT_TYPES[n % 5], metadata: { email: `lead${n % leads}@bench.example`, url: '/pricing' } };
      });
      inFlight.push((async () => {
        const t0 = performance.now();
        probeSent.set(probeEmail, t0);
        try {
          const response = await fetch(`${faults.url('ingestion-gateway')}/api/events/batch`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-api-key': faults.ingestKey },
            body: JSON.stringify({ events }),
          });
          const body = (await response.json()) as { accepted?: number };
          if (response.status === 202) {
            ingestLatencies.push(performance.now() - t0);
            accepted += body.accepted ?? 0;
          } else failed += 1;
        } catch {
          failed += 1;
        }
      })());
    }
    await Promise.all(inFlight);
    const sendSeconds = (performance.now() - started) / 1000;

    // Scored events/s: everything accepted, from the first request until nothing is pending any more.
    const drainDeadline = Date.now() + drainSeconds * 1000;
    let pending = await pendingEvents(faults.mongoUri, { any: true });
    while (pending > 0 && Date.now() < drainDeadline) {
      await sleep(1000);
      pending = await pendingEvents(faults.mongoUri, { any: true });
    }
    const scoredSeconds = (performance.now() - started) / 1000;
    await sleep(1000);
    sampleMemory();
    clearInterval(sampler);
    socket.disconnect();

    ingestLatencies.sort((a, b) => a - b);
    socketLatencies.sort((a, b) => a - b);
    console.log(`load: ${rate} events/s for ${seconds} s as batches of ${batchSize} (${requests} requests, ${leads} leads, ${workers} worker(s))`);
    console.log(`accepted events/s: ${round(accepted / sendSeconds)} (${accepted} accepted, ${failed} requests failed, sent in ${round(sendSeconds)} s)`);
    console.log(pending === 0
      ? `scored events/s: ${round(accepted / scoredSeconds)} (all ${accepted} scored ${round(scoredSeconds - sendSeconds)} s after the last request)`
      : `scored events/s: not reached: ${pending} events still pending after ${drainSeconds} s of draining`);
    console.log(`ingest latency per batch request: p50 ${round(percentile(ingestLatencies, 50))} ms, p99 ${round(percentile(ingestLatencies, 99))} ms`);
    console.log(`event-to-socket: p50 ${round(percentile(socketLatencies, 50))} ms, p95 ${round(percentile(socketLatencies, 95))} ms (${socketLatencies.length} of ${requests} probes seen)`);
    console.log(`peak RSS: ${[...peaks.entries()].map(([key, mib]) => `${key} ${round(mib)} MiB`).join(', ')}`);
  } finally {
    await faults.stop();
  }
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
