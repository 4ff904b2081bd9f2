// Read benchmark (issue 5): p50/p99 latency of the leaderboard, lead detail and activity endpoints (and the other
// reads) with --leads leads and --events events stored, and the event-to-browser latency (202 accepted -> the
// lead's lead.updated on a Socket.io client) under a steady load, on an empty database and on the seeded one.
//
// The stored data is written straight into the MongoDB-protocol server and Redis in the exact shapes the worker
// writes (leads, scored events, analytics rollups per partition, the leaderboard and lead-list indexes), because
// loading a million events through the API and the worker would take hours on this machine. Score histories are
// not seeded (no read measured here uses them).
//
// Usage: npx tsx tools/bench/read.ts [--leads=100000] [--events=1000000] [--samples=300] [--rate=10] [--seconds=20]
import Redis from 'ioredis';
import { MongoClient } from 'mongodb';
import { io } from 'socket.io-client';
import { DEFAULT_RULES, LeadUpdatedMessage } from '@lead-scoring/contracts';
import {
  applyActivity, applyCompanyLead, applyEvent, applyLead, companyBucketOf, companyRollupId, compactCompanyRollup, compactLeadRollup, dayOf, emptyActivityRollup, emptyCompanyRollup,
  emptyLeadRollup,
} from '../../libs/persistence/src/analytics-rollup.math';
import { RECORD_SCRIPT, leaderboardKeys } from '../../libs/persistence/src/leaderboard-keys';
import { publicLeadId } from '../../libs/persistence/src/lead-identity';
import { partitionFor } from '../../libs/queue/src/partition';
import { RunningSystem } from '../../e2e/src/support/services';
import { argument, percentile, round, startBenchSystem, stopBenchSystem } from './bench-support';
import { generator } from '../../e2e/src/support/seeded-random';

const LEADS = argument('leads', 100_000);
const EVENTS = argument('events', 1_000_000);
const SAMPLES = argument('samples', 300);
const RATE = argument('rate', 10);
const SECONDS = argument('seconds', 20);
const PARTITIONS = 16;
const DAY = 86_400_000;
const TYPES = ['PAGE_VIEW', 'EMAIL_OPEN', 'FORM_SUBMISSION', 'DEMO_REQUEST', 'PURCHASE'];
const TYPE_WEIGHTS = [50, 30, 12, 5, 3];
const STAGES = [{ name: 'qualified', min: 200 }, { name: 'hot', min: 100 }, { name: 'warm', min: 50 }, { name: 'cold', min: 0 }];
const RULE_OF = new Map(DEFAULT_RULES.map((rule) => [rule.event_type, rule]));

const random = generator(5);
const pickType = () => {
  let roll = random() * 100;
  for (let i = 0; i < TYPES.length; i++) if ((roll -= TYPE_WEIGHTS[i]) < 0) return TYPES[i];
  return TYPES[0];
};

/** Writes leads, events, rollups and the Redis read models as the worker would have after scoring them. */
async function seed(system: RunningSystem): Promise<void> {
  const mongo = await MongoClient.connect(system.environment.MONGO_URI as string);
  const db = mongo.db();
  const redis = new Redis(system.environment.REDIS_URL as string);
  redis.defineCommand('lsRecordLead', { numberOfKeys: 2, lua: RECORD_SCRIPT });
  const keys = leaderboardKeys(system.environment.QUEUE_PREFIX as string);
  const summaries = new Map<number, ReturnType<typeof emptyLeadRollup>>();
  const companies = new Map<string, ReturnType<typeof emptyCompanyRollup>>();
  const days = new Map<string, ReturnType<typeof emptyActivityRollup>>();
  // Rollups the worker already wrote (the first latency run) are carried on, as the worker would have.
  for (const existing of await db.collection('analytics_rollups').find({}).toArray()) {
    const document = existing as unknown as { _id: string; kind: string; partition: number };
    if (document.kind === 'leads') summaries.set(document.partition, existing as unknown as ReturnType<typeof emptyLeadRollup>);
    else if (document.kind === 'companies') companies.set(document._id, existing as unknown as ReturnType<typeof emptyCompanyRollup>);
    else days.set(document._id, existing as unknown as ReturnType<typeof emptyActivityRollup>);
  }
  const now = Date.now();
  const started = Date.now();
  let eventsWritten = 0;
  const perLead = EVENTS / LEADS;
  const pendingWrites: Promise<unknown>[] = [];
  let leadBatch: object[] = [];
  let eventBatch: object[] = [];
  const flush = async (force = false) => {
    if (eventBatch.length >= 10_000 || (force && eventBatch.length > 0)) {
      pendingWrites.push(db.collection('events').insertMany(eventBatch, { ordered: false }));
      eventBatch = [];
    }
    if (leadBatch.length >= 2_000 || (force && leadBatch.length > 0)) {
      pendingWrites.push(db.collection('leads').insertMany(leadBatch as never[], { ordered: false }));
      leadBatch = [];
    }
    if (pendingWrites.length >= 2 || force) await Promise.all(pendingWrites.splice(0));
  };
  const pipeline = () => redis.pipeline() as unknown as { lsRecordLead(...args: (string | number)[]): void; exec(): Promise<unknown> };
  let redisBatch = pipeline();

  for (let i = 0; i < LEADS; i++) {
    const company = `Company ${i % 2000}${i % 7 === 0 ? '.io' : ''}`;
    const email = `lead${i}@company${i % 2000}.example`;
    const name = `Lead ${i}`;
    const key = email;
    const count = Math.round(perLead * (i + 1)) - Math.round(perLead * i);
    const events = Array.from({ length: count }, (_, k) => ({
      event_id: `seed-${i}-${k}`, event_type: pickType(), timestamp: new Date(now - Math.floor(random() * 90 * DAY)),
    })).sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime() || (a.event_id < b.event_id ? -1 : 1));
    let score = 0;
    const tallies = new Map<string, { rule_id: string; count: number; points: number }>();
    for (const event of events) {
      const rule = RULE_OF.get(event.event_type);
      if (!rule) continue;
      score = Math.min(1000, score + rule.points);
      const tally = tallies.get(rule.id) ?? { rule_id: rule.id, count: 0, points: 0 };
      tallies.set(rule.id, { ...tally, count: tally.count + 1, points: tally.points + rule.points });
    }
    const stage = (STAGES.find((candidate) => score >= candidate.min) as { name: string }).name;
    const first = events[0]?.timestamp ?? null;
    const last = events[events.length - 1] ?? null;
    const lead = {
      _id: key, lead_id: publicLeadId(key), email, name, company, aliases: [], score, stage, event_count: events.length,
      first_event_at: first, last_event_at: last?.timestamp ?? null, last_applied: last ? { timestamp: last.timestamp, event_id: last.event_id } : null,
      rule_tallies: [...tallies.values()], ruleset_version: 1, updated_at: new Date(),
    };
    leadBatch.push(lead);
    const partition = partitionFor(key, PARTITIONS);
    const summary = summaries.get(partition) ?? emptyLeadRollup(partition);
    summaries.set(partition, summary);
    applyLead(summary, lead, 1);
    const bucket = companyBucketOf(company);
    const companyRollup = companies.get(companyRollupId(partition, bucket)) ?? emptyCompanyRollup(partition, bucket);
    companies.set(companyRollup._id, companyRollup);
    applyCompanyLead(companyRollup, company, lead, 1);
    for (const event of events) {
      eventBatch.push({
        event_id: event.event_id, key_source: 'client', lead_key: key, event_type: event.event_type, source: 'bench', timestamp: event.timestamp,
        received_at: new Date(event.timestamp.getTime() + 1000), metadata: { email, name, company }, email, name, company, state: 'scored',
      });
      applyEvent(summary, event);
      const id = `p${partition}|day|${dayOf(event.timestamp)}`;
      const day = days.get(id) ?? emptyActivityRollup(partition, dayOf(event.timestamp));
      days.set(id, day);
      applyActivity(day, event);
    }
    eventsWritten += events.length;
    const entry = { lead_id: lead.lead_id, email, name, company, score, stage, last_event_at: lead.last_event_at?.toISOString() ?? null };
    redisBatch.lsRecordLead(keys.scores, keys.leads, 'set', keys.index, entry.lead_id, JSON.stringify(entry), score, lead.last_event_at?.getTime() ?? 0);
    if (i % 1000 === 999) {
      await redisBatch.exec();
      redisBatch = pipeline();
    }
    await flush();
    if (i % 10_000 === 9_999) console.log(`  seeded ${i + 1} leads, ${eventsWritten} events (${round((Date.now() - started) / 1000)} s)`);
  }
  await redisBatch.exec();
  await flush(true);
  const rollups = [
    ...[...summaries.values()].map((summary) => compactLeadRollup({ ...summary, updated_at: new Date() })),
    ...[...companies.values()].map(compactCompanyRollup),
    ...days.values(),
  ];
  for (let i = 0; i < rollups.length; i += 500) {
    const chunk = rollups.slice(i, i + 500) as { _id: string }[];
    await db.collection<{ _id: string }>('analytics_rollups').bulkWrite(chunk.map((document) => ({ replaceOne: { filter: { _id: document._id }, replacement: document, upsert: true } })));
  }
  console.log(`seeded ${LEADS} leads, ${eventsWritten} events, ${rollups.length} rollup documents in ${round((Date.now() - started) / 1000)} s`);
  redis.disconnect();
  await mongo.close();
}

async function latencies(system: RunningSystem, label: string, paths: () => string, samples: number): Promise<string> {
  const times: number[] = [];
  let errors = 0;
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    const response = await system.read(paths());
    await response.arrayBuffer();
    times.push(performance.now() - started);
    if (response.status !== 200) errors += 1;
  }
  times.sort((a, b) => a - b);
  const line = `| ${label} | ${round(percentile(times, 50))} ms | ${round(percentile(times, 99))} ms | ${samples}${errors ? `, ${errors} errors` : ''} |`;
  console.log(line);
  return line;
}

/** Open loop: RATE new leads' events per second for SECONDS; time from each 202 to its lead.updated. */
async function eventToBrowser(system: RunningSystem, label: string): Promise<string> {
  const socket = io(system.url('realtime-gateway'), { auth: { token: system.adminKey }, transports: ['websocket'] });
  await new Promise<void>((resolve, reject) => {
    socket.on('connect', () => resolve());
    socket.on('connect_error', reject);
  });
  const accepted = new Map<string, number>();
  const seen = new Map<string, number>();
  socket.on('lead.updated', (...messages: LeadUpdatedMessage[]) => {
    const at = performance.now();
    for (const message of messages) if (message.email && !seen.has(message.email)) seen.set(message.email, at);
  });
  const total = RATE * SECONDS;
  const run = Date.now();
  let failures = 0;
  const sends: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = run + (i * 1000) / RATE;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())));
    const email = `live-${run}-${i}@browser.example`;
    sends.push(
      system.postEvent({ event_id: `live-${run}-${i}`, event_type: 'PAGE_VIEW', metadata: { email } }).then(async (response) => {
        await response.arrayBuffer();
        if (response.status === 202) accepted.set(email, performance.now());
        else failures += 1;
      }),
    );
  }
  await Promise.all(sends);
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline && [...accepted.keys()].some((email) => !seen.has(email))) await new Promise((resolve) => setTimeout(resolve, 200));
  socket.disconnect();
  const times = [...accepted].filter(([email]) => seen.has(email)).map(([email, at]) => Math.max(0, (seen.get(email) as number) - at)).sort((a, b) => a - b);
  const missing = accepted.size - times.length;
  const line = `| event -> browser, ${label} | p50 ${round(percentile(times, 50))} ms | p95 ${round(percentile(times, 95))} ms | ${times.length} of ${total} events at ${RATE}/s${missing ? `, ${missing} not seen in 120 s` : ''}${failures ? `, ${failures} not accepted` : ''} |`;
  console.log(line);
  return line;
}

async function main(): Promise<void> {
  const system = await startBenchSystem('read', { SCORING_PARTITIONS: String(PARTITIONS) });
  const lines: string[] = [];
  try {
    lines.push(await eventToBrowser(system, 'empty database'));
    await seed(system);
    const leadId = () => {
      const i = Math.floor(random() * LEADS);
      return publicLeadId(`lead${i}@company${i % 2000}.example`);
    };
    lines.push(await latencies(system, 'GET /api/leaderboard?limit=10', () => '/api/leaderboard?limit=10', SAMPLES));
    lines.push(await latencies(system, 'GET /api/leads/:id (random lead)', () => `/api/leads/${leadId()}`, SAMPLES));
    lines.push(await latencies(system, 'GET /api/analytics/activity (default: 30 days by day)', () => '/api/analytics/activity', SAMPLES));
    lines.push(await latencies(system, 'GET /api/analytics/activity?bucket=hour (720 buckets)', () => '/api/analytics/activity?bucket=hour', Math.ceil(SAMPLES / 3)));
    lines.push(await latencies(system, 'GET /api/analytics/summary', () => '/api/analytics/summary', Math.ceil(SAMPLES / 3)));
    lines.push(await latencies(system, 'GET /api/analytics/companies', () => '/api/analytics/companies', Math.ceil(SAMPLES / 3)));
    lines.push(await latencies(system, 'GET /api/leads?limit=50 (first page by score)', () => '/api/leads?limit=50', Math.ceil(SAMPLES / 3)));
    lines.push(await latencies(system, 'GET /api/leads?stage=hot&limit=50', () => '/api/leads?stage=hot&limit=50', Math.ceil(SAMPLES / 3)));
    lines.push(await latencies(system, 'GET /api/leads/:id/events (10 events)', () => `/api/leads/${leadId()}/events`, Math.ceil(SAMPLES / 3)));
    lines.push(await eventToBrowser(system, `${LEADS} leads and ${EVENTS} events stored`));
  } finally {
    await stopBenchSystem(system);
  }
  console.log(`\nleads ${LEADS}, events ${EVENTS}\n${lines.join('\n')}`);
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
