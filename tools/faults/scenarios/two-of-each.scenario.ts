import { io, Socket } from 'socket.io-client';
import Redis from 'ioredis';
import { LeadUpdatedMessage } from '@lead-scoring/contracts';
import { FaultSystem } from '../fault-system';
import { Scenario, ScenarioOptions, ScenarioResult, checkAnalytics, conclude, withSystem } from '../scenario';
import { Ledger, chunks, generateEvents, sendAll, sleep } from '../traffic';
import { scoringQueuesIdle } from '../../../e2e/src/support/scoring-queues';

/**
 * Two worker processes and two realtime gateways at once. Besides the fold, each gateway must serve the same
 * leads (the verification reads GET /api/leads/:id from both) and push lead.updated to its own socket clients
 * for updates scored by either worker: the last message each client got for a lead carries its final score.
 */
export const twoOfEachScenario: Scenario = {
  name: 'two-of-each',
  description: 'two workers and two realtime gateways at once',
  defaultEvents: 20_000,
  run: (options: ScenarioOptions): Promise<ScenarioResult> =>
    withSystem(() => FaultSystem.start('two-of-each', { workers: 2, realtimeGateways: 2 }), async (faults) => {
      const started = Date.now();
      const gateways = faults.all('realtime-gateway');
      const latest = gateways.map(() => new Map<string, LeadUpdatedMessage>());
      const received = gateways.map(() => 0);
      const seen: string[][] = gateways.map(() => []);
      const sockets: Socket[] = gateways.map((gateway, i) => {
        const socket = io(gateway.url, { auth: { token: faults.adminKey }, transports: ['websocket'] });
        // A coalesced message carries one argument per lead (its latest state).
        socket.on('lead.updated', (...messages: LeadUpdatedMessage[]) => {
          for (const message of messages) {
            received[i] += 1;
            seen[i].push(`${message.email}:${message.score}:${message.stage}`);
            if (message.email) latest[i].set(message.email, message);
          }
        });
        return socket;
      });
      try {
        const deadline = Date.now() + 15_000;
        while (!sockets.every((socket) => socket.connected) && Date.now() < deadline) await sleep(100);
        const events = generateEvents(options.events, Math.max(10, Math.ceil(options.events / 50)), options.seed, 'pair');
        const ledger = new Ledger();
        // Batches with a pause until the queues are idle in between, not one burst: under a backlog the process that
        // finishes a partition's job takes the next one itself, and a burst can leave the second worker idle.
        const redis = new Redis(faults.redisUrl);
        try {
          for (const batch of chunks(events, Math.max(20, Math.ceil(options.events / 20)))) {
            await sendAll([batch], 1, ledger, { gateway: () => faults.url('ingestion-gateway'), ingestKey: faults.ingestKey });
            const idleBy = Date.now() + 120_000;
            while (!(await scoringQueuesIdle(redis, faults.queuePrefix, faults.partitions)) && Date.now() < idleBy) await sleep(50);
          }
        } finally {
          redis.disconnect();
        }
        const result = await conclude('two-of-each', faults, ledger, started, options, {});
        // Every gateway instance delivers updates to its own clients (SPEC.md "Live updates"). Each instance coalesces
        // for its own clients (at most 10 lead.updated a second, latest state of each lead wins), so the two need
        // not push the same intermediate messages, but each client must end with every lead's final score.
        await sleep(2000);
        const common = seen[0].filter((message) => seen[1].includes(message)).length;
        const finalScores = await finalScoresByEmail(faults);
        let stale = 0;
        for (const map of latest) for (const [email, score] of finalScores) if (map.get(email)?.score !== score) stale += 1;
        result.figures.socket_updates = received.join('+');
        result.figures.socket_stale_leads = stale;
        if (received.some((n) => n === 0)) result.problems.push(`a realtime gateway pushed nothing: ${received.join(', ')}`);
        if (stale > 0) result.problems.push(`${stale} (client, lead) pairs never received the lead's final score`);
        result.figures.socket_updates_in_common = common;
        const perWorker = await Promise.all(faults.all('scoring-worker').map((w) => fetch(`${w.url}/metrics`).then((r) => r.text())));
        const folded = perWorker.map((text) => [...text.matchAll(/^events_scored_total\{path="[a-z-]+"\} (\d+)/gm)].reduce((sum, m) => sum + Number(m[1]), 0));
        result.figures.folded_per_worker = folded.join('+');
        if (folded.some((n) => n === 0)) result.problems.push(`a worker folded nothing: ${folded.join(', ')}`);
        // The partitions moved between the workers, and so did the writes of their rollups: the analytics still count
        // every lead and every event once.
        await checkAnalytics(result, faults, gateways.map((gateway) => gateway.url));
        result.ok = result.problems.length === 0;
        return result;
      } finally {
        sockets.forEach((socket) => socket.disconnect());
      }
    }),
};

async function finalScoresByEmail(faults: FaultSystem): Promise<Map<string, number>> {
  const { MongoClient } = await import('mongodb');
  const { MONGO_CLIENT_OPTIONS } = await import('../verify');
  const client = await MongoClient.connect(faults.mongoUri, MONGO_CLIENT_OPTIONS);
  try {
    const leads = await client.db().collection('leads').find({}, { projection: { email: 1, score: 1 } }).toArray();
    return new Map(leads.filter((lead) => lead.email).map((lead) => [lead.email as string, lead.score as number]));
  } finally {
    await client.close();
  }
}

