import { FaultSystem } from '../fault-system';
import { Scenario, ScenarioOptions, ScenarioResult, conclude, withSystem } from '../scenario';
import { Ledger, chunks, generateEvents, sendAll, sleep } from '../traffic';

/**
 * Mid-stream, Redis is killed and started again empty (no persistence): every queued job, lock and the
 * leaderboard are gone. The reconciler (grace and interval set low) must find every stored, unscored event.
 * While Redis is down the gateway answers 503 (or stores and answers 202 leaving the job to the reconciler);
 * the sender retries 503s, so every event ends up accepted once.
 */
export const redisFlushScenario: Scenario = {
  name: 'redis-flush',
  description: 'Redis restarted empty mid-stream',
  defaultEvents: 50_000,
  run: (options: ScenarioOptions): Promise<ScenarioResult> =>
    withSystem(() => FaultSystem.start('redis-flush', { env: { RECONCILE_GRACE_MS: '2000', RECONCILE_INTERVAL_MS: '1000' } }), async (faults) => {
      const started = Date.now();
      const events = generateEvents(options.events, Math.max(10, Math.ceil(options.events / 50)), options.seed, 'redis');
      const ledger = new Ledger();
      let sending = true;
      const sender = sendAll(chunks(events, 250), 2, ledger, { gateway: () => faults.url('ingestion-gateway'), ingestKey: faults.ingestKey })
        .finally(() => { sending = false; });
      let downMs = 0;
      let acceptedAtFlush = 0;
      const fault = (async () => {
        while (ledger.accepted.size < options.events / 2 && sending) await sleep(50);
        acceptedAtFlush = ledger.accepted.size;
        const down = Date.now();
        await faults.infra.stopRedis();
        options.log(`  Redis killed after ${acceptedAtFlush} accepted events`);
        await sleep(3000);
        await faults.infra.startRedis();
        downMs = Date.now() - down;
        options.log(`  Redis back, empty, after ${downMs} ms`);
      })();
      await Promise.all([sender, fault]);
      const problems = acceptedAtFlush >= options.events ? ['Redis was flushed after the stream ended'] : [];
      return conclude('redis-flush', faults, ledger, started, options, {
        accepted_before_flush: acceptedAtFlush, redis_down_ms: downMs, answers_503: ledger.unavailable, network_errors: ledger.networkErrors,
      }, problems);
    }),
};
