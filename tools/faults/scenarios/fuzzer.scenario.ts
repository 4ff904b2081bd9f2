import { MongoClient } from 'mongodb';
import { FaultSystem } from '../fault-system';
import { WEBHOOK_SECRETS_ENV, collidingWebhookIds, cutOffUploads, fuzzRequests, hostileEdgeRequests } from '../fuzz-requests';
import { Scenario, ScenarioOptions, ScenarioResult, withSystem } from '../scenario';
import { sleep } from '../traffic';
import { MONGO_CLIENT_OPTIONS } from '../verify';

/**
 * `events` malformed requests (the size is a request count here) with 8 in flight: zero 5xx, zero dropped
 * connections, every process still running and ready, and nothing stored.
 */
export const fuzzerScenario: Scenario = {
  name: 'fuzzer',
  description: 'malformed requests: zero 5xx, zero crashes, nothing stored',
  defaultEvents: 2_000,
  run: (options: ScenarioOptions): Promise<ScenarioResult> =>
    withSystem(() => FaultSystem.start('fuzzer', { env: { WEBHOOK_SECRETS: WEBHOOK_SECRETS_ENV } }), async (faults) => {
      const started = Date.now();
      const total = Math.max(options.events, 1000);
      // A fifth of the requests attack the HTTP edge (hostileEdgeRequests), interleaved with the others.
      const edge = hostileEdgeRequests(Math.floor(total / 5), options.seed);
      const requests = fuzzRequests(total - edge.length, options.seed).flatMap((request, i) => (i % 4 === 3 && edge.length > 0 ? [request, edge.pop()!] : [request]));
      requests.push(...edge);
      const statuses = new Map<number, number>();
      const problems: string[] = [];
      const categories = new Set<string>();
      let fiveXx = 0;
      let dropped = 0;
      let next = 0;
      const gateway = faults.url('ingestion-gateway');
      await Promise.all(Array.from({ length: 8 }, async () => {
        while (next < requests.length) {
          const request = requests[next++];
          categories.add(request.category);
          try {
            const key = request.key === 'admin' ? faults.adminKey : faults.ingestKey;
            const response = await fetch(`${request.service ? faults.url(request.service) : gateway}${request.path}`, {
              method: request.method ?? 'POST',
              headers: { ...(request.auth === false ? {} : { 'x-api-key': key }), ...request.headers },
              body: request.body,
            });
            const text = await response.text();
            statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
            if (response.status >= 500) {
              fiveXx += 1;
              if (problems.length < 10) problems.push(`${request.category}: ${request.path} answered ${response.status} ${text.slice(0, 160)}`);
            } else if (response.status < 400 && request.path !== '/api/events/upload' && !request.read) {
              problems.push(`${request.category}: ${request.path} answered ${response.status} ${text.slice(0, 160)}`);
            } else if (response.status >= 400 && !/"error"/.test(text) && response.status !== 404) {
              problems.push(`${request.category}: ${response.status} without the error shape: ${text.slice(0, 120)}`);
            }
          } catch (error) {
            dropped += 1;
            if (problems.length < 10) problems.push(`${request.category}: ${request.path} got no answer (${describeFailure(error)})`);
          }
        }
      }));
      categories.add('uploads cut off mid-body');
      problems.push(...(await cutOffUploads(gateway, faults.ingestKey, 10)));
      await sleep(1000);
      const crashed = faults.instances.filter((instance) => !instance.process.running);
      if (crashed.length > 0) problems.push(`crashed: ${crashed.map((i) => i.service).join(', ')}`);
      for (const instance of faults.instances) {
        const ready = await fetch(`${instance.url}/health/ready`).then((r) => r.status).catch(() => 0);
        if (ready !== 200) problems.push(`${instance.service} /health/ready answers ${ready}`);
      }
      const client = await MongoClient.connect(faults.mongoUri, MONGO_CLIENT_OPTIONS);
      const [stored, leads] = await Promise.all([client.db().collection('events').countDocuments({}), client.db().collection('leads').countDocuments({})]);
      await client.close();
      if (stored > 0 || leads > 0) problems.push(`${stored} events and ${leads} leads stored`);
      // After the count: this one stores three events on purpose.
      categories.add('colliding webhook ids');
      problems.push(...(await collidingWebhookIds(gateway)));
      const byStatus = [...statuses.entries()].sort(([a], [b]) => a - b).map(([status, n]) => `${status}:${n}`).join(',');
      return {
        scenario: 'fuzzer', ok: problems.length === 0, sent: requests.length, accepted: 0, stored, scored: 0, duplicatesCounted: 0, lost: 0,
        seconds: Math.round((Date.now() - started) / 100) / 10,
        figures: { requests: requests.length, categories: categories.size, answers_5xx: fiveXx, no_answer: dropped, crashed: crashed.length, statuses: byStatus },
        problems, logDir: faults.logDir,
      };
    }),
};

/** fetch's "fetch failed" hides what happened; its cause says it (a reset, a closed socket, a timeout). */
function describeFailure(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return [(error as Error).message, cause?.code, cause?.message].filter(Boolean).join(': ');
}
