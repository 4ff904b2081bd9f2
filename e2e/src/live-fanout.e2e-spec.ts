import { io, Socket } from 'socket.io-client';
import { AnalyticsSummary, LeadUpdatedMessage, LeaderboardResponse, LeaderboardUpdatedMessage } from '@lead-scoring/contracts';
import { startExtraInstance } from './support/extra-instances';
import { startSystem, stopSystem } from './support/harness';
import { waitFor } from './support/ports';
import { RunningSystem } from './support/services';

// SPEC.md "Live updates": every gateway instance delivers every update to its own clients. One instance consumes
// each lead-updates job and hands it to every instance; each client must get each update exactly once.

interface Recorder {
  socket: Socket;
  leadUpdates: LeadUpdatedMessage[];
  leaderboards: LeaderboardUpdatedMessage[];
  activity: AnalyticsSummary[];
}

function connect(url: string, token: string): Recorder {
  const socket = io(url, { auth: { token }, transports: ['websocket'] });
  const recorder: Recorder = { socket, leadUpdates: [], leaderboards: [], activity: [] };
  // A coalesced lead.updated message carries the latest update of each lead changed in its window, one argument each.
  socket.on('lead.updated', (...messages: LeadUpdatedMessage[]) => recorder.leadUpdates.push(...messages));
  socket.on('leaderboard.updated', (message: LeaderboardUpdatedMessage) => recorder.leaderboards.push(message));
  socket.on('activity.updated', (message: AnalyticsSummary) => recorder.activity.push(message));
  return recorder;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('live updates with two realtime-gateway processes', () => {
  let system: RunningSystem;
  let secondUrl: string;
  const clients: Recorder[] = [];

  beforeAll(async () => {
    system = await startSystem('live-fanout', { RATE_LIMIT_PER_SECOND: '0' });
    secondUrl = await startExtraInstance(system, 'realtime-gateway', 'realtime-gateway-2');
    clients.push(connect(system.url('realtime-gateway'), system.adminKey), connect(secondUrl, system.adminKey));
    await waitFor('both sockets to connect', async () => clients.every((client) => client.socket.connected), 10_000);
  });

  afterAll(async () => {
    for (const client of clients) client.socket.disconnect();
    await stopSystem(system);
  });

  it('delivers each event to a client of each instance exactly once', async () => {
    const emails = ['ana@fanout.io', 'ben@fanout.io', 'cy@fanout.io', 'dee@fanout.io', 'eli@fanout.io'];
    for (const email of emails) expect((await system.postEvent({ event_type: 'EMAIL_OPEN', metadata: { email } })).status).toBe(202);

    for (const [i, client] of clients.entries()) {
      await waitFor(`client ${i + 1} to see every lead`, async () => emails.every((email) => client.leadUpdates.some((update) => update.email === email)), 30_000);
    }
    // Give a duplicate every chance to arrive before counting.
    await sleep(3000);
    for (const client of clients) {
      for (const email of emails) expect({ email, messages: client.leadUpdates.filter((update) => update.email === email).map((update) => update.score) }).toEqual({ email, messages: [10] });
    }

    // A later change of one lead is one more message, with the new state, on both.
    expect((await system.postEvent({ event_type: 'PURCHASE', metadata: { email: 'ana@fanout.io' } })).status).toBe(202);
    for (const [i, client] of clients.entries()) {
      await waitFor(`client ${i + 1} to see ana at 110`, async () => client.leadUpdates.some((update) => update.email === 'ana@fanout.io' && update.score === 110), 30_000);
    }
    await sleep(3000);
    for (const client of clients) {
      expect(client.leadUpdates.filter((update) => update.email === 'ana@fanout.io').map((update) => [update.score, update.delta, update.stage, update.previous_stage])).toEqual([
        [10, 10, 'cold', null],
        [110, 100, 'hot', 'cold'],
      ]);
      expect(client.leadUpdates).toHaveLength(emails.length + 1);
    }
  });

  it('pushes the top 10 and the activity summary to clients of both instances, and a fresh client reads the same by REST', async () => {
    for (const [i, client] of clients.entries()) {
      const board = await waitFor(`client ${i + 1} leaderboard with ana first`, async () => {
        const last = client.leaderboards[client.leaderboards.length - 1];
        return last && last.items[0]?.email === 'ana@fanout.io' && last.items.length === 5 ? last : undefined;
      }, 30_000);
      expect(board.items.map((item) => [item.rank, item.score])).toEqual([[1, 110], [2, 10], [3, 10], [4, 10], [5, 10]]);
      const activity = await waitFor(`client ${i + 1} activity with 6 events`, async () => client.activity.find((summary) => summary.total_events === 6), 30_000);
      expect(activity).toMatchObject({ total_leads: 5, events_by_type: [{ event_type: 'EMAIL_OPEN', count: 5 }, { event_type: 'PURCHASE', count: 1 }] });
    }
    const fresh = await fetch(`${secondUrl}/api/leaderboard?limit=10`, { headers: { authorization: `Bearer ${system.adminKey}` } });
    const snapshot = (await fresh.json()) as LeaderboardResponse;
    expect(snapshot.items).toEqual(clients[1].leaderboards[clients[1].leaderboards.length - 1].items);
  });
});
