import { FaultSystem } from '../fault-system';
import { Scenario, ScenarioOptions, ScenarioResult, checkAnalytics, conclude, withSystem } from '../scenario';
import { Ledger, chunks, generateEvents, sendAll, sleep } from '../traffic';

/**
 * Mid-stream the MongoDB-protocol server (FerretDB) is stopped for `outageSeconds`: the gateway must answer 503
 * (never 202 for an event it could not store), the worker must survive, and once FerretDB is back everything
 * accepted is stored and scored. The sender retries 503s for longer than the outage.
 */
export function mongoOutageScenario(outageSeconds = 30): Scenario {
  return {
    name: 'mongo-outage',
    description: `the MongoDB-protocol server stopped for ${outageSeconds} s`,
    defaultEvents: 20_000,
    run: (options: ScenarioOptions): Promise<ScenarioResult> =>
      withSystem(() => FaultSystem.start('mongo-outage'), async (faults) => {
        const started = Date.now();
        const events = generateEvents(options.events, Math.max(10, Math.ceil(options.events / 50)), options.seed, 'mongo');
        const ledger = new Ledger();
        let sending = true;
        // Small batches at a steady pace, so that the outage falls in the middle of the stream.
        const batches = chunks(events, Math.max(10, Math.min(250, Math.floor(options.events / 40))));
        const sender = sendAll(batches, 2, ledger, {
          gateway: () => faults.url('ingestion-gateway'), ingestKey: faults.ingestKey, retryForMs: (outageSeconds + 120) * 1000,
        }).finally(() => { sending = false; });
        let acceptedAtStop = 0;
        let unavailableDuring = 0;
        const fault = (async () => {
          while (ledger.accepted.size < options.events / 3 && sending) await sleep(50);
          acceptedAtStop = ledger.accepted.size;
          const before = ledger.unavailable;
          await faults.infra.stopMongo();
          options.log(`  FerretDB stopped after ${acceptedAtStop} accepted events`);
          await sleep(outageSeconds * 1000);
          unavailableDuring = ledger.unavailable - before;
          await faults.infra.startMongo();
          options.log(`  FerretDB back after ${outageSeconds} s; ${unavailableDuring} answers were 503/429 meanwhile`);
        })();
        await Promise.all([sender, fault]);
        const problems: string[] = [];
        if (acceptedAtStop >= options.events) problems.push('FerretDB was stopped after the stream ended');
        if (unavailableDuring === 0) problems.push('no request was answered 503 during the outage');
        const dead = faults.instances.filter((instance) => !instance.process.running).map((instance) => instance.service);
        if (dead.length > 0) problems.push(`processes exited during the outage: ${dead.join(', ')}`);
        const result = await conclude('mongo-outage', faults, ledger, started, options, {
          outage_s: outageSeconds, accepted_before_outage: acceptedAtStop, answers_503: ledger.unavailable, network_errors: ledger.networkErrors, stored_before_failure: ledger.storedBeforeFailure,
        }, problems);
        // A job stopped after its rollup write, and events whose inbox copy was lost, have their partitions recounted.
        await checkAnalytics(result, faults, [faults.url('realtime-gateway')]);
        return result;
      }),
  };
}
