import { MongoClient } from 'mongodb';
import { DEFAULT_SETTINGS, Delivery, HistoryEntry, TriggerCondition, TriggerWithSecret } from '@lead-scoring/contracts';
import { deriveFirings, initialLeadState, startTriggerProgress } from '@lead-scoring/scoring';
import { WebhookReceiver } from '../../../e2e/src/support/webhook-receiver';
import { FaultSystem } from '../fault-system';
import { Scenario, ScenarioOptions, ScenarioResult, conclude, withSystem } from '../scenario';
import { Ledger, chunks, generateEvents, generator, sendAll, sleep } from '../traffic';
import { MONGO_CLIENT_OPTIONS, pendingEvents } from '../verify';

/** Crossed by nearly every lead of the generated traffic (about 50 events a lead, about 30 points an event). */
const CONDITION: TriggerCondition = { type: 'score_at_least', value: 500, rearm_below: 250 };
const ROUTE = 'kill';
/** After scoring is done: a delivery whose job died with its worker comes back through the stalled-job check, or
 * within two minutes through the overdue-deliveries reconciler (60 s overdue, 60 s sweeps). */
const DELIVERIES_TIMEOUT_MS = 300_000;

/**
 * worker-kill with a trigger: two workers, one killed with SIGKILL (and a new one started) repeatedly while the
 * stream is sent, scored and its firings delivered to a loopback receiver that checks signatures. Besides the
 * events checks, every lead's firings derived from its final history (the pure deriveFirings) must be exactly the
 * deliveries recorded, each delivered and received signed; deliveries seen twice by webhook-id are counted (a kill
 * between the receiver's 2xx and the worker's record of it can cause one: reported, not hidden).
 *
 * The default rules give no negative points and decay is off, so scores never fall: each lead fires once at most.
 */
export function triggerKillScenario(kills?: number): Scenario {
  return {
    name: 'trigger-kill',
    description: 'kill -9 a worker repeatedly while firings of a trigger are found and delivered',
    defaultEvents: 20_000,
    run: async (options: ScenarioOptions): Promise<ScenarioResult> => {
      const receiver = await new WebhookReceiver().start();
      receiver.route(ROUTE, { status: 200 });
      try {
        return await withSystem(
          () => FaultSystem.start('trigger-kill', { workers: 2, env: { OUTBOUND_ALLOW_PRIVATE_NETWORKS: 'true', DELIVERY_RETRY_BASE_MS: '500' } }),
          (faults) => runWith(faults, receiver, options, kills),
        );
      } finally {
        await receiver.stop();
      }
    },
  };
}

async function runWith(faults: FaultSystem, receiver: WebhookReceiver, options: ScenarioOptions, kills: number | undefined): Promise<ScenarioResult> {
  const started = Date.now();
  const admin = (path: string, init: { method?: string; body?: unknown } = {}) =>
    fetch(`${faults.url('ingestion-gateway')}${path}`, {
      method: init.method ?? 'GET',
      headers: { 'content-type': 'application/json', 'x-api-key': faults.adminKey },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  const created = await admin('/api/triggers', { method: 'POST', body: { name: 'trigger-kill', condition: CONDITION, url: receiver.url(ROUTE) } });
  if (created.status !== 201) throw new Error(`creating the trigger answered ${created.status}: ${await created.text()}`);
  const trigger = (await created.json()) as TriggerWithSecret;
  receiver.route(ROUTE, { status: 200 }, [trigger.secret]);
  options.log(`  trigger ${trigger.id}: ${JSON.stringify(trigger.condition)} -> ${trigger.url}`);

  const pendingDeliveries = async (): Promise<number> => {
    const response = await admin(`/api/triggers/${trigger.id}/deliveries?status=pending&limit=100`);
    if (response.status !== 200) throw new Error(`deliveries answered ${response.status}`);
    const page = (await response.json()) as { items: Delivery[]; next_cursor: string | null };
    return page.items.length;
  };

  const random = generator(options.seed + 1);
  const targetKills = kills ?? Math.max(3, Math.round(options.events / 5_000));
  const events = generateEvents(options.events, Math.max(10, Math.ceil(options.events / 50)), options.seed, 'trig');
  const ledger = new Ledger();
  const batches = chunks(events, 500);
  let sending = true;
  let killed = 0;
  // As in worker-kill: the stream is sent in targetKills + 1 parts, part k after the k-th kill.
  const parts = chunks(batches, Math.ceil(batches.length / (targetKills + 1)));
  const sender = (async () => {
    for (const [k, part] of parts.entries()) {
      while (killed < Math.min(k, targetKills)) await sleep(50);
      await sendAll(part, 2, ledger, { gateway: () => faults.url('ingestion-gateway'), ingestKey: faults.ingestKey });
    }
  })().finally(() => { sending = false; });

  // Each kill waits until `step` more webhooks reached the receiver since the previous one (at most 90 s), so that
  // it lands while firings are being found and delivered. Kills a few seconds apart regardless would all land
  // while the jobs of the previous victim are still locked (BullMQ's lock: 30 s), with nothing being scored.
  const step = Math.max(5, Math.floor(Math.max(10, Math.ceil(options.events / 50)) / (2 * (targetKills + 1))));
  const killedDuring = { ingest: 0, scoring: 0, delivering: 0 };
  const killedWithoutProgress: number[] = [];
  const problems: string[] = [];
  const killer = (async () => {
    // The first part of the stream alone gives few firings: half a step for the first kill.
    let receivedAtKill = -Math.ceil(step / 2);
    while (killed < targetKills) {
      const by = Date.now() + 90_000;
      while (receiver.receipts.length < receivedAtKill + step && Date.now() < by) await sleep(100);
      const flowing = receiver.receipts.length >= receivedAtKill + step;
      const scoring = await pendingEvents(faults.mongoUri, { any: true }).catch(() => 1);
      const deliveriesLeft = await pendingDeliveries().catch(() => 1);
      if (!sending && scoring === 0 && deliveriesLeft === 0) break;
      const running = faults.running('scoring-worker');
      const victim = running[Math.floor(random() * running.length)];
      await victim.process.stop('SIGKILL');
      killed += 1;
      if (!flowing) killedWithoutProgress.push(killed);
      killedDuring[sending ? 'ingest' : scoring > 0 ? 'scoring' : 'delivering'] += 1;
      receivedAtKill = receiver.receipts.length;
      options.log(`  ${new Date().toISOString()} kill -9 worker pid ${victim.process.pid} (${killed}/${targetKills}, ${ledger.accepted.size} accepted, ${receivedAtKill} webhooks received, ` +
        `${deliveriesLeft}${deliveriesLeft >= 100 ? '+' : ''} deliveries pending${flowing ? '' : `, fewer than ${step} webhooks since the last kill`})`);
      await faults.startInstance('scoring-worker').catch((error: Error) => problems.push(`restarting a worker failed: ${error.message}`));
      await sleep(1000 + Math.floor(random() * 2000));
    }
  })();
  await Promise.all([sender, killer]);
  options.log(`  sent ${ledger.sent} events in ${ledger.requests} requests; ${killed} kills`);
  if (killed === 0) problems.push('no worker was killed: the stream was scored before the first kill');

  // Scoring done and checked (the events checks of every scenario)...
  const result = await conclude('trigger-kill', faults, ledger, started, options, {}, problems);
  // ... then every delivery settled.
  const deliveriesBy = Date.now() + DELIVERIES_TIMEOUT_MS;
  let lastReport = Date.now();
  let left = await pendingDeliveries().catch(() => Number.NaN);
  while (left !== 0 && Date.now() < deliveriesBy) {
    if (Date.now() - lastReport > 15_000) {
      lastReport = Date.now();
      options.log(`  waiting: ${left}${left >= 100 ? '+' : ''} deliveries pending`);
    }
    await sleep(2000);
    left = await pendingDeliveries().catch(() => Number.NaN);
  }
  if (left !== 0) result.problems.push(`deliveries still pending ${DELIVERIES_TIMEOUT_MS / 1000} s after scoring was done`);
  // A receipt whose answer was being written when the last delivery settled.
  await sleep(1000);

  const check = await checkFirings(faults, receiver, trigger, options);
  result.problems.push(...check.problems);
  result.figures = {
    ...result.figures,
    kills: killed, kills_during_ingest: killedDuring.ingest, kills_during_scoring: killedDuring.scoring, kills_during_delivery: killedDuring.delivering,
    kills_without_new_webhooks: killedWithoutProgress.length,
    ...check.figures,
  };
  result.seconds = Math.round((Date.now() - started) / 100) / 10;
  result.ok = result.ok && result.problems.length === 0;
  return result;
}

interface FiringsCheck {
  figures: Record<string, number>;
  problems: string[];
}

/**
 * (1) the firings derived from each lead's final history (GET /api/leads/:id/history, all pages) are exactly the
 * deliveries recorded (GET /api/triggers/:id/deliveries, all pages), all delivered; (2) each reached the receiver
 * signed, under its delivery id as webhook-id; (3) the webhook-ids the receiver answered 2xx more than once.
 * Also: each lead's GET /api/leads/:id/firings lists the same deliveries.
 */
async function checkFirings(faults: FaultSystem, receiver: WebhookReceiver, trigger: TriggerWithSecret, options: ScenarioOptions): Promise<FiringsCheck> {
  const problems: string[] = [];
  const problem = (text: string) => {
    if (problems.length < 20) problems.push(text);
  };
  const realtime = faults.url('realtime-gateway');
  const read = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${realtime}${path}`, { headers: { authorization: `Bearer ${faults.adminKey}` } });
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
    return (await response.json()) as T;
  };

  // Every recorded delivery of the trigger.
  const deliveries: Delivery[] = [];
  let cursor = '';
  do {
    const response = await fetch(`${faults.url('ingestion-gateway')}/api/triggers/${trigger.id}/deliveries?limit=100${cursor ? `&cursor=${cursor}` : ''}`, {
      headers: { 'x-api-key': faults.adminKey },
    });
    if (response.status !== 200) throw new Error(`deliveries page answered ${response.status}`);
    const page = (await response.json()) as { items: Delivery[]; next_cursor: string | null };
    deliveries.push(...page.items);
    cursor = page.next_cursor ?? '';
  } while (cursor);
  const byStatus: Record<string, number> = { pending: 0, delivered: 0, failed: 0, suppressed: 0 };
  for (const delivery of deliveries) byStatus[delivery.status] = (byStatus[delivery.status] ?? 0) + 1;
  const recorded = new Map<string, Delivery>();
  for (const delivery of deliveries) {
    const key = `${delivery.lead_id}#${delivery.firing.n}`;
    if (recorded.has(key)) problem(`firing ${key} is recorded twice: ${recorded.get(key)?.id} and ${delivery.id}`);
    recorded.set(key, delivery);
    if (delivery.status !== 'delivered') problem(`delivery ${delivery.id} (${key}) is ${delivery.status} after ${delivery.attempts.length} attempts: ${JSON.stringify(delivery.attempts.at(-1) ?? null)}`);
  }

  // Every lead's firings from its final history.
  const client = await MongoClient.connect(faults.mongoUri, MONGO_CLIENT_OPTIONS);
  let leadIds: string[];
  try {
    leadIds = (await client.db().collection<{ lead_id: string }>('leads').find({}, { projection: { _id: 0, lead_id: 1 } }).toArray()).map((lead) => lead.lead_id);
    // For the log: when each unsent delivery was recorded against when the event it fired at was received.
    for (const delivery of deliveries.filter((d) => d.status !== 'delivered').slice(0, 10)) {
      const event = await client.db().collection('events').findOne({ event_id: delivery.firing.event_id }, { projection: { _id: 0, received_at: 1, lead_key: 1 } });
      const late = event ? await client.db().collection('events').countDocuments({ lead_key: event.lead_key, timestamp: { $lte: new Date(delivery.firing.timestamp) }, received_at: { $gte: new Date(Date.parse(delivery.created_at) - 60_000), $lte: new Date(delivery.created_at) } }) : null;
      options.log(`  ${delivery.status} ${delivery.id}: recorded ${delivery.created_at}, firing ${JSON.stringify(delivery.firing)}; ` +
        `its event received ${event?.received_at instanceof Date ? event.received_at.toISOString() : 'never'}; ${late} events of the lead at or before the firing received in the minute before the record`);
    }
  } finally {
    await client.close();
  }
  const initial = initialLeadState(DEFAULT_SETTINGS);
  const start = { score: initial.score, stage: initial.stage };
  const expected = new Map<string, { leadId: string; n: number; event_id: string }>();
  let historyEntries = 0;
  let moved = 0;
  let firingsApiMismatches = 0;
  for (const leadId of leadIds) {
    const history: HistoryEntry[] = [];
    let next = '';
    do {
      const page = await read<{ items: HistoryEntry[]; next_cursor: string | null }>(`/api/leads/${encodeURIComponent(leadId)}/history?limit=500${next ? `&cursor=${next}` : ''}`);
      history.push(...page.items);
      next = page.next_cursor ?? '';
    } while (next);
    historyEntries += history.length;
    const { firings } = deriveFirings(CONDITION, startTriggerProgress(CONDITION, start), start, history);
    for (const firing of firings) {
      const key = `${leadId}#${firing.n}`;
      expected.set(key, { leadId, n: firing.n, event_id: firing.event_id });
      // A late event can move a crossing earlier after it was recorded: the recorded firing keeps its first event.
      const delivery = recorded.get(key);
      if (delivery && delivery.firing.event_id !== firing.event_id) moved += 1;
    }
    // The lead's own view of its firings (realtime gateway) must list the same deliveries.
    const own = (await read<{ items: Delivery[] }>(`/api/leads/${encodeURIComponent(leadId)}/firings?limit=200`)).items.filter((d) => d.trigger_id === trigger.id);
    const ownIds = new Set(own.map((delivery) => delivery.id));
    const recordedIds = new Set([...recorded.values()].filter((delivery) => delivery.lead_id === leadId).map((delivery) => delivery.id));
    if (ownIds.size !== recordedIds.size || [...ownIds].some((id) => !recordedIds.has(id))) {
      firingsApiMismatches += 1;
      problem(`GET /api/leads/${leadId}/firings lists ${[...ownIds].join(',') || 'none'}, the trigger's deliveries ${[...recordedIds].join(',') || 'none'}`);
    }
  }
  const missing = [...expected.keys()].filter((key) => !recorded.has(key));
  const extra = [...recorded.keys()].filter((key) => !expected.has(key));
  if (missing.length > 0) problem(`${missing.length} expected firings have no delivery, e.g. ${missing.slice(0, 3).join(', ')}`);
  if (extra.length > 0) problem(`${extra.length} deliveries are not firings of the final histories, e.g. ${extra.slice(0, 3).join(', ')}`);

  // What the receiver got.
  const receipts = receiver.on(ROUTE);
  const unsigned = receipts.filter((receipt) => !receipt.signed);
  if (unsigned.length > 0) problem(`${unsigned.length} webhooks arrived without a valid signature, e.g. webhook-id ${unsigned[0].webhookId}`);
  const receivedOk = new Map<string, number>();
  let foreign = 0;
  for (const receipt of receipts) {
    const body = receipt.body as { data?: { lead?: { lead_id?: string }; firing?: { n?: number } } };
    const key = `${body.data?.lead?.lead_id}#${body.data?.firing?.n}`;
    const delivery = recorded.get(key);
    if (!delivery || delivery.id !== receipt.webhookId) {
      foreign += 1;
      problem(`a webhook (webhook-id ${receipt.webhookId}, firing ${key}) matches no recorded delivery`);
      continue;
    }
    if (receipt.signed && receipt.answered !== null && receipt.answered < 300) receivedOk.set(key, (receivedOk.get(key) ?? 0) + 1);
  }
  const notReceived = [...expected.keys()].filter((key) => !receivedOk.has(key));
  if (notReceived.length > 0) problem(`${notReceived.length} expected firings never reached the receiver signed, e.g. ${notReceived.slice(0, 3).join(', ')}`);
  // Reported, not a failure by itself: a kill between the receiver's 2xx and the worker's record can cause one.
  const duplicates = receiver.duplicateDeliveries(ROUTE);
  if (duplicates.length > 0) {
    options.log(`  ${duplicates.length} webhook-ids answered 2xx more than once: ${duplicates.slice(0, 10).join(', ')}`);
    for (const id of duplicates.slice(0, 10)) {
      const delivery = deliveries.find((d) => d.id === id);
      const times = receipts.filter((receipt) => receipt.webhookId === id).map((receipt) => new Date(receipt.at).toISOString());
      options.log(`    ${id}: received at ${times.join(', ')}; recorded attempts ${JSON.stringify(delivery?.attempts ?? null)}`);
    }
  }
  const multiple = [...expected.values()].filter((firing) => firing.n > 1).length;
  return {
    problems,
    figures: {
      history_entries: historyEntries,
      firings_expected: expected.size,
      firings_after_first: multiple,
      deliveries_recorded: deliveries.length,
      delivered: byStatus.delivered,
      pending: byStatus.pending,
      failed: byStatus.failed,
      suppressed: byStatus.suppressed,
      webhooks_received: receipts.length,
      received_signed: receivedOk.size,
      unsigned: unsigned.length,
      foreign_webhooks: foreign,
      webhook_duplicates: duplicates.length,
      crossings_moved_earlier: moved,
      firings_api_mismatches: firingsApiMismatches,
    },
  };
}
