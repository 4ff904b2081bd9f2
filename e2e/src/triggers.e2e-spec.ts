import { io, Socket } from 'socket.io-client';
import { Delivery, LeadDetail, LeadUpdatedMessage, RecomputeProgress, TriggerWithSecret } from '@lead-scoring/contracts';
import { startSystem, stopSystem } from './support/harness';
import { waitFor } from './support/ports';
import { RunningSystem } from './support/services';
import { WebhookReceiver } from './support/webhook-receiver';

// Triggers against a real HTTP receiver on loopback that checks every signature. Each test uses its own leads (and,
// where it matters, its own trigger and route), so the tests can share one system in order.
describe('triggers and outbound webhooks', () => {
  let system: RunningSystem;
  let receiver: WebhookReceiver;
  let socket: Socket;
  const updates: LeadUpdatedMessage[] = [];
  const recomputes: RecomputeProgress[] = [];
  const deliveryUpdates: Delivery[] = [];

  beforeAll(async () => {
    receiver = await new WebhookReceiver().start();
    system = await startSystem('triggers', { RATE_LIMIT_PER_SECOND: '0', OUTBOUND_ALLOW_PRIVATE_NETWORKS: 'true', DELIVERY_RETRY_BASE_MS: '200' });
    socket = io(system.url('realtime-gateway'), { auth: { token: system.adminKey }, transports: ['websocket'] });
    socket.on('lead.updated', (...messages: LeadUpdatedMessage[]) => updates.push(...messages));
    socket.on('recompute.progress', (...messages: RecomputeProgress[]) => recomputes.push(...messages));
    socket.on('delivery.updated', (...messages: Delivery[]) => deliveryUpdates.push(...messages));
    await waitFor('the socket to connect', async () => socket.connected, 10_000);
    // A rule that takes points away, so that leads can fall back below a line.
    expect((await admin('POST', '/api/rules', { name: 'Downgrade', event_type: 'DOWNGRADE', points: -20 })).status).toBe(201);
    expect((await admin('POST', '/api/rules', { name: 'Webinar', event_type: 'WEBINAR', points: 50 })).status).toBe(201);
    await waitFor('the rule changes to be re-scored', async () => recomputes.some((progress) => progress.version === 3 && progress.state === 'done'), 30_000);
  });

  afterAll(async () => {
    socket?.disconnect();
    await stopSystem(system);
    await receiver?.stop();
  });

  function admin(method: string, path: string, body?: unknown): Promise<Response> {
    return fetch(`${system.url('ingestion-gateway')}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-api-key': system.adminKey },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  async function createTrigger(route: string, condition: unknown, extra: Record<string, unknown> = {}): Promise<TriggerWithSecret> {
    const response = await admin('POST', '/api/triggers', { name: `to ${route}`, condition, url: receiver.url(route), ...extra });
    expect(response.status).toBe(201);
    const trigger = (await response.json()) as TriggerWithSecret;
    receiver.accept(route, [trigger.secret]);
    return trigger;
  }

  let clock = Date.UTC(2026, 0, 1);
  async function send(email: string, types: string[]): Promise<void> {
    for (const type of types) {
      clock += 60_000;
      const response = await system.postEvent({ event_type: type, timestamp: new Date(clock).toISOString(), metadata: { email } });
      expect(response.status).toBe(202);
    }
  }

  async function leadScored(email: string, score: number, events: number): Promise<LeadDetail> {
    return waitFor(`${email} at ${score} after ${events} events`, async () => {
      const response = await system.read(`/api/leads/${encodeURIComponent(email)}`);
      const lead = response.status === 200 ? ((await response.json()) as LeadDetail) : undefined;
      return lead && lead.event_count === events && lead.score === score ? lead : undefined;
    }, 30_000);
  }

  async function firingsOf(email: string): Promise<Delivery[]> {
    return ((await (await system.read(`/api/leads/${encodeURIComponent(email)}/firings`)).json()) as { items: Delivery[] }).items;
  }

  async function deliveriesOf(triggerId: string, status = ''): Promise<Delivery[]> {
    const items: Delivery[] = [];
    let cursor = '';
    do {
      const page = (await (await admin('GET', `/api/triggers/${triggerId}/deliveries?limit=20${status ? `&status=${status}` : ''}${cursor ? `&cursor=${cursor}` : ''}`)).json()) as { items: Delivery[]; next_cursor: string | null };
      items.push(...page.items);
      cursor = page.next_cursor ?? '';
    } while (cursor);
    return items;
  }

  it('announces a lead crossing 150 once however it hovers, and again only after it fell below the re-arm line', async () => {
    const trigger = await createTrigger('main', { type: 'score_at_least', value: 150, rearm_below: 120 });
    expect(trigger).toMatchObject({ id: expect.stringMatching(/^trg_/), format: 'standard', active: true, condition: { type: 'score_at_least', value: 150, rearm_below: 120 } });
    expect(trigger.secret).toMatch(/^whsec_/);
    expect(await (await admin('GET', `/api/triggers/${trigger.id}`)).json()).not.toHaveProperty('secret');

    // 50, 100, 150 (fires), 130, 180, 160, 140, 120: it hovers above the re-arm line.
    await send('hover@acme.io', ['DEMO_REQUEST', 'DEMO_REQUEST', 'DEMO_REQUEST', 'DOWNGRADE', 'DEMO_REQUEST', 'DOWNGRADE', 'DOWNGRADE', 'DOWNGRADE']);
    await leadScored('hover@acme.io', 120, 8);
    const first = await waitFor('the first firing delivered', async () => (await firingsOf('hover@acme.io')).find((delivery) => delivery.status === 'delivered'), 20_000);
    expect(first.firing).toMatchObject({ n: 1, score_before: 100, score_after: 150 });
    expect(await firingsOf('hover@acme.io')).toHaveLength(1);

    // 100 (below 120: re-armed), then 200: the second firing.
    await send('hover@acme.io', ['DOWNGRADE', 'PURCHASE']);
    await leadScored('hover@acme.io', 200, 10);
    await waitFor('the second firing delivered', async () => (await firingsOf('hover@acme.io')).filter((delivery) => delivery.status === 'delivered').length === 2, 20_000);
    const receipts = receiver.on('main').filter((receipt) => (receipt.body as { data: { lead: { email: string } } }).data.lead.email === 'hover@acme.io');
    expect(receipts.map((receipt) => (receipt.body as { data: { firing: { n: number } } }).data.firing.n)).toEqual([1, 2]);
    expect(receipts.every((receipt) => receipt.signed)).toBe(true);
    const deliveries = await firingsOf('hover@acme.io');
    expect(new Set(receipts.map((receipt) => receipt.webhookId))).toEqual(new Set(deliveries.map((delivery) => delivery.id)));
    expect(receipts[1].body).toMatchObject({
      type: 'lead.trigger',
      data: { trigger: { id: trigger.id, name: 'to main' }, lead: { email: 'hover@acme.io', score: 200, stage: 'qualified' }, firing: { n: 2, score_before: 100, score_after: 200, stage_before: 'hot', stage_after: 'qualified' } },
    });
    // Attempts' updates reach the browsers in batches (every 200 ms).
    await waitFor('delivery.updated for the second firing', async () => deliveryUpdates.some((update) => update.id === deliveries[0].id && update.status === 'delivered'), 10_000);
  });

  it('sends nothing new when a late event moves a crossing earlier', async () => {
    await send('late@acme.io', ['DEMO_REQUEST', 'DEMO_REQUEST', 'DEMO_REQUEST']);
    await leadScored('late@acme.io', 150, 3);
    await waitFor('the firing delivered', async () => (await firingsOf('late@acme.io')).some((delivery) => delivery.status === 'delivered'), 20_000);
    // A purchase from before all of them: the lead now crosses 150 at its first demo request.
    const response = await system.postEvent({ event_type: 'PURCHASE', timestamp: new Date(Date.UTC(2025, 11, 1)).toISOString(), metadata: { email: 'late@acme.io' } });
    expect(response.status).toBe(202);
    await leadScored('late@acme.io', 250, 4);
    const firings = await firingsOf('late@acme.io');
    expect(firings.map((delivery) => [delivery.firing.n, delivery.status])).toEqual([[1, 'delivered']]);
    expect(receiver.on('main').filter((receipt) => (receipt.body as { data: { lead: { email: string } } }).data.lead.email === 'late@acme.io')).toHaveLength(1);
  });

  it('records a rule change that lifts 50 leads over the line as 50 suppressed firings and sends none', async () => {
    const emails = Array.from({ length: 50 }, (_, i) => `bulk${i}@bulk.io`);
    for (const email of emails) await send(email, ['WEBINAR', 'WEBINAR']);
    await waitFor('the 50 leads at 100', async () => {
      const leads = await Promise.all(emails.map(async (email) => (await system.read(`/api/leads/${email}`)).json() as Promise<LeadDetail>));
      return leads.every((lead) => lead.score === 100);
    }, 60_000);
    const before = receiver.receipts.length;
    const rules = ((await (await admin('GET', '/api/rules')).json()) as { items: { id: string; event_type: string }[] }).items;
    const webinar = rules.find((rule) => rule.event_type === 'WEBINAR')!;
    const patched = (await (await admin('PATCH', `/api/rules/${webinar.id}`, { points: 80 })).json()) as { ruleset_version: number };
    await waitFor('the recompute done', async () => recomputes.some((progress) => progress.version === patched.ruleset_version && progress.state === 'done'), 60_000);
    const mainTrigger = ((await (await admin('GET', '/api/triggers')).json()) as { items: { id: string; name: string }[] }).items.find((trigger) => trigger.name === 'to main')!;
    const suppressed = (await deliveriesOf(mainTrigger.id, 'suppressed')).filter((delivery) => delivery.lead.email?.endsWith('@bulk.io'));
    expect(suppressed).toHaveLength(50);
    expect(new Set(suppressed.map((delivery) => delivery.lead.email))).toEqual(new Set(emails));
    expect(suppressed.every((delivery) => delivery.attempts.length === 0 && delivery.firing.score_after === 160)).toBe(true);
    expect(receiver.receipts.slice(before).filter((receipt) => JSON.stringify(receipt.body).includes('@bulk.io'))).toHaveLength(0);

    // Their next event is theirs: one that lifts a bulk lead again after a fall is sent.
    // 160, 140, 120, 100 (below 120: re-armed), 180.
    await send('bulk0@bulk.io', ['DOWNGRADE', 'DOWNGRADE', 'DOWNGRADE', 'WEBINAR']);
    await leadScored('bulk0@bulk.io', 180, 6);
    await waitFor('bulk0 announced for its own event', async () => (await firingsOf('bulk0@bulk.io')).some((delivery) => delivery.firing.n === 2 && delivery.status === 'delivered'), 20_000);
  });

  it('records a new trigger on leads already past its line as suppressed, and sends later crossings', async () => {
    const trigger = await createTrigger('late-trigger', { type: 'score_at_least', value: 100 });
    // hover@ is at 200: its next event re-folds it with the new trigger; its old crossing is suppressed.
    await send('hover@acme.io', ['PAGE_VIEW']);
    await leadScored('hover@acme.io', 205, 11);
    const hover = await waitFor('the suppressed firing', async () => (await firingsOf('hover@acme.io')).find((delivery) => delivery.trigger_id === trigger.id), 20_000);
    expect(hover.status).toBe('suppressed');
    await send('fresh@acme.io', ['PURCHASE']);
    await waitFor('the fresh crossing delivered', async () => (await firingsOf('fresh@acme.io')).some((delivery) => delivery.trigger_id === trigger.id && delivery.status === 'delivered'), 20_000);
    expect(receiver.on('late-trigger').map((receipt) => (receipt.body as { data: { lead: { email: string } } }).data.lead.email)).toEqual(['fresh@acme.io']);
    expect((await admin('PATCH', `/api/triggers/${trigger.id}`, { active: false })).status).toBe(200);
  });

  it('retries a receiver that answers 500 three times, and delivers once with 4 attempts logged', async () => {
    const trigger = await createTrigger('flaky', { type: 'score_at_least', value: 500 });
    receiver.route('flaky', { statuses: [500, 500, 500, 200] }, [trigger.secret]);
    await send('flaky@acme.io', ['PURCHASE', 'PURCHASE', 'PURCHASE', 'PURCHASE', 'PURCHASE']);
    const delivered = await waitFor('the delivery after retries', async () => (await deliveriesOf(trigger.id)).find((delivery) => delivery.status === 'delivered'), 30_000);
    expect(delivered.attempts.map((attempt) => attempt.status_code)).toEqual([500, 500, 500, 200]);
    expect(delivered.attempts.every((attempt) => attempt.duration_ms >= 0)).toBe(true);
    expect(receiver.on('flaky').map((receipt) => receipt.webhookId)).toEqual([delivered.id, delivered.id, delivered.id, delivered.id]);
    expect(receiver.on('flaky').every((receipt) => receipt.signed)).toBe(true);
    expect(receiver.duplicateDeliveries('flaky')).toEqual([]);
    expect((await admin('DELETE', `/api/triggers/${trigger.id}`)).status).toBe(200);
  });

  it('fails a 4xx at once, and sends it again on a retry by hand', async () => {
    const trigger = await createTrigger('gone', { type: 'score_at_least', value: 400 });
    receiver.route('gone', { status: 410 }, [trigger.secret]);
    await send('gone@acme.io', ['PURCHASE', 'PURCHASE', 'PURCHASE', 'PURCHASE']);
    const failed = await waitFor('the failed delivery', async () => (await deliveriesOf(trigger.id, 'failed'))[0], 30_000);
    expect(failed.attempts.map((attempt) => attempt.status_code)).toEqual([410]);
    expect(failed.next_attempt_at).toBeNull();
    const delivered = await deliveriesOf(trigger.id, 'delivered');
    expect(delivered).toEqual([]);

    receiver.route('gone', { status: 204 }, [trigger.secret]);
    const retried = await admin('POST', `/api/deliveries/${failed.id}/retry`);
    expect(retried.status).toBe(200);
    expect(((await retried.json()) as Delivery).status).toBe('pending');
    const done = await waitFor('the retried delivery', async () => (await deliveriesOf(trigger.id, 'delivered'))[0], 30_000);
    expect(done.attempts.map((attempt) => attempt.status_code)).toEqual([410, 204]);
    const again = await admin('POST', `/api/deliveries/${failed.id}/retry`);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: 'conflict', message: expect.stringContaining('delivered') });
    expect((await admin('DELETE', `/api/triggers/${trigger.id}`)).status).toBe(200);
  });

  it('tests a destination, rotates the secret (both sign for a while), and refuses metadata addresses', async () => {
    const trigger = await createTrigger('test-send', { type: 'stage_entered', stage: 'qualified' }, { active: false });
    receiver.route('test-send', { status: 200 }, [trigger.secret]);
    const tested = await admin('POST', `/api/triggers/${trigger.id}/test`);
    expect(await tested.json()).toMatchObject({ ok: true, status_code: 200, error: null });
    expect(receiver.on('test-send').at(-1)).toMatchObject({ signed: true, body: { type: 'lead.trigger', data: { trigger: { id: trigger.id }, lead: { lead_id: 'ld_sample' } } } });

    const rotated = (await (await admin('POST', `/api/triggers/${trigger.id}/rotate-secret`)).json()) as TriggerWithSecret;
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(trigger.secret);
    for (const secrets of [[trigger.secret], [rotated.secret]]) {
      receiver.accept('test-send', secrets);
      await admin('POST', `/api/triggers/${trigger.id}/test`);
      expect(receiver.on('test-send').at(-1)?.signed).toBe(true);
    }

    for (const url of ['http://169.254.169.254/latest/meta-data', 'http://metadata.google.internal/', 'http://[fd00:ec2::254]/']) {
      const refused = await admin('POST', '/api/triggers', { name: 'metadata', condition: { type: 'score_at_least', value: 1 }, url });
      expect(refused.status).toBe(400);
      expect((await refused.json()).details).toEqual([expect.objectContaining({ field: 'url' })]);
    }
    for (const [body, field] of [
      [{ name: 'x', condition: { type: 'score_at_least', value: 10, rearm_below: 20 }, url: receiver.url('x') }, 'condition.rearm_below'],
      [{ name: 'x', condition: { type: 'stage_entered', stage: 'nope' }, url: receiver.url('x') }, 'condition.stage'],
      [{ name: 'x', condition: { type: 'score_at_least', value: 1e309 }, url: receiver.url('x') }, 'condition.value'],
      [{ name: 'x', condition: { type: 'when_ready' }, url: receiver.url('x') }, 'condition.type'],
      [{ name: 'x', condition: { type: 'score_below', value: 5 }, url: 'ftp://example.com/' }, 'url'],
      [{ name: 'x', condition: { type: 'score_below', value: 5 }, url: receiver.url('x'), format: 'teams' }, 'format'],
    ] as const) {
      const response = await admin('POST', '/api/triggers', body);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { details: { field: string }[] }).details.map((detail) => detail.field)).toContain(field);
    }
    expect((await admin('GET', `/api/triggers/${trigger.id}/deliveries?status=maybe`)).status).toBe(400);
    expect((await admin('GET', `/api/triggers/${trigger.id}/deliveries?cursor=eyJ0Ijo1fQ`)).status).toBe(400);
    expect((await admin('POST', '/api/triggers/preview', { condition: { type: 'score_at_least', value: 150 } })).status).toBe(200);
  });

  it('keeps scoring in real time while a destination never answers', async () => {
    const trigger = await createTrigger('silent', { type: 'score_at_least', value: 5 });
    receiver.route('silent', { silent: true }, [trigger.secret]);
    const started = Date.now();
    const emails = Array.from({ length: 40 }, (_, i) => `quiet${i}@silent.io`);
    await Promise.all(emails.map((email) => send(email, ['PAGE_VIEW'])));
    // Every lead's update reaches the socket while the receiver still holds every delivery it got unanswered (the
    // deliveries time out only after 10 s): scoring did not wait for them.
    await waitFor('every silent lead on the socket', async () => emails.every((email) => updates.some((update) => update.email === email)), 30_000);
    const scoredWithin = Date.now() - started;
    // Their firings are all recorded, and not one attempt has ended yet: each is held by the receiver (or queued
    // behind those that are) until its 10 s timeout.
    const pending = await deliveriesOf(trigger.id, 'pending');
    expect(pending).toHaveLength(40);
    expect(pending.every((delivery) => delivery.attempts.length === 0)).toBe(true);
    const held = receiver.on('silent');
    expect(held.length).toBeGreaterThan(0);
    process.stdout.write(`scored 40 leads in ${scoredWithin} ms while ${held.length} deliveries hung\n`);
    expect((await admin('DELETE', `/api/triggers/${trigger.id}`)).status).toBe(200);
  });
});
