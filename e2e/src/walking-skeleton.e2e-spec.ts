import { io, Socket } from 'socket.io-client';
import { LeadDetail, LeadUpdatedMessage } from '@lead-scoring/contracts';
import { startSystem, stopSystem } from './support/harness';
import { waitFor } from './support/ports';
import { RunningSystem } from './support/services';

const seedExample = {
  event_type: 'PURCHASE',
  source: 'manual',
  metadata: { email: 'alice@microsoft.com', name: 'Alice Johnson' },
};

describe('walking skeleton: HTTP event -> scored lead -> REST and Socket.io', () => {
  let system: RunningSystem;
  let socket: Socket | undefined;

  beforeAll(async () => {
    system = await startSystem('walking-skeleton');
  });

  afterAll(async () => {
    socket?.disconnect();
    await stopSystem(system);
  });

  it('scores the seed example at 100 and shows it by REST and by a lead.updated message', async () => {
    socket = io(system.url('realtime-gateway'), { auth: { token: system.adminKey }, transports: ['websocket'] });
    const updates: LeadUpdatedMessage[] = [];
    socket.on('lead.updated', (message: LeadUpdatedMessage) => updates.push(message));
    await waitFor('the socket to connect', async () => socket?.connected, 10_000);

    const response = await system.postEvent(seedExample);
    expect(response.status).toBe(202);
    const accepted = await response.json();
    expect(accepted).toEqual({ event_id: expect.any(String), status: 'accepted' });

    const lead = await waitFor('the lead to be scored', async () => {
      const read = await system.read('/api/leads/alice@microsoft.com');
      return read.status === 200 ? ((await read.json()) as LeadDetail) : undefined;
    });
    expect(lead).toMatchObject({ email: 'alice@microsoft.com', name: 'Alice Johnson', company: 'microsoft.com', score: 100, stage: 'hot' });
    expect(lead.breakdown).toEqual([{ rule_id: 'default-purchase', kind: 'engagement', name: 'Purchase', count: 1, points: 100 }]);

    const pushed = await waitFor('a lead.updated message', async () => updates.find((update) => update.email === 'alice@microsoft.com'), 10_000);
    expect(pushed).toMatchObject({ lead_id: lead.lead_id, score: 100, delta: 100, stage: 'hot', previous_stage: null, event_type: 'PURCHASE' });

    const leaderboard = await (await system.read('/api/leaderboard?limit=10')).json();
    expect(leaderboard.items[0]).toMatchObject({ rank: 1, email: 'alice@microsoft.com', score: 100 });
  });

  it('stores and scores a re-sent event once: the second answer is 200 duplicate', async () => {
    const event = { ...seedExample, event_id: 'evt_dup_1', event_type: 'DEMO_REQUEST', metadata: { email: 'bob@contoso.com' } };
    const first = await system.postEvent(event);
    const second = await system.postEvent(event);
    expect(first.status).toBe(202);
    expect(second.status).toBe(200);
    expect(await second.json()).toEqual({ event_id: 'evt_dup_1', status: 'duplicate' });
    const lead = await waitFor('bob to be scored', async () => {
      const read = await system.read('/api/leads/bob@contoso.com');
      return read.status === 200 ? ((await read.json()) as LeadDetail) : undefined;
    });
    expect(lead.score).toBe(50);
    expect(lead.event_count).toBe(1);
  });

  it('answers 400 naming the field, 401 without a key, 404 for an unknown lead, and never 500', async () => {
    const invalid = await system.postEvent({ event_type: 'purchase!', metadata: { email: 'nope' } });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({
      error: 'validation_failed',
      details: [{ field: 'event_type' }, { field: 'metadata.email', message: 'must be an email' }],
    });
    const badJson = await fetch(`${system.url('ingestion-gateway')}/api/events`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': system.ingestKey }, body: '{"event_type":',
    });
    expect(badJson.status).toBe(400);
    expect((await badJson.json()).error).toBe('invalid_json');
    const noKey = await system.postEvent(seedExample, { 'x-api-key': 'wrong-key-wrong-key' });
    expect(noKey.status).toBe(401);
    expect((await system.read('/api/leads/nobody@example.com')).status).toBe(404);
    const refused = io(system.url('realtime-gateway'), { auth: { token: 'wrong' }, transports: ['websocket'], reconnection: false });
    const error = await new Promise<Error>((resolve) => refused.on('connect_error', resolve));
    expect(error.message).toBe('unauthorized');
    refused.disconnect();
  });
});
