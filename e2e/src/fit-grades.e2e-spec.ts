import { GradeCounts, HistoryPage, LeadDetail, LeadsPage, RecomputeProgress } from '@lead-scoring/contracts';
import { io, Socket } from 'socket.io-client';
import { startSystem, stopSystem } from './support/harness';
import { waitFor } from './support/ports';
import { RunningSystem } from './support/services';

// Fit (who a lead is) beside engagement (what it did): traits from identify calls and events, the default fit
// rules, grades, the grade filter and counts, and frequency caps, through the running services.
describe('fit scores, grades and frequency caps', () => {
  let system: RunningSystem;
  let socket: Socket;
  const recomputes: RecomputeProgress[] = [];

  beforeAll(async () => {
    system = await startSystem('fit', { RATE_LIMIT_PER_SECOND: '0' });
    socket = io(system.url('realtime-gateway'), { auth: { token: system.adminKey }, transports: ['websocket'] });
    socket.on('recompute.progress', (...messages: RecomputeProgress[]) => recomputes.push(...messages));
    await waitFor('the socket to connect', async () => socket.connected, 10_000);
  });

  afterAll(async () => {
    socket?.disconnect();
    await stopSystem(system);
  });

  function post(path: string, body: unknown, key = system.ingestKey): Promise<Response> {
    return fetch(`${system.url('ingestion-gateway')}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: JSON.stringify(body) });
  }

  async function lead(email: string, check: (lead: LeadDetail) => boolean): Promise<LeadDetail> {
    return waitFor(`${email} as expected`, async () => {
      const response = await system.read(`/api/leads/${encodeURIComponent(email)}`);
      const found = response.status === 200 ? ((await response.json()) as LeadDetail) : undefined;
      return found && check(found) ? found : undefined;
    }, 30_000);
  }

  it('scores fit from identify calls and event metadata, keeps engagement apart, and explains both', async () => {
    expect((await post('/api/identify', { email: 'ann@acme.io', traits: { seniority: 'vp', company_size: 800, country: 'US' }, timestamp: '2026-01-01T09:00:00Z' })).status).toBe(202);
    expect((await system.postEvent({ event_type: 'DEMO_REQUEST', timestamp: '2026-01-02T09:00:00Z', metadata: { email: 'ann@acme.io', industry: 'software' } })).status).toBe(202);
    expect((await system.postEvent({ event_type: 'PURCHASE', timestamp: '2026-01-03T09:00:00Z', metadata: { email: 'ann@acme.io' } })).status).toBe(202);
    // A later identify in event time that arrives first still wins over the earlier one.
    expect((await post('/api/identify', { email: 'ann@acme.io', traits: { country: 'BR' }, timestamp: '2026-01-04T09:00:00Z' })).status).toBe(202);

    const ann = await lead('ann@acme.io', (found) => found.event_count === 4);
    expect(ann).toMatchObject({ score: 150, fit_score: 70, grade: 'A2', traits: { seniority: 'vp', company_size: 800, country: 'BR', industry: 'software', email_domain: 'acme.io' } });
    expect(ann.breakdown.filter((item) => item.kind === 'fit').map((item) => [item.rule_id, item.points]).sort()).toEqual([
      ['default-fit-company-size', 20],
      ['default-fit-decision-maker', 30],
      ['default-fit-industry', 20],
    ]);
    expect(ann.breakdown.filter((item) => item.kind === 'engagement').map((item) => item.rule_id).sort()).toEqual(['default-demo-request', 'default-purchase']);

    const history = (await (await system.read('/api/leads/ann@acme.io/history')).json()) as HistoryPage;
    expect(history.items.map((entry) => [entry.event_type, entry.delta, entry.fit_delta, entry.fit_after, entry.grade_after])).toEqual([
      ['IDENTIFY', 0, 60, 60, 'A3'],
      ['DEMO_REQUEST', 50, 20, 80, 'A2'],
      ['PURCHASE', 100, 0, 80, 'A2'],
      ['IDENTIFY', 0, -10, 70, 'A2'],
    ]);
    expect(history.items[1].fit_rule_ids.sort()).toEqual(['default-fit-company-size', 'default-fit-country', 'default-fit-decision-maker', 'default-fit-industry']);
  });

  it('refuses identify calls that are not valid like events, naming the field', async () => {
    for (const [body, field] of [
      [{ email: 'ann@acme.io' }, 'traits'],
      [{ email: 'ann@acme.io', traits: { email: 'x@y.io' } }, 'traits.email'],
      [{ email: 'ann@acme.io', traits: { $where: 1 } }, 'traits'],
      [{ email: 'ann@acme.io', traits: { plan: 'x' }, kind: 'fit' }, 'kind'],
    ] as const) {
      const response = await post('/api/identify', body);
      expect(response.status).toBe(400);
      expect(JSON.stringify(((await response.json()) as { details: unknown[] }).details)).toContain(field);
    }
    expect((await post('/api/identify', { email: 'ann@acme.io', traits: {} }, 'wrong-key-wrong-key')).status).toBe(401);
  });

  it('re-scores every lead\'s fit and grade when a fit rule is added, and filters and counts leads by grade', async () => {
    expect((await post('/api/identify', { email: 'bob@tiny.io', traits: { seniority: 'manager', company_size: 5, plan: 'enterprise' } })).status).toBe(202);
    await lead('bob@tiny.io', (found) => found.event_count === 1 && found.grade === 'C3');
    const created = await post('/api/rules', { name: 'Enterprise plan', kind: 'fit', points: 40, conditions: [{ field: 'traits.plan', op: 'eq', value: 'enterprise' }] }, system.adminKey);
    expect(created.status).toBe(201);
    const { ruleset_version: version, id } = (await created.json()) as { ruleset_version: number; id: string };
    await waitFor('the recompute done', async () => recomputes.some((progress) => progress.version === version && progress.state === 'done'), 30_000);
    const bob = await lead('bob@tiny.io', (found) => found.ruleset_version === version);
    expect(bob).toMatchObject({ fit_score: 40, grade: 'B3' });
    expect(bob.breakdown).toEqual(expect.arrayContaining([expect.objectContaining({ rule_id: id, kind: 'fit', points: 40 })]));

    const page = (await (await system.read('/api/leads?grade=B3')).json()) as LeadsPage;
    expect(page.items.map((item) => item.email)).toEqual(['bob@tiny.io']);
    const grades = (await (await system.read('/api/analytics/grades')).json()) as GradeCounts;
    expect(grades.fit_labels).toEqual(['A', 'B', 'C']);
    expect(grades.engagement_labels).toEqual(['1', '2', '3']);
    expect(grades.items.find((item) => item.grade === 'B3')?.count).toBe(1);
    expect(grades.items.find((item) => item.grade === 'A2')?.count).toBe(1);
    expect(grades.items.reduce((sum, item) => sum + item.count, 0)).toBe(2);
  });

  it('caps a rule per period in event time, whatever the arrival order', async () => {
    const created = await post('/api/rules', { name: 'Webinar, twice a day', event_type: 'WEBINAR', points: 15, max_per_period: { count: 2, days: 1 } }, system.adminKey);
    expect(created.status).toBe(201);
    const hours = [30, 2, 0, 1, 26, 25];
    for (const [i, hour] of hours.entries()) {
      expect((await system.postEvent({ event_id: `cap-${i}`, event_type: 'WEBINAR', timestamp: new Date(Date.UTC(2026, 1, 1) + hour * 3_600_000).toISOString(), metadata: { email: 'cap@acme.io' } })).status).toBe(202);
    }
    // Hours 0 and 1 count; 2 does not; 25 and 26 do (0 and 1 have left the day before them); 30 does not.
    const capped = await lead('cap@acme.io', (found) => found.event_count === 6);
    expect(capped.score).toBe(60);
    const refused = await post('/api/rules', { name: 'bad cap', event_type: 'WEBINAR', points: 1, max_per_period: { count: 0, days: 1 } }, system.adminKey);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { details: { field: string }[] }).details.map((detail) => detail.field)).toEqual(['max_per_period.count']);
  });
});
