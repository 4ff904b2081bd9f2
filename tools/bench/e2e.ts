// End-to-end load test: a fixed event rate for a fixed time through the whole system (gateway -> MongoDB ->
// queue -> worker -> realtime gateway -> Socket.io), then the figures of docs/deployment.md "Limits measured".
// Batches (default): one probe per request. --single: one POST /api/events per event, every --probe-every-th a probe.
// Usage: npx tsx tools/bench/e2e.ts [--rate=200] [--seconds=30] [--batch=50] [--leads=500] [--workers=1] [--drain-seconds=600]
//        npx tsx tools/bench/e2e.ts --single [--rate=300] [--seconds=60] [--leads=1000] [--probe-every=10] [--workers=1]
//        [--companies=N]: lead k's email domain is that of company k mod N (default: one domain for every lead)
//        [--partitions=16] [--concurrency=4]: SCORING_PARTITIONS and SCORING_CONCURRENCY (the services' defaults)
//        [--warm-up=S]: first S seconds at the same rate to the same leads, not measured, and scored before the run
// --trigger-ms=200: with a trigger on (score_at_least --trigger-value, default 150: once per lead here) whose loopback
// receiver answers after 200 ms. --trigger-value=50 also fires for every probe lead (a delivery per 7 events).
import { WebhookReceiver } from '../../e2e/src/support/webhook-receiver';
import { FaultSystem } from '../faults/fault-system';
import { EVENT_TYPES } from '../faults/traffic';
import { DEFAULT_SCORING_CONCURRENCY, argument, round } from './bench-support';
import { StorageOperations } from './storage-operations';
import { CpuUsage, PeakMemory, Sent, SocketProbes, agent, describeLoad, openLoop, scoringBacklog, scoringJobTimes, sendJson, singleEventSender, waitUntilScored } from './live-load';

const single = process.argv.includes('--single');
const rate = argument('rate', single ? 300 : 200);
const seconds = argument('seconds', single ? 60 : 30);
const batchSize = argument('batch', 50);
const leads = argument('leads', single ? 1000 : 500);
const probeEvery = argument('probe-every', 10);
const companies = argument('companies', 0);
const workers = argument('workers', 1);
const drainSeconds = argument('drain-seconds', 600);
const triggerMs = process.argv.some((arg) => arg.startsWith('--trigger-ms=')) ? argument('trigger-ms', 200) : null;
const triggerValue = argument('trigger-value', 150);
const warmUpSeconds = argument('warm-up', 0);
const partitions = argument('partitions', 16);
const concurrency = argument('concurrency', DEFAULT_SCORING_CONCURRENCY);

/** A trigger on every lead reaching `triggerValue`, sent to a receiver that answers after `delayMs`. */
async function withTrigger(faults: FaultSystem, delayMs: number): Promise<WebhookReceiver> {
  const receiver = await new WebhookReceiver().start();
  const condition = { type: 'score_at_least', value: triggerValue };
  const created = await sendJson('POST', `${faults.url('ingestion-gateway')}/api/triggers`, faults.adminKey, { name: 'bench', condition, url: receiver.url('bench') });
  if (created.status !== 201) throw new Error(`creating the trigger answered ${created.status}: ${created.body}`);
  receiver.route('bench', { delayMs, status: 200 }, [(JSON.parse(created.body) as { secret: string }).secret]);
  return receiver;
}

/** Batches of `batchSize` events; the first of each is a probe. */
function batchSender(faults: FaultSystem, probes: SocketProbes): (i: number) => Promise<Sent> {
  return async (i) => {
    const events = Array.from({ length: batchSize }, (_, j) => {
      const n = i * batchSize + j;
      return j === 0
        ? { event_id: `bench-e2e-${n}`, event_type: 'PURCHASE', metadata: { email: probes.probe(`probe-${i}@bench.example`) } }
        : { event_id: `bench-e2e-${n}`, event_type: EVENT_TYPES[n % 5], metadata: { email: `lead${n % leads}@bench.example`, url: '/pricing' } };
    });
    const answer = await sendJson('POST', `${faults.url('ingestion-gateway')}/api/events/batch`, faults.ingestKey, { events });
    return { status: answer.status, accepted: answer.status === 202 ? ((JSON.parse(answer.body) as { accepted?: number }).accepted ?? 0) : 0 };
  };
}

/**
 * Sends --warm-up seconds of the same traffic (other event ids, the same leads), unmeasured, and waits until it is
 * scored: the run then measures services that are past their start (compiled code, full connection pools, leads
 * that exist), as a system that has been running is.
 */
async function warmUp(faults: FaultSystem): Promise<void> {
  const probes = await SocketProbes.connect(faults.url('realtime-gateway'), faults.adminKey);
  const load = await openLoop({ rate, seconds: warmUpSeconds }, singleEventSender(faults, probes, { leads, probeEvery, companies, tag: 'bench-warm-up' }));
  probes.close();
  const scored = await waitUntilScored(faults, drainSeconds);
  console.log(`warm-up: ${load.accepted} events in ${warmUpSeconds} s, ${scored ? 'all scored' : 'not all scored'} before the run`);
}

async function main(): Promise<void> {
  const faults = await FaultSystem.start('bench-e2e', {
    workers,
    env: {
      ...(triggerMs === null ? {} : { OUTBOUND_ALLOW_PRIVATE_NETWORKS: 'true' }),
      SCORING_PARTITIONS: String(partitions),
      SCORING_CONCURRENCY: String(concurrency),
    },
  });
  const receiver = triggerMs === null ? null : await withTrigger(faults, triggerMs);
  try {
    if (single && warmUpSeconds > 0) await warmUp(faults);
    const memory = new PeakMemory(faults);
    const cpu = new CpuUsage(faults);
    const storage = await StorageOperations.start(faults.infra);
    const probes = await SocketProbes.connect(faults.url('realtime-gateway'), faults.adminKey);
    const send = single ? singleEventSender(faults, probes, { leads, probeEvery, companies, tag: 'bench-e2e' }) : batchSender(faults, probes);
    const load = await openLoop({ rate: single ? rate : rate / batchSize, seconds }, send);
    const sendingEnded = performance.now();
    const backlog = await scoringBacklog(faults);

    // Scored events/s: everything accepted, from the first request until nothing is pending any more.
    const drained = await waitUntilScored(faults, drainSeconds);
    const drainedIn = (performance.now() - sendingEnded) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    probes.close();

    console.log(single
      ? `load: ${rate} single events/s for ${seconds} s (${leads} leads${companies ? ` at ${companies} companies` : ''}, a probe every ${probeEvery} events, ${workers} worker(s), ${partitions} partitions, ${concurrency} jobs at once per worker)`
      : `load: ${rate} events/s for ${seconds} s as batches of ${batchSize} (${load.requests} requests, ${leads} leads, ${workers} worker(s), ${partitions} partitions, ${concurrency} jobs at once per worker)`);
    for (const line of describeLoad(load, single ? 'event' : 'batch request')) console.log(line);
    console.log(`scoring backlog when sending ended: ${backlog.pendingEvents} events pending, ${backlog.waitingJobs} scoring jobs waiting`);
    console.log(drained
      ? `scored events/s: ${round(load.accepted / (load.seconds + drainedIn))} (all ${load.accepted} scored; time to drain ${round(drainedIn)} s after sending ended)`
      : `scored events/s: not reached: events still pending after ${drainSeconds} s of draining`);
    console.log(probes.describe());
    console.log(probes.timeline());
    console.log(await scoringJobTimes(faults));
    console.log(memory.stop());
    console.log(cpu.describe());
    console.log(await storage.describe(load.accepted));
    if (receiver) {
      const received = receiver.on('bench');
      console.log(`trigger: score_at_least ${triggerValue}; receiver answering after ${triggerMs} ms got ${received.length} deliveries (${received.filter((r) => r.signed).length} signed, ${receiver.duplicateDeliveries().length} duplicated) by the end of the drain`);
    }
  } finally {
    await receiver?.stop();
    agent.destroy();
    await faults.stop();
  }
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
