// Recompute benchmark: how long the re-score that follows a rule or settings change takes to report done.
// Seeds --leads leads with --events events through the batch API (each lead's events two days apart, and one
// BENCH_RARE event, a type without a rule, for 1 lead in 100), waits until they are scored, then times:
//   (a) a settings change that changes every lead: decay on, 10 % per full day without events;
//   (b) a new rule for BENCH_RARE, which only 1 % of the leads have;
//   (c) with --live-rate=N > 0, a second settings change (decay 20 %) while single events arrive at N/s (a probe
//       every --probe-every events, as e2e.ts --single): event-to-socket latency during a full recompute, over
//       its first --live-seconds (0: all of it; the recompute is still timed to the end). The live events are
//       stamped just after the seeded ones (--live-timestamps=seeded), or not at all (now: each then ends two years
//       of a lead's inactivity, and decay makes it a dozen history entries). --live-only skips (a) and (b). Per 10 s
//       of sending it also prints how many live jobs and re-score slices started, and how long their slowest 5 % ran.
// "Done" is the first of the `recompute.progress` message with state done and GET /api/rules/recompute saying so.
// Usage: npx tsx tools/bench/recompute.ts [--leads=10000] [--events=100000] [--live-rate=0] [--live-seconds=0] [--live-timestamps=seeded|now] [--probe-every=10] [--workers=1] [--live-only]
import { RecomputeProgress, ScoringSettings } from '@lead-scoring/contracts';
import { FaultSystem } from '../faults/fault-system';
import { generator } from '../faults/traffic';
import { DEFAULT_SCORING_CONCURRENCY, argument, round } from './bench-support';
import { CpuUsage, PeakMemory, SocketProbes, agent, describeLoad, openLoop, scoringJobTimeline, sendJson, singleEventSender, waitUntilScored } from './live-load';

const leads = argument('leads', 10_000);
const eventCount = argument('events', 100_000);
const liveRate = argument('live-rate', 0);
const liveSeconds = argument('live-seconds', 0);
const probeEvery = argument('probe-every', 10);
const liveTimestamps = process.argv.find((arg) => arg.startsWith('--live-timestamps='))?.split('=')[1] ?? 'seeded';
if (liveTimestamps !== 'seeded' && liveTimestamps !== 'now') throw new Error(`--live-timestamps must be seeded or now, not ${liveTimestamps}`);
const workers = argument('workers', 1);
const liveOnly = process.argv.includes('--live-only');
const BATCH = 1000; // the batch API's maximum
const SENDERS = 4;
const TYPES = ['PAGE_VIEW', 'EMAIL_OPEN', 'FORM_SUBMISSION', 'DEMO_REQUEST', 'PURCHASE'];
const RARE_TYPE = 'BENCH_RARE';
const START = Date.parse('2025-01-01T00:00:00Z');
const TIMEOUT_MS = 60 * 60_000;

/** Event n goes to lead n % leads, so a lead's consecutive events are `leads` steps apart: make that two days. */
function seedEvents(): object[] {
  const random = generator(7);
  const step = Math.ceil((2 * 86_400_000) / leads);
  const event = (n: number, lead: number, type: string) => ({
    event_id: `seed-${n}`, event_type: type, timestamp: new Date(START + n * step).toISOString(),
    metadata: { email: `lead${lead}@bench.example`, company: `Company ${lead % 97}` },
  });
  const events = Array.from({ length: eventCount }, (_, n) => event(n, n % leads, TYPES[Math.floor(random() * TYPES.length)]));
  for (let lead = 0; lead < leads; lead += 100) events.push(event(eventCount + lead, lead, RARE_TYPE));
  return events;
}

async function seed(faults: FaultSystem, events: object[]): Promise<void> {
  const batches = Array.from({ length: Math.ceil(events.length / BATCH) }, (_, i) => events.slice(i * BATCH, (i + 1) * BATCH));
  await Promise.all(Array.from({ length: SENDERS }, async () => {
    for (let batch = batches.shift(); batch; batch = batches.shift()) {
      const answer = await sendJson('POST', `${faults.url('ingestion-gateway')}/api/events/batch`, faults.ingestKey, { events: batch });
      const accepted = answer.status === 202 ? (JSON.parse(answer.body) as { accepted: number }).accepted : 0;
      if (accepted !== batch.length) throw new Error(`seed batch refused: ${answer.status} ${answer.body.slice(0, 300)}`);
    }
  }));
}

/** Admin API call; returns the parsed answer, or throws on a status other than `expected`. */
async function admin<T>(faults: FaultSystem, method: string, path: string, expected: number, body?: unknown): Promise<T> {
  const answer = await sendJson(method, `${faults.url('ingestion-gateway')}${path}`, faults.adminKey, body);
  if (answer.status !== expected) throw new Error(`${method} ${path}: ${answer.status} ${answer.body.slice(0, 300)}`);
  return JSON.parse(answer.body) as T;
}

/** Recompute progress as the dashboard sees it: Socket.io messages, and the REST endpoint every 2 s. */
class RecomputeWatch {
  private readonly done = new Map<number, RecomputeProgress>();

  constructor(probes: SocketProbes, private readonly faults: FaultSystem) {
    probes.socket.on('recompute.progress', (...items: RecomputeProgress[]) => {
      for (const item of items) if (item.state === 'done') this.done.set(item.version, item);
    });
  }

  async until(version: number): Promise<RecomputeProgress> {
    const deadline = Date.now() + TIMEOUT_MS;
    for (let tick = 1; Date.now() < deadline; tick++) {
      const seen = this.done.get(version);
      if (seen) return seen;
      if (tick % 8 === 0) {
        const progress = await admin<RecomputeProgress>(this.faults, 'GET', '/api/rules/recompute', 200);
        if (progress.version === version && progress.state === 'done') return progress;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`the recompute of ruleset version ${version} was not done after ${TIMEOUT_MS / 60_000} minutes`);
  }
}

/** Times `change` (which returns the new ruleset version) until its recompute reports done, and its CPU per process. */
async function timed(label: string, faults: FaultSystem, watch: RecomputeWatch, change: () => Promise<number>): Promise<void> {
  const cpu = new CpuUsage(faults);
  const started = performance.now();
  const version = await change();
  const progress = await watch.until(version);
  const seconds = (performance.now() - started) / 1000;
  console.log(`${label}: version ${version} done in ${round(seconds, 2)} s, ${progress.total} leads: ${round(progress.total / seconds)} leads/s`);
  console.log(`    ${cpu.describe()}`);
}

async function changeDecay(faults: FaultSystem, percent: number): Promise<number> {
  const { ruleset_version: _, ...settings } = await admin<ScoringSettings & { ruleset_version: number }>(faults, 'GET', '/api/settings', 200);
  return (await admin<{ ruleset_version: number }>(faults, 'PUT', '/api/settings', 200, { ...settings, decay: { enabled: true, percent, period_days: 1 } })).ruleset_version;
}

async function main(): Promise<void> {
  const faults = await FaultSystem.start('bench-recompute', { workers, env: { SCORING_CONCURRENCY: String(DEFAULT_SCORING_CONCURRENCY) } });
  try {
    const memory = new PeakMemory(faults);
    const probes = await SocketProbes.connect(faults.url('realtime-gateway'), faults.adminKey);
    const watch = new RecomputeWatch(probes, faults);

    const events = seedEvents();
    const seeding = performance.now();
    await seed(faults, events);
    const accepted = (performance.now() - seeding) / 1000;
    if (!(await waitUntilScored(faults, TIMEOUT_MS / 1000))) throw new Error('the seeded events were not scored in time');
    const scored = (performance.now() - seeding) / 1000;
    console.log(`seeded ${events.length} events (${eventCount} + ${events.length - eventCount} ${RARE_TYPE}) over ${leads} leads in batches of ${BATCH}: accepted in ${round(accepted)} s, all scored after ${round(scored)} s (${round(events.length / scored)} events/s); ${workers} worker(s), ${faults.partitions} partitions`);

    if (!liveOnly) await timed('(a) settings change, decay on (every lead changes)', faults, watch, () => changeDecay(faults, 10));
    if (!liveOnly) await timed(`(b) new rule for ${RARE_TYPE} (1 % of the leads have one)`, faults, watch, async () =>
      (await admin<{ ruleset_version: number }>(faults, 'POST', '/api/rules', 201, { name: 'Bench rare event', event_type: RARE_TYPE, points: 25 })).ruleset_version);

    if (liveRate > 0) {
      let recomputing = true;
      // Stamped just after the seeded events, as leads going on with their activity: stamped with today's date, each
      // event would end almost two years of inactivity, and with decay on (20 % a day) leave a dozen DECAY entries.
      const liveStart = START + (eventCount + leads) * Math.ceil((2 * 86_400_000) / leads);
      const timestampOf = liveTimestamps === 'seeded' ? (n: number) => new Date(liveStart + n * 1000).toISOString() : undefined;
      const send = singleEventSender(faults, probes, { leads, probeEvery, tag: 'bench-live', timestampOf });
      const sendingFrom = Date.now();
      const [load] = await Promise.all([
        openLoop({ rate: liveRate, seconds: liveSeconds || TIMEOUT_MS / 1000, until: () => !recomputing }, send),
        timed(`(c) settings change, decay 20 %, under ${liveRate} single events/s${liveSeconds ? ` for its first ${liveSeconds} s` : ''}`, faults, watch, () => changeDecay(faults, 20)).finally(() => { recomputing = false; }),
      ]);
      await waitUntilScored(faults, 60);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      for (const line of describeLoad(load, 'event')) console.log(`    ${line}`);
      console.log(`    ${probes.describe()}`);
      console.log(`    ${probes.timeline()}`);
      for (const line of await scoringJobTimeline(faults, sendingFrom, Math.max(1, Math.round(load.seconds / 10)))) console.log(`    ${line}`);
    }
    probes.close();
    console.log(memory.stop());
  } finally {
    agent.destroy();
    await faults.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
