import { LeadDetail } from '@lead-scoring/contracts';
import { startSystem, stopSystem } from './support/harness';
import { waitFor } from './support/ports';
import { RunningSystem, ServiceName } from './support/services';

const SERVICES: ServiceName[] = ['ingestion-gateway', 'scoring-worker', 'realtime-gateway'];

async function readinessOf(system: RunningSystem): Promise<number[]> {
  return Promise.all(SERVICES.map(async (service) => (await fetch(`${system.url(service)}/health/ready`)).status));
}

function purchaseBy(email: string) {
  return { event_type: 'PURCHASE', metadata: { email } };
}

async function scoreOf(system: RunningSystem, email: string): Promise<number | undefined> {
  const response = await system.read(`/api/leads/${email}`);
  return response.status === 200 ? ((await response.json()) as LeadDetail).score : undefined;
}

describe('a dependency goes down and comes back', () => {
  let system: RunningSystem;

  beforeAll(async () => {
    system = await startSystem('dependency-outage');
  });

  afterAll(async () => {
    await stopSystem(system);
  });

  it.each([
    ['Redis', () => system.infra.stopRedis(), () => system.infra.startRedis()],
    ['FerretDB', () => system.infra.stopMongo(), () => system.infra.startMongo()],
  ])('%s down: every /health/ready and POST /api/events answer 503; back up: all recover without a restart', async (name, stop, start) => {
    const email = `outage-${name.toLowerCase()}@example.com`;
    await stop();
    await waitFor(`every service to report ${name} down`, async () => (await readinessOf(system)).every((status) => status === 503), 20_000);
    // The answer is public: it names the dependency with a code and a sentence, never the driver's error text
    // (addresses, ports, users); that goes to the service's log.
    const dependency = name === 'Redis' ? 'redis' : 'mongodb';
    for (const service of SERVICES) {
      const body = (await (await fetch(`${system.url(service)}/health/ready`)).json()) as { checks: Record<string, unknown> };
      expect(body.checks[dependency]).toEqual({ status: 'down', error: 'unavailable', message: expect.stringContaining(`${dependency} is unreachable`) });
      expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|:\d{4,5}\b|MongoServerSelectionError|Connection is closed/);
    }

    const startedAt = Date.now();
    const refused = await system.postEvent(purchaseBy(email));
    expect(refused.status).toBe(503);
    expect(Date.now() - startedAt).toBeLessThan(10_000);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(await refused.json()).toMatchObject({ error: 'service_unavailable' });

    await start();
    await waitFor(`every service to recover from the ${name} outage`, async () => (await readinessOf(system)).every((status) => status === 200), 40_000);
    const accepted = await waitFor('an event to be accepted again', async () => {
      const response = await system.postEvent(purchaseBy(email));
      return response.status === 202 ? response : undefined;
    }, 20_000);
    expect(accepted.status).toBe(202);
    // The refused event was not stored: only the accepted one counts.
    expect(await waitFor(`${email} to be scored`, () => scoreOf(system, email), 30_000)).toBe(100);
  });
});
