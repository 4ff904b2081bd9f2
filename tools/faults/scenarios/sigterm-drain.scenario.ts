import { FaultSystem } from '../fault-system';
import { Scenario, ScenarioOptions, ScenarioResult, conclude, withSystem } from '../scenario';
import { Ledger, chunks, generateEvents, sendBatch, sleep } from '../traffic';

const DRAIN_GRACE_MS = 60_000;

/**
 * Two ingestion gateways and two workers under load. Mid-stream one gateway is taken out of the rotation (as a
 * load balancer does) and sent SIGTERM while its requests are in flight, and one worker is sent SIGTERM while it
 * scores. A clean drain: both exit cleanly within the grace period, every request in flight at the gateway gets its answer (no reset
 * connection), and the surviving processes score everything.
 */
export const sigtermDrainScenario: Scenario = {
  name: 'sigterm-drain',
  description: 'SIGTERM a worker and a gateway during load',
  defaultEvents: 20_000,
  run: (options: ScenarioOptions): Promise<ScenarioResult> =>
    withSystem(() => FaultSystem.start('sigterm-drain', { workers: 2, ingestionGateways: 2 }), async (faults) => {
      const started = Date.now();
      const events = generateEvents(options.events, Math.max(10, Math.ceil(options.events / 50)), options.seed, 'term');
      const ledger = new Ledger();
      const [gatewayA, gatewayB] = faults.all('ingestion-gateway');
      const [workerA] = faults.all('scoring-worker');
      let rotation = [gatewayA, gatewayB];
      let turn = 0;
      const batches = chunks(events, Math.max(10, Math.min(200, Math.floor(options.events / 40))));
      // Requests to gateway B that got no answer: with a clean drain there are none.
      let droppedAtB = 0;
      let inFlightAtB = 0;
      let inFlightAtSigterm = 0;
      let next = 0;
      const sender = Promise.all(Array.from({ length: 4 }, async () => {
        while (next < batches.length) {
          const batch = batches[next++];
          const gateway = rotation[turn++ % rotation.length];
          if (gateway === gatewayB) inFlightAtB += 1;
          const before = ledger.networkErrors;
          // The first attempt goes to the chosen gateway; retries (if any) go to whatever is in the rotation then.
          let attempt = 0;
          await sendBatch(batch, ledger, { ingestKey: faults.ingestKey, gateway: () => (attempt++ === 0 ? gateway.url : rotation[0].url) });
          if (gateway === gatewayB) {
            inFlightAtB -= 1;
            if (ledger.networkErrors > before) droppedAtB += 1;
          }
        }
      }));
      let gatewayExit: number | null = -1;
      let workerExit: number | null = -1;
      const drainMs = { gateway: 0, worker: 0 };
      const fault = (async () => {
        while (ledger.accepted.size < options.events / 3 && next < batches.length) await sleep(20);
        rotation = [gatewayA];
        inFlightAtSigterm = inFlightAtB;
        const t0 = Date.now();
        const stoppingGateway = gatewayB.process.stop('SIGTERM', DRAIN_GRACE_MS).then(() => { drainMs.gateway = Date.now() - t0; });
        const stoppingWorker = workerA.process.stop('SIGTERM', DRAIN_GRACE_MS).then(() => { drainMs.worker = Date.now() - t0; });
        await Promise.all([stoppingGateway, stoppingWorker]);
        gatewayExit = await gatewayB.process.waitForExit();
        workerExit = await workerA.process.waitForExit();
        options.log(`  SIGTERM: gateway exited ${gatewayExit} after ${drainMs.gateway} ms with ${inFlightAtSigterm} requests in flight, worker exited ${workerExit} after ${drainMs.worker} ms`);
      })();
      await Promise.all([sender, fault]);
      const problems: string[] = [];
      // NestJS's shutdown hooks close the application, then re-raise the signal: a clean exit is code 0 or "killed
      // by SIGTERM" (code null) well within the grace period, after which ManagedProcess.stop would send SIGKILL.
      const clean = (code: number | null, ms: number) => (code === 0 || code === null) && ms < DRAIN_GRACE_MS - 1000;
      if (!clean(gatewayExit, drainMs.gateway)) problems.push(`the gateway did not exit cleanly after SIGTERM (code ${gatewayExit}, ${drainMs.gateway} ms)`);
      if (!clean(workerExit, drainMs.worker)) problems.push(`the worker did not exit cleanly after SIGTERM (code ${workerExit}, ${drainMs.worker} ms)`);
      if (droppedAtB > 0) problems.push(`${droppedAtB} requests in flight at the stopping gateway got no answer`);
      return conclude('sigterm-drain', faults, ledger, started, options, {
        in_flight_at_sigterm: inFlightAtSigterm, dropped: droppedAtB, gateway_exit: gatewayExit === null ? 'SIGTERM' : String(gatewayExit), worker_exit: workerExit === null ? 'SIGTERM' : String(workerExit),
        gateway_drain_ms: drainMs.gateway, worker_drain_ms: drainMs.worker,
      }, problems);
    }),
};
