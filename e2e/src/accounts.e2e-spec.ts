import Redis from 'ioredis';
import { io, Socket } from 'socket.io-client';
import { AccountDetail, AccountSummary, AccountsPage, LeadDetail, ScoringSettings } from '@lead-scoring/contracts';
import { AccountLead, AccountStore } from '@lead-scoring/persistence';
import { startExtraInstance } from './support/extra-instances';
import { startSystem, stopSystem } from './support/harness';
import { waitFor } from './support/ports';
import { scoringQueuesIdle } from './support/scoring-queues';
import { DEFAULT_POINTS, stageOf } from './support/read-model';
import { RunningSystem } from './support/services';
import { generator } from './support/seeded-random';

// SPEC.md "Fit, grades and accounts", Accounts: an account's score follows its leads, the strategy in the settings,
// rule changes and recomputes, exactly, while two workers fold its leads at once.

type Strategy = ScoringSettings['accounts'];

/** The account score a strategy gives these engagement scores (written from the spec, not from the scripts). */
function accountScore(scores: number[], { strategy, n }: Strategy): number {
  const best = [...scores].sort((a, b) => b - a);
  if (strategy === 'max') return best[0];
  if (strategy === 'sum') return best.reduce((sum, score) => sum + score, 0);
  const top = best.slice(0, n);
  return Math.round((top.reduce((sum, score) => sum + score, 0) / top.length) * 100) / 100;
}

const CONTOSO = 'Contoso Ltd';
/** Five leads, their events (default points in comments) and one without a rule (score 0). */
const CONTOSO_EVENTS: Record<string, string[]> = {
  ann: ['PURCHASE', 'DEMO_REQUEST', 'PAGE_VIEW', 'PAGE_VIEW'], // 160
  bob: ['DEMO_REQUEST', 'FORM_SUBMISSION', 'EMAIL_OPEN'], // 80
  cat: ['FORM_SUBMISSION', 'EMAIL_OPEN', 'EMAIL_OPEN', 'PAGE_VIEW'], // 45
  dan: ['DEMO_REQUEST', 'PAGE_VIEW', 'PAGE_VIEW', 'PAGE_VIEW', 'PAGE_VIEW'], // 70
  eve: ['WEBINAR_JOINED'], // 0
};
const FABRIKAM = 'Fabrikam';
const FABRIKAM_LEADS = 30;
const TYPES = Object.keys(DEFAULT_POINTS);

function scoresOf(events: Record<string, string[]>, points: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(events).map(([lead, types]) => [lead, types.reduce((sum, type) => sum + (points[type] ?? 0), 0)]));
}

describe('accounts', () => {
  let system: RunningSystem;
  let socket: Socket;
  const updates: AccountSummary[] = [];
  let secondWorker: string;
  const random = generator(Number(process.env.E2E_SEED ?? 20261203));
  const fabrikamEvents: Record<string, string[]> = {};
  for (let i = 0; i < FABRIKAM_LEADS; i++) fabrikamEvents[`f${i}`] = Array.from({ length: 1 + Math.floor(random() * 4) }, () => TYPES[Math.floor(random() * TYPES.length)]);

  beforeAll(async () => {
    system = await startSystem('accounts', { RATE_LIMIT_PER_SECOND: '0' });
    secondWorker = await startExtraInstance(system, 'scoring-worker', 'scoring-worker-2');
    socket = io(system.url('realtime-gateway'), { auth: { token: system.adminKey }, transports: ['websocket'] });
    socket.on('account.updated', (...accounts: AccountSummary[]) => updates.push(...accounts));
    await waitFor('the socket to connect', async () => socket.connected, 10_000);
  }, 180_000);

  afterAll(async () => {
    socket?.disconnect();
    await stopSystem(system);
  });

  function admin(method: string, path: string, body?: unknown): Promise<Response> {
    return fetch(`${system.url('ingestion-gateway')}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-api-key': system.adminKey },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  async function account(name: string): Promise<AccountDetail | undefined> {
    const response = await system.read(`/api/accounts/${encodeURIComponent(name)}`);
    return response.status === 200 ? ((await response.json()) as AccountDetail) : undefined;
  }

  /** Waits for the account to hold `leads` leads at `score`. */
  function accountAt(name: string, leads: number, score: number, timeoutMs = 60_000): Promise<AccountDetail> {
    return waitFor(`${name} at ${score} with ${leads} leads`, async () => {
      const found = await account(name);
      return found && found.leads === leads && found.score === score ? found : undefined;
    }, timeoutMs);
  }

  /** PUT /api/settings with the full settings object, `accounts` changed. */
  async function setStrategy(strategy: Strategy): Promise<number> {
    const { ruleset_version: _version, ...settings } = (await (await admin('GET', '/api/settings')).json()) as ScoringSettings & { ruleset_version: number };
    const response = await admin('PUT', '/api/settings', { ...settings, accounts: strategy });
    expect(response.status).toBe(200);
    return ((await response.json()) as { ruleset_version: number }).ruleset_version;
  }

  async function scoredEvents(url: string): Promise<number> {
    const metrics = await (await fetch(`${url}/metrics`)).text();
    return [...metrics.matchAll(/^events_scored_total\{[^}]*\} (\d+(?:\.\d+)?)$/gm)].reduce((sum, match) => sum + Number(match[1]), 0);
  }

  it('scores a five-lead account exactly while two workers fold its leads at once, under each strategy', async () => {
    const all = [...Object.entries(CONTOSO_EVENTS).map(([lead, types]) => ({ lead, types, company: CONTOSO })), ...Object.entries(fabrikamEvents).map(([lead, types]) => ({ lead, types, company: FABRIKAM }))];
    const events = all.flatMap(({ lead, types, company }) =>
      types.map((type, k) => ({ event_id: `acc-${lead}-${k}`, event_type: type, timestamp: `2026-01-0${1 + (k % 9)}T10:00:0${k % 10}Z`, metadata: { email: `${lead}@contoso.example`, name: lead.toUpperCase(), company } })),
    );
    // Shuffled (each lead's events arrive out of order) and sent in bursts, each on every partition at once, with
    // the queues idle in between: under one long backlog the worker that finishes a job takes the next one itself,
    // and the second worker could stay idle.
    events.sort(() => random() - 0.5);
    const redis = new Redis(system.infra.redisUrl);
    try {
      for (let offset = 0; offset < events.length; offset += 12) {
        const statuses = await Promise.all(events.slice(offset, offset + 12).map((event) => system.postEvent(event).then((response) => response.status)));
        expect(statuses.every((status) => status === 202)).toBe(true);
        await waitFor('the scoring queues to be idle', () => scoringQueuesIdle(redis, String(system.environment.QUEUE_PREFIX), 4), 30_000, 50);
      }
    } finally {
      redis.disconnect();
    }

    const contoso = scoresOf(CONTOSO_EVENTS, DEFAULT_POINTS);
    const fabrikam = Object.values(scoresOf(fabrikamEvents, DEFAULT_POINTS));
    const sum: Strategy = { strategy: 'sum', n: 3 };
    const detail = await accountAt(CONTOSO, 5, accountScore(Object.values(contoso), sum));
    expect(detail.score).toBe(355);
    await accountAt(FABRIKAM, FABRIKAM_LEADS, accountScore(fabrikam, sum));
    expect(await scoredEvents(system.url('scoring-worker'))).toBeGreaterThan(0);
    expect(await scoredEvents(secondWorker)).toBeGreaterThan(0);

    expect(detail).toMatchObject({
      account: CONTOSO, leads: 5, engaged_leads: 4,
      best_lead: { lead_id: expect.stringMatching(/^ld_/), email: 'ann@contoso.example', name: 'ANN', score: 160 },
      stages: { cold: 2, hot: 1, warm: 2 },
    });
    expect(detail.lead_items.map((lead) => [lead.email, lead.score])).toEqual([
      ['ann@contoso.example', 160], ['bob@contoso.example', 80], ['dan@contoso.example', 70], ['cat@contoso.example', 45], ['eve@contoso.example', 0],
    ]);
    expect(detail.score_history[detail.score_history.length - 1].score).toBe(355);

    await setStrategy({ strategy: 'max', n: 3 });
    await accountAt(CONTOSO, 5, 160);
    await accountAt(FABRIKAM, FABRIKAM_LEADS, accountScore(fabrikam, { strategy: 'max', n: 3 }));

    const top3: Strategy = { strategy: 'top_n_average', n: 3 };
    await setStrategy(top3);
    const averaged = await accountAt(CONTOSO, 5, 103.33);
    expect(averaged.score_history.slice(-3).map((point) => point.score)).toEqual([355, 160, 103.33]);
    await accountAt(FABRIKAM, FABRIKAM_LEADS, accountScore(fabrikam, top3));
    const contosoScores = () => updates.filter((update) => update.account === CONTOSO).map((update) => update.score);
    await waitFor('account.updated for each strategy', async () => [355, 160, 103.33].every((score) => contosoScores().includes(score)), 10_000).catch((error: Error) => {
      throw new Error(`${error.message}; got ${JSON.stringify(contosoScores())}`);
    });
  });

  it('follows a rule change and its recompute, under the strategy in force and after another strategy change', async () => {
    const patched = await admin('PATCH', '/api/rules/default-demo-request', { points: 120 });
    expect(patched.status).toBe(200);
    const version = ((await patched.json()) as { ruleset_version: number }).ruleset_version;
    const points = { ...DEFAULT_POINTS, DEMO_REQUEST: 120 };
    const contoso = scoresOf(CONTOSO_EVENTS, points); // ann 230, bob 150, dan 140, cat 45, eve 0
    const fabrikam = Object.values(scoresOf(fabrikamEvents, points));
    const after = await accountAt(CONTOSO, 5, 173.33);
    expect(after).toMatchObject({ engaged_leads: 4, best_lead: { email: 'ann@contoso.example', score: 230 }, stages: { cold: 2, hot: 2, qualified: 1 } });
    await accountAt(FABRIKAM, FABRIKAM_LEADS, accountScore(fabrikam, { strategy: 'top_n_average', n: 3 }));
    const ann = (await (await system.read('/api/leads/ann@contoso.example')).json()) as LeadDetail;
    expect(ann).toMatchObject({ score: 230, stage: stageOf(230), ruleset_version: version });

    await setStrategy({ strategy: 'sum', n: 3 });
    await accountAt(CONTOSO, 5, accountScore(Object.values(contoso), { strategy: 'sum', n: 3 }));
    expect((await account(CONTOSO))?.score).toBe(565);
    await accountAt(FABRIKAM, FABRIKAM_LEADS, accountScore(fabrikam, { strategy: 'sum', n: 3 }));
  });

  it('moves a lead whose company changed to its new account; the old one, emptied, is gone', async () => {
    const send = (k: number, company: string, type: string) =>
      system.postEvent({ event_id: `acc-zed-${k}`, event_type: type, timestamp: `2026-02-0${k + 1}T10:00:00Z`, metadata: { email: 'zed@northwind.example', company } });
    expect((await send(0, 'Northwind', 'FORM_SUBMISSION')).status).toBe(202);
    await accountAt('Northwind', 1, 20);
    expect((await send(1, 'Tailspin', 'EMAIL_OPEN')).status).toBe(202);
    await accountAt('Tailspin', 1, 30);
    expect(await account('Northwind')).toBeUndefined();
    await waitFor('account.updated telling Northwind is empty', async () => updates.some((update) => update.account === 'Northwind' && update.leads === 0), 10_000);
  });

  it('lists accounts in each order, page by page, and answers 400 naming the parameter, 404 and 401', async () => {
    const walk = async (sort: string): Promise<AccountSummary[]> => {
      const items: AccountSummary[] = [];
      let cursor: string | null = null;
      do {
        const response = await system.read(`/api/accounts?sort=${encodeURIComponent(sort)}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
        expect(response.status).toBe(200);
        const page = (await response.json()) as AccountsPage;
        expect(page.total).toBe(3);
        items.push(...page.items);
        cursor = page.next_cursor;
      } while (cursor);
      return items;
    };
    const byScore = await walk('-score');
    expect(byScore.map((item) => item.account)).toEqual([FABRIKAM, CONTOSO, 'Tailspin']);
    expect(byScore[1]).toEqual({
      account: CONTOSO, score: 565, leads: 5, engaged_leads: 4,
      best_lead: { lead_id: expect.stringMatching(/^ld_/), email: 'ann@contoso.example', name: 'ANN', score: 230 },
      stages: { cold: 2, hot: 2, qualified: 1 },
    });
    expect((await walk('score')).map((item) => item.account)).toEqual(['Tailspin', CONTOSO, FABRIKAM]);
    expect((await walk('-leads')).map((item) => item.account)).toEqual([FABRIKAM, CONTOSO, 'Tailspin']);
    expect((await walk('account')).map((item) => item.account)).toEqual([CONTOSO, FABRIKAM, 'Tailspin']);
    const first = (await (await system.read('/api/accounts')).json()) as AccountsPage;
    expect(first).toEqual({ items: byScore, next_cursor: null, total: 3 });

    const fieldOf = async (path: string) => {
      const response = await system.read(path);
      expect(response.status).toBe(400);
      return ((await response.json()) as { details: { field: string }[] }).details.map((detail) => detail.field);
    };
    expect(await fieldOf('/api/accounts?sort=name')).toEqual(['sort']);
    expect(await fieldOf('/api/accounts?limit=0')).toEqual(['limit']);
    expect(await fieldOf('/api/accounts?limit=201')).toEqual(['limit']);
    expect(await fieldOf('/api/accounts?cursor=nope!')).toEqual(['cursor']);
    const scoreCursor = ((await (await system.read('/api/accounts?limit=1')).json()) as AccountsPage).next_cursor;
    expect(await fieldOf(`/api/accounts?sort=account&cursor=${scoreCursor}`)).toEqual(['cursor']);
    expect((await system.read('/api/accounts/No%20Such%20Co')).status).toBe(404);
    expect((await fetch(`${system.url('realtime-gateway')}/api/accounts`)).status).toBe(401);
    expect((await fetch(`${system.url('realtime-gateway')}/api/accounts`, { headers: { authorization: `Bearer ${system.ingestKey}` } })).status).toBe(401);
  });

  it('rebuilds the accounts from the leads in MongoDB when Redis lost them', async () => {
    const before = ((await (await system.read('/api/accounts')).json()) as AccountsPage).items;
    const redis = new Redis(system.infra.redisUrl);
    try {
      const keys = await redis.keys(`${system.environment.QUEUE_PREFIX}:accounts:*`);
      expect(keys.length).toBeGreaterThan(0);
      await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
    expect((await system.read(`/api/accounts/${encodeURIComponent(CONTOSO)}`)).status).toBe(404);
    // The reconciler's sweep (every RECONCILE_INTERVAL_MS, 10 s by default) finds them missing.
    const after = await waitFor('the accounts rebuilt', async () => {
      const page = (await (await system.read('/api/accounts')).json()) as AccountsPage;
      return page.total === before.length ? page.items : undefined;
    }, 45_000);
    expect(after).toEqual(before);
  });

  it('keeps every account exact under eight concurrent writers and strategy changes (the scripts on a real Redis)', async () => {
    const clients = Array.from({ length: 8 }, () => new Redis(system.infra.redisUrl));
    try {
      const stores = clients.map((client) => new AccountStore(client, { keyPrefix: 'scripts-under-load' }));
      const rng = generator(7);
      const companies = ['A', 'B', 'C', 'D e.f', null];
      const strategies: Strategy[] = [{ strategy: 'sum', n: 3 }, { strategy: 'max', n: 3 }, { strategy: 'top_n_average', n: 3 }, { strategy: 'top_n_average', n: 2 }];
      const final = new Map<string, AccountLead>();
      let current = { settings: strategies[0], version: 1 };
      // Each writer owns its leads (one writer per lead, as the partitions guarantee); accounts are shared.
      await Promise.all(stores.map(async (store, writer) => {
        for (let round = 0; round < 40; round++) {
          const batch = Array.from({ length: 4 }, (): AccountLead => {
            const id = `ld_${writer}_${Math.floor(rng() * 12)}`;
            return { lead_id: id, email: `${id}@x.example`, name: null, company: companies[Math.floor(rng() * companies.length)], score: Math.floor(rng() * 300) - 30, stage: ['cold', 'warm', 'hot'][Math.floor(rng() * 3)] };
          });
          const leads = [...new Map(batch.map((lead) => [lead.lead_id, lead])).values()];
          leads.forEach((lead) => final.set(lead.lead_id, lead));
          if (rng() < 0.05) current = { settings: strategies[Math.floor(rng() * strategies.length)], version: current.version + 1 };
          await store.record(leads, current);
        }
      }));
      const expected = new Map<string, AccountLead[]>();
      for (const lead of final.values()) if (lead.company) expected.set(lead.company, [...(expected.get(lead.company) ?? []), lead]);
      for (const [company, leads] of expected) {
        const found = await stores[0].detail(company, 1000);
        const stages: Record<string, number> = {};
        leads.forEach((lead) => (stages[lead.stage] = (stages[lead.stage] ?? 0) + 1));
        expect({ company, ...found?.summary }).toMatchObject({
          company, score: accountScore(leads.map((lead) => lead.score), current.settings), leads: leads.length,
          engaged_leads: leads.filter((lead) => lead.score > 0).length, stages,
        });
        expect(found?.summary.best_lead?.score).toBe(Math.max(...leads.map((lead) => lead.score)));
      }
      expect((await stores[0].page('account', 10)).items.map((item) => item.account)).toEqual([...expected.keys()].sort());
    } finally {
      clients.forEach((client) => client.disconnect());
    }
  });
});
