import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { io, Socket } from 'socket.io-client';
import { DEFAULT_SETTINGS, LeadDetail, LeadUpdatedMessage, RECOMPUTE_QUEUE, RecomputeProgress, scoringQueueName } from '@lead-scoring/contracts';
import { partitionFor } from '@lead-scoring/queue';
import { startSystem, stopSystem } from './support/harness';
import { waitFor } from './support/ports';
import { RunningSystem } from './support/services';

describe('rules and settings re-score existing leads', () => {
  let system: RunningSystem;
  let socket: Socket;
  const progress: RecomputeProgress[] = [];

  beforeAll(async () => {
    system = await startSystem('rules', { RATE_LIMIT_PER_SECOND: '0' });
    socket = io(system.url('realtime-gateway'), { auth: { token: system.adminKey }, transports: ['websocket'] });
    socket.on('recompute.progress', (message: RecomputeProgress) => progress.push(message));
    await waitFor('the socket to connect', async () => socket.connected, 10_000);
  });

  afterAll(async () => {
    socket?.disconnect();
    await stopSystem(system);
  });

  function admin(method: string, path: string, body?: unknown, key = system.adminKey): Promise<Response> {
    return fetch(`${system.url('ingestion-gateway')}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  async function leadAt(version: number): Promise<LeadDetail> {
    return waitFor(`the lead re-scored with ruleset ${version}`, async () => {
      const response = await system.read('/api/leads/mia@wingtip.com');
      const lead = response.status === 200 ? ((await response.json()) as LeadDetail) : undefined;
      return lead && lead.ruleset_version === version && lead.event_count === 3 ? lead : undefined;
    }, 30_000);
  }

  it('adds, edits and deletes a conditional rule; each change re-scores the lead and shows in its breakdown', async () => {
    for (const [i, url] of ['/pricing', '/blog/launch', '/pricing/enterprise'].entries()) {
      expect((await system.postEvent({ event_id: `mia-${i}`, event_type: 'PAGE_VIEW', timestamp: `2026-01-0${i + 1}T10:00:00Z`, metadata: { email: 'mia@wingtip.com', url } })).status).toBe(202);
    }
    expect((await leadAt(1)).score).toBe(15);

    const created = await admin('POST', '/api/rules', { name: 'Pricing page', event_type: 'page_view', points: 30, conditions: [{ field: 'metadata.url', op: 'contains', value: '/pricing' }] });
    expect(created.status).toBe(201);
    const rule = await created.json();
    expect(rule).toMatchObject({ id: expect.stringMatching(/^rule_/), event_type: 'PAGE_VIEW', points: 30, max_per_lead: null, active: true, ruleset_version: 2 });
    const withRule = await leadAt(2);
    expect(withRule.score).toBe(15 + 60);
    expect(withRule.breakdown).toEqual(expect.arrayContaining([{ rule_id: rule.id, kind: 'engagement', name: 'Pricing page', count: 2, points: 60 }]));
    const history = await (await system.read('/api/leads/mia@wingtip.com/history')).json();
    expect(history.items.map((entry: { delta: number }) => entry.delta)).toEqual([35, 5, 35]);
    expect(history.items[0].rule_ids).toEqual(['default-page-view', rule.id].sort());
    const done = await waitFor('recompute.progress done for version 2', async () => progress.find((message) => message.version === 2 && message.state === 'done'), 15_000);
    expect(done.processed).toBe(done.total);
    expect(await (await admin('GET', '/api/rules/recompute')).json()).toEqual({ version: 2, state: 'done', processed: 1, total: 1 });

    const patched = await admin('PATCH', `/api/rules/${rule.id}`, { points: 10, max_per_lead: 1 });
    expect((await patched.json()).ruleset_version).toBe(3);
    expect((await leadAt(3)).score).toBe(15 + 10);

    expect((await admin('DELETE', `/api/rules/${rule.id}`)).status).toBe(200);
    expect((await leadAt(4)).score).toBe(15);
    expect((await admin('GET', `/api/rules/${rule.id}`)).status).toBe(404);
  });

  it('applies new settings to existing leads: a lower cap and other stages', async () => {
    const response = await admin('PUT', '/api/settings', { ...DEFAULT_SETTINGS, max_score: 12, stages: [{ name: 'new', min: 0 }, { name: 'engaged', min: 10 }] });
    expect(response.status).toBe(200);
    const version = (await response.json()).ruleset_version;
    const lead = await leadAt(version);
    expect(lead).toMatchObject({ score: 12, stage: 'engaged' });
  });

  it('re-folds only the leads a change can affect, and rewrites none whose fold comes out the same', async () => {
    expect((await system.postEvent({ event_id: 'ben-0', event_type: 'DEMO_REQUEST', timestamp: '2026-01-05T10:00:00Z', metadata: { email: 'ben@wingtip.com' } })).status).toBe(202);
    const lead = async (email: string) => (await (await system.read(`/api/leads/${email}`)).json()) as LeadDetail;
    await waitFor('ben scored', async () => (await system.read('/api/leads/ben@wingtip.com')).status === 200, 30_000);
    const [mia, ben] = [await lead('mia@wingtip.com'), await lead('ben@wingtip.com')];
    const doneFor = (version: number) => waitFor(`recompute of ${version} done`, async () => progress.find((message) => message.version === version && message.state === 'done'), 30_000);

    // No lead has a WEBINAR event: nothing to re-fold, and every lead keeps the version it was written with.
    const webinar = await (await admin('POST', '/api/rules', { name: 'Webinar', event_type: 'WEBINAR', points: 40 })).json();
    expect(await doneFor(webinar.ruleset_version)).toMatchObject({ processed: 0, total: 0 });
    expect(await lead('mia@wingtip.com')).toEqual(mia);
    expect(await lead('ben@wingtip.com')).toEqual(ben);

    // A demo-request rule that matches none of ben's events: ben is re-folded, to the same result, so not rewritten.
    const unmatched = await (await admin('POST', '/api/rules', { name: 'Demo from a partner', event_type: 'DEMO_REQUEST', points: 5, conditions: [{ field: 'metadata.partner', op: 'exists' }] })).json();
    expect(await doneFor(unmatched.ruleset_version)).toMatchObject({ processed: 1, total: 1 });
    expect(await lead('ben@wingtip.com')).toEqual(ben);
    expect(await lead('mia@wingtip.com')).toEqual(mia);

    // Mia's next event is folded with the current rules, the webinar rule among them.
    expect((await system.postEvent({ event_id: 'mia-webinar', event_type: 'WEBINAR', timestamp: '2026-01-06T10:00:00Z', metadata: { email: 'mia@wingtip.com' } })).status).toBe(202);
    const after = await waitFor('mia scored with the webinar rule', async () => {
      const current = await lead('mia@wingtip.com');
      return current.event_count === 4 ? current : undefined;
    }, 30_000);
    expect(after.ruleset_version).toBe(unmatched.ruleset_version);
    expect(after.breakdown).toEqual(expect.arrayContaining([{ rule_id: webinar.id, kind: 'engagement', name: 'Webinar', count: 1, points: 40 }]));
  });

  it('folds a live event under the previous rules for a lead its re-score has not reached, then re-scores that lead', async () => {
    const lead = async () => (await (await system.read('/api/leads/lena@wingtip.com')).json()) as LeadDetail;
    const withEvents = (count: number, version: number) =>
      waitFor(`lena with ${count} events under ruleset ${version}`, async () => {
        const current = await lead();
        return current.event_count === count && current.ruleset_version === version ? current : undefined;
      }, 30_000);
    const trial = await (await admin('POST', '/api/rules', { name: 'Trial', event_type: 'TRIAL_START', points: 3 })).json();
    await waitFor('the trial rule re-scored', async () => progress.find((message) => message.version === trial.ruleset_version && message.state === 'done'), 30_000);
    expect((await system.postEvent({ event_id: 'lena-1', event_type: 'TRIAL_START', timestamp: '2026-01-07T10:00:00Z', metadata: { email: 'lena@wingtip.com' } })).status).toBe(202);
    expect((await withEvents(1, trial.ruleset_version)).score).toBe(3);

    // The re-score of the change waits in its queue: the worker has the new version, and lena is folded under the old.
    const connection = new Redis(system.infra.redisUrl, { maxRetriesPerRequest: null });
    const recompute = new Queue(RECOMPUTE_QUEUE, { connection, prefix: system.environment.QUEUE_PREFIX });
    await recompute.pause();
    try {
      const patched = await (await admin('PATCH', `/api/rules/${trial.id}`, { points: 4 })).json();
      expect(patched.ruleset_version).toBe(trial.ruleset_version + 1);
      expect((await system.postEvent({ event_id: 'lena-2', event_type: 'TRIAL_START', timestamp: '2026-01-08T10:00:00Z', metadata: { email: 'lena@wingtip.com' } })).status).toBe(202);
      // Folded incrementally under the rules lena was folded with, not re-folded under the new ones.
      expect((await withEvents(2, trial.ruleset_version)).score).toBe(6);
    } finally {
      await recompute.resume();
      await recompute.close();
      connection.disconnect();
    }
    const rescored = await withEvents(2, trial.ruleset_version + 1);
    expect(rescored.score).toBe(8); // under the cap of 12 the settings test set
    expect(rescored.breakdown).toEqual(expect.arrayContaining([{ rule_id: trial.id, kind: 'engagement', name: 'Trial', count: 2, points: 8 }]));
    const history = await (await system.read('/api/leads/lena@wingtip.com/history')).json();
    expect(history.items.map((entry: { delta: number }) => entry.delta)).toEqual([4, 4]);
  });

  it('learns of a change from Redis before its next job, and re-folds what it folded under a version it did not know was replaced', async () => {
    // The first lead.updated of each lead: the version its first fold was made under.
    const firstFold = new Map<string, number>();
    const onUpdate = (...messages: LeadUpdatedMessage[]) => {
      for (const message of messages) if (message.email && !firstFold.has(message.email)) firstFold.set(message.email, message.version);
    };
    const scored = (email: string, version: number) =>
      waitFor(`${email} scored under ruleset ${version}`, async () => {
        const response = await system.read(`/api/leads/${email}`);
        const lead = response.status === 200 ? ((await response.json()) as LeadDetail) : undefined;
        return lead?.ruleset_version === version ? lead : undefined;
      }, 30_000);
    const pollEvent = (email: string) => system.postEvent({ event_id: `poll-${email}`, event_type: 'POLL', timestamp: '2026-01-09T10:00:00Z', metadata: { email } });
    const connection = new Redis(system.infra.redisUrl, { maxRetriesPerRequest: null });
    const revisionKey = `${system.environment.QUEUE_PREFIX}:ruleset:revision`;
    // No re-score runs meanwhile, so nothing else moves the ruleset state.
    const recompute = new Queue(RECOMPUTE_QUEUE, { connection, prefix: system.environment.QUEUE_PREFIX });
    await recompute.pause();
    socket.on('lead.updated', onUpdate);
    try {
      const before = (await (await admin('GET', '/api/settings')).json()).ruleset_version as number;
      expect((await pollEvent('zoe@wingtip.com')).status).toBe(202);
      await scored('zoe@wingtip.com', before); // the worker read the ruleset state at this revision
      const revision = await connection.get(revisionKey);
      expect(revision).not.toBeNull();

      // The change's bump of the revision is lost: the worker folds the next lead under the version it knew...
      const poll = await (await admin('POST', '/api/rules', { name: 'Poll', event_type: 'POLL', points: 7 })).json();
      await connection.set(revisionKey, revision as string);
      expect((await pollEvent('yan@wingtip.com')).status).toBe(202);
      // ...and, reading the version again after its writes, folds that lead again under the new one.
      // (Its first fold's lead.updated may be coalesced with the second's: only where it ends is certain.)
      expect((await scored('yan@wingtip.com', poll.ruleset_version)).score).toBe(7);

      // A change whose bump arrives: the first fold of the next lead is already under the new version.
      const bonus = await (await admin('POST', '/api/rules', { name: 'Poll bonus', event_type: 'POLL', points: 2 })).json();
      expect((await pollEvent('xia@wingtip.com')).status).toBe(202);
      expect((await scored('xia@wingtip.com', bonus.ruleset_version)).score).toBe(9);
      expect(firstFold.get('xia@wingtip.com')).toBe(bonus.ruleset_version);
    } finally {
      socket.off('lead.updated', onUpdate);
      await recompute.resume();
      await recompute.close();
      connection.disconnect();
    }
  });

  it('re-folds, before it reports done, a lead that a live event folded under the previous rules after its slice', async () => {
    const email = 'max@wingtip.com';
    const other = ['ola@wingtip.com', 'pia@wingtip.com', 'rob@wingtip.com', 'sam@wingtip.com'].find((candidate) => partitionFor(candidate, 4) !== partitionFor(email, 4)) as string;
    const lead = async (address: string) => (await (await system.read(`/api/leads/${address}`)).json()) as LeadDetail;
    const quiz = await (await admin('POST', '/api/rules', { name: 'Quiz', event_type: 'QUIZ', points: 1 })).json();
    await waitFor('the quiz rule re-scored', async () => progress.find((message) => message.version === quiz.ruleset_version && message.state === 'done'), 30_000);
    for (const address of [email, other]) {
      expect((await system.postEvent({ event_id: `quiz-${address}`, event_type: 'QUIZ', timestamp: '2026-01-07T10:00:00Z', metadata: { email: address } })).status).toBe(202);
      await waitFor(`${address} scored`, async () => (await system.read(`/api/leads/${address}`)).status === 200, 30_000);
    }

    // The other lead's partition is paused, so the re-score of the next change waits on it after max's slice.
    const connection = new Redis(system.infra.redisUrl, { maxRetriesPerRequest: null });
    const blocked = new Queue(scoringQueueName(partitionFor(other, 4)), { connection, prefix: system.environment.QUEUE_PREFIX });
    await blocked.pause();
    let version = 0;
    try {
      // A rule none of their events match: max's re-fold comes out the same, so max is not rewritten.
      const pro = await (await admin('POST', '/api/rules', { name: 'Pro quiz', event_type: 'QUIZ', points: 2, conditions: [{ field: 'metadata.plan', op: 'eq', value: 'pro' }] })).json();
      version = pro.ruleset_version;
      await waitFor("max's slice re-folded", async () => progress.find((message) => message.version === version && message.processed === 1), 30_000);
      expect((await lead(email)).ruleset_version).toBe(quiz.ruleset_version);
      // A live event after max's slice, while the re-score runs: folded under the previous rules (1 point, not 3).
      expect((await system.postEvent({ event_id: 'quiz-max-pro', event_type: 'QUIZ', timestamp: '2026-01-08T10:00:00Z', metadata: { email, plan: 'pro' } })).status).toBe(202);
      const behind = await waitFor('max folded under the previous rules', async () => {
        const current = await lead(email);
        return current.event_count === 2 ? current : undefined;
      }, 30_000);
      expect(behind).toMatchObject({ score: 2, ruleset_version: quiz.ruleset_version });
    } finally {
      await blocked.resume();
      await blocked.close();
      connection.disconnect();
    }
    await waitFor(`the re-score of ${version} done`, async () => progress.find((message) => message.version === version && message.state === 'done'), 30_000);
    // Re-folded under the new rules before the re-score said done.
    expect(await lead(email)).toMatchObject({ score: 1 + 1 + 2, ruleset_version: version });
  });

  it('answers 400 naming the fields, 404 for unknown rules, 401 with an ingestion key', async () => {
    const invalid = await admin('POST', '/api/rules', { name: 'x', event_type: 'PAGE_VIEW', points: 5000, conditions: [{ field: 'metadata.url', op: 'regex', value: '(' }] });
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).details.map((detail: { field: string }) => detail.field)).toEqual(['points', 'conditions.0.value']);
    expect((await admin('PATCH', '/api/rules/rule_missing', { points: 1 })).status).toBe(404);
    expect((await admin('GET', '/api/rules', undefined, system.ingestKey)).status).toBe(401);
    const settings = await admin('PUT', '/api/settings', { ...DEFAULT_SETTINGS, min_score: 50, max_score: 10 });
    expect((await settings.json()).details).toEqual([{ field: 'max_score', message: 'must not be below min_score' }]);
  });
});
