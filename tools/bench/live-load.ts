// The measuring code the load benchmarks share (e2e.ts, single.ts, recompute.ts): a keep-alive HTTP client, open-
// and closed-loop senders, single-event traffic with Socket.io probes (event-to-socket latency), the scoring
// backlog, and the peak memory and CPU time of every process. Not a benchmark of its own.
import { Agent, request } from 'node:http';
import Redis from 'ioredis';
import { Socket, io } from 'socket.io-client';
import { LeadUpdatedMessage, ScoringJob, scoringQueueName } from '@lead-scoring/contracts';
import { FaultSystem } from '../faults/fault-system';
import { pendingEvents } from '../faults/verify';
import { EVENT_TYPES, sleep } from '../faults/traffic';
import { cpuSecondsOf, memoryOf, percentile, round } from './bench-support';

/** Keep-alive connections, more than any run has requests in flight, so the load generator never queues for one. */
export const agent = new Agent({ keepAlive: true, maxSockets: 256 });

export interface Answer {
  status: number;
  body: string;
}

/** One JSON request through the shared keep-alive agent (fetch would open a connection pool per origin it cannot size). */
export function sendJson(method: string, url: string, key: string, body?: unknown): Promise<Answer> {
  const payload = body === undefined ? '' : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), 'x-api-key': key };
    const req = request(url, { method, agent, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** What a sender reports for one request: the HTTP status and how many events it got accepted. */
export interface Sent {
  status: number;
  accepted: number;
}

export interface LoadResult {
  requests: number;
  accepted: number;
  /** Requests answered with anything but 202. */
  non202: number;
  /** Requests without an answer (connection errors). */
  failures: number;
  /** Latency of the requests answered 202, sorted. */
  latencies: number[];
  seconds: number;
}

/** Counts the answers of a load as they come. */
class Tally {
  private readonly started = performance.now();
  private readonly result: LoadResult = { requests: 0, accepted: 0, non202: 0, failures: 0, latencies: [], seconds: 0 };

  async count(send: () => Promise<Sent>): Promise<void> {
    const t0 = performance.now();
    this.result.requests += 1;
    try {
      const { status, accepted } = await send();
      if (status === 202) this.result.latencies.push(performance.now() - t0);
      else this.result.non202 += 1;
      this.result.accepted += accepted;
    } catch {
      this.result.failures += 1;
    }
  }

  done(): LoadResult {
    this.result.latencies.sort((a, b) => a - b);
    return { ...this.result, seconds: (performance.now() - this.started) / 1000 };
  }
}

/**
 * Open loop: request i leaves at start + i/rate s whatever the answers, so slow answers cannot hide queueing; for
 * `seconds`, or until `until()` holds. Resolves once every request is answered.
 */
export async function openLoop(options: { rate: number; seconds: number; until?: () => boolean }, send: (i: number) => Promise<Sent>): Promise<LoadResult> {
  const tally = new Tally();
  const inFlight: Promise<void>[] = [];
  const started = performance.now();
  const total = Math.round(options.rate * options.seconds);
  for (let i = 0; i < total && !options.until?.(); i++) {
    const wait = started + (i * 1000) / options.rate - performance.now();
    if (wait > 0) await sleep(wait);
    inFlight.push(tally.count(() => send(i)));
  }
  await Promise.all(inFlight);
  return tally.done();
}

/** Closed loop: `clients` clients each send their next request as soon as the last is answered, for `seconds`. */
export async function closedLoop(clients: number, seconds: number, send: (i: number) => Promise<Sent>): Promise<LoadResult> {
  const tally = new Tally();
  const deadline = performance.now() + seconds * 1000;
  let sequence = 0;
  await Promise.all(Array.from({ length: clients }, async () => {
    while (performance.now() < deadline) {
      const n = sequence++;
      await tally.count(() => send(n));
    }
  }));
  return tally.done();
}

/** Accepted events, refusals and request latency of a load, one line each. */
export function describeLoad(load: LoadResult, what = 'request'): string[] {
  return [
    `accepted events/s: ${round(load.accepted / load.seconds)} (${load.accepted} accepted in ${round(load.seconds)} s; ${load.requests} requests, ${load.non202} not 202, ${load.failures} failed)`,
    `ingest latency per ${what}: p50 ${round(percentile(load.latencies, 50))} ms, p99 ${round(percentile(load.latencies, 99))} ms`,
  ];
}

/**
 * Event-to-socket latency: a probe is an event for a lead of its own, so that lead's first `lead.updated` message is
 * that event's; the latency runs from the moment the probe was sent.
 */
export class SocketProbes {
  private readonly sentAt = new Map<string, number>();
  private readonly latencies: number[] = [];
  /** When each seen probe was sent, in the order of `latencies`. */
  private readonly sentTimes: number[] = [];
  probesSent = 0;

  private constructor(readonly socket: Socket) {
    // A coalesced message carries one argument per lead.
    socket.on('lead.updated', (...messages: LeadUpdatedMessage[]) => {
      for (const message of messages) {
        const sent = message.email ? this.sentAt.get(message.email) : undefined;
        if (sent === undefined) continue;
        this.latencies.push(performance.now() - sent);
        this.sentTimes.push(sent);
        this.sentAt.delete(message.email as string);
      }
    });
  }

  static async connect(realtimeUrl: string, adminKey: string): Promise<SocketProbes> {
    const probes = new SocketProbes(io(realtimeUrl, { auth: { token: adminKey }, transports: ['websocket'] }));
    while (!probes.socket.connected) await sleep(100);
    return probes;
  }

  /** A fresh probe lead's email, its send time recorded now. */
  probe(email: string): string {
    this.probesSent += 1;
    this.sentAt.set(email, performance.now());
    return email;
  }

  describe(): string {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const at = (p: number) => round(percentile(sorted, p));
    return `event-to-socket: p50 ${at(50)} ms, p95 ${at(95)} ms, p99 ${at(99)} ms (${sorted.length} of ${this.probesSent} probes seen)`;
  }

  /** p95 of the probes sent in each `seconds`-long window, from the first probe on: where latency peaked, and when. */
  timeline(seconds = 10): string {
    if (this.sentTimes.length === 0) return 'event-to-socket p95 per window: no probe seen';
    const first = Math.min(...this.sentTimes);
    const windows: number[][] = [];
    this.sentTimes.forEach((sent, i) => (windows[Math.floor((sent - first) / (seconds * 1000))] ??= []).push(this.latencies[i]));
    const p95s = Array.from(windows, (window) => (window ? `${round(percentile(window.sort((a, b) => a - b), 95) / 1000, 1)}` : '-'));
    return `event-to-socket p95 (s) per ${seconds} s of sending: ${p95s.join(' ')}`;
  }

  close(): void {
    this.socket.disconnect();
  }
}

function leadEmail(lead: number, companies?: number): string {
  return `lead${lead}@${companies ? `company${lead % companies}.bench.example` : 'bench.example'}`;
}

/**
 * Single events over `leads` leads (`lead<n>@bench.example`, or with `companies` the domain of company n modulo
 * that: the analytics count leads per company); every `probeEvery`-th one is a probe: a PURCHASE for a lead of its
 * own. `timestampOf` stamps the n-th event (default: none, so the time it is received).
 */
export function singleEventSender(faults: FaultSystem, probes: SocketProbes, options: { leads: number; probeEvery: number; tag: string; companies?: number; timestampOf?: (n: number) => string }): (n: number) => Promise<Sent> {
  const url = `${faults.url('ingestion-gateway')}/api/events`;
  return async (n) => {
    const id = `${options.tag}-${n}`;
    const timestamp = options.timestampOf ? { timestamp: options.timestampOf(n) } : {};
    const event = options.probeEvery > 0 && n % options.probeEvery === 0
      ? { event_id: id, event_type: 'PURCHASE', ...timestamp, metadata: { email: probes.probe(`probe-${id}@bench.example`) } }
      : { event_id: id, event_type: EVENT_TYPES[n % 5], ...timestamp, metadata: { email: leadEmail(n % options.leads, options.companies), url: '/pricing' } };
    const { status } = await sendJson('POST', url, faults.ingestKey, event);
    return { status, accepted: status === 202 ? 1 : 0 };
  };
}

/** Events stored but not yet scored, and scoring jobs waiting in the partition queues. */
export async function scoringBacklog(faults: FaultSystem): Promise<{ pendingEvents: number; waitingJobs: number }> {
  const redis = new Redis(faults.redisUrl, { maxRetriesPerRequest: 1 });
  try {
    const lengths = await Promise.all(Array.from({ length: faults.partitions }, (_, p) => {
      const key = `${faults.queuePrefix}:${scoringQueueName(p)}`;
      return Promise.all([redis.llen(`${key}:wait`), redis.zcard(`${key}:prioritized`)]);
    }));
    return { pendingEvents: await pendingEvents(faults.mongoUri), waitingJobs: lengths.flat().reduce((sum, n) => sum + n, 0) };
  } finally {
    redis.disconnect();
  }
}

/** Waits until no stored event is pending, at most `seconds`; false if some still are. */
export async function waitUntilScored(faults: FaultSystem, seconds: number): Promise<boolean> {
  const deadline = performance.now() + seconds * 1000;
  while ((await pendingEvents(faults.mongoUri, { any: true })) > 0) {
    if (performance.now() > deadline) return false;
    await sleep(250);
  }
  return true;
}

/** The peak resident memory (kernel high-water mark) of every service process, sampled every second. */
export class PeakMemory {
  private readonly peaks = new Map<string, number>();
  private readonly timer = setInterval(() => this.sample(), 1000);

  constructor(private readonly faults: FaultSystem) {}

  sample(): void {
    for (const instance of this.faults.instances) {
      if (!instance.process.running || !instance.process.pid) continue;
      const key = `${instance.service}:${instance.process.pid}`;
      this.peaks.set(key, Math.max(this.peaks.get(key) ?? 0, memoryOf(instance.process.pid).peakMiB));
    }
  }

  /** Stops sampling and describes the peaks. */
  stop(): string {
    this.sample();
    clearInterval(this.timer);
    return `peak RSS: ${[...this.peaks.entries()].map(([key, mib]) => `${key} ${round(mib)} MiB`).join(', ')}`;
  }
}

/**
 * CPU time of every process over a measurement: the services, Redis, FerretDB, the PostgreSQL server behind it
 * (with all its backends; other databases' work on that server counts too, so run alone) and the load generator.
 */
export class CpuUsage {
  private readonly startedAt = performance.now();
  private readonly start: Map<string, number>;

  constructor(private readonly faults: FaultSystem) {
    this.start = this.sample();
  }

  private sample(): Map<string, number> {
    const seconds = new Map<string, number>();
    const read = (key: string, pid: number | undefined, withChildren = false) => {
      if (!pid) return;
      try {
        seconds.set(key, cpuSecondsOf(pid, withChildren));
      } catch {
        // gone (a stopped instance): it has no figure at the end
      }
    };
    for (const instance of this.faults.instances) read(`${instance.service}:${instance.process.pid}`, instance.process.pid);
    const { redis, ferretdb, postgresql } = this.faults.infra.processIds();
    read('redis', redis);
    read('ferretdb', ferretdb);
    read('postgresql', postgresql, true);
    read('load generator', process.pid);
    return seconds;
  }

  /** CPU seconds per process since construction, and as a share of one core over the wall time. */
  describe(): string {
    const wall = (performance.now() - this.startedAt) / 1000;
    const used = [...this.sample()].map(([key, end]) => [key, end - (this.start.get(key) ?? 0)] as const);
    const total = used.reduce((sum, [, cpu]) => sum + cpu, 0);
    const parts = used.map(([key, cpu]) => `${key} ${round(cpu)} s (${Math.round((100 * cpu) / wall)} %)`);
    return `CPU over ${round(wall)} s: ${parts.join(', ')}; total ${round(total)} s (${Math.round((100 * total) / wall)} % of one core)`;
  }
}

interface CompletedJob {
  startedAt: number;
  ran: number;
  leads: number;
  /** A re-score's slice, or a partition's live (backlog) job. */
  slice: boolean;
}

/** The last 1,000 completed scoring jobs of each partition (BullMQ keeps those). */
async function completedScoringJobs(faults: FaultSystem): Promise<CompletedJob[]> {
  const redis = new Redis(faults.redisUrl, { maxRetriesPerRequest: 1 });
  try {
    const jobs: CompletedJob[] = [];
    for (let p = 0; p < faults.partitions; p++) {
      const key = `${faults.queuePrefix}:${scoringQueueName(p)}`;
      const ids = await redis.zrange(`${key}:completed`, 0, -1);
      const pipeline = redis.pipeline();
      for (const id of ids) pipeline.hmget(`${key}:${id}`, 'processedOn', 'finishedOn', 'returnvalue', 'data');
      for (const [, fields] of (await pipeline.exec()) ?? []) {
        const [processed, finished, result, data] = fields as (string | null)[];
        if (!processed || !finished) continue;
        jobs.push({
          startedAt: Number(processed),
          ran: Number(finished) - Number(processed),
          leads: (JSON.parse(result ?? '{}') as { leads?: number }).leads ?? 0,
          slice: (JSON.parse(data ?? '{}') as Partial<ScoringJob>).reason === 'recompute',
        });
      }
    }
    return jobs;
  } finally {
    redis.disconnect();
  }
}

const percentileOf = (values: number[], p: number) => round(percentile([...values].sort((a, b) => a - b), p));

/**
 * How long the last completed scoring jobs ran, and how many leads each wrote. An event waits for the job in
 * progress to end and then for its own: the worker's share of its time to the browser. (How long a job waited to
 * start says nothing: a partition's backlog job is queued when the one before it ends.)
 */
export async function scoringJobTimes(faults: FaultSystem): Promise<string> {
  const jobs = await completedScoringJobs(faults);
  const ran = jobs.map((job) => job.ran);
  const leads = jobs.map((job) => job.leads);
  return `scoring jobs (the last ${jobs.length} completed): ran p50 ${percentileOf(ran, 50)} ms, p95 ${percentileOf(ran, 95)} ms; leads written p50 ${percentileOf(leads, 50)}, p95 ${percentileOf(leads, 95)}`;
}

/**
 * Live jobs and a re-score's slices apart, per `seconds`-long window from `from` (epoch ms): how many started, and
 * the p95 of how long they ran. Where the event-to-socket timeline peaks, this shows which jobs ran long then.
 */
export async function scoringJobTimeline(faults: FaultSystem, from: number, windows: number, seconds = 10): Promise<string[]> {
  const jobs = await completedScoringJobs(faults);
  return [false, true].map((slice) => {
    const perWindow = Array.from({ length: windows }, (_, w) =>
      jobs.filter((job) => job.slice === slice && job.startedAt >= from + w * seconds * 1000 && job.startedAt < from + (w + 1) * seconds * 1000).map((job) => job.ran),
    );
    const cells = perWindow.map((ran) => (ran.length === 0 ? '-' : `${ran.length}/${percentileOf(ran, 95)}`));
    return `${slice ? 're-score slices' : 'live jobs'} started per ${seconds} s of sending / ran p95 ms: ${cells.join(' ')}`;
  });
}
