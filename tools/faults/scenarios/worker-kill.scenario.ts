import { FaultSystem } from '../fault-system';
import { Scenario, ScenarioOptions, ScenarioResult, checkAnalytics, conclude, withSystem } from '../scenario';
import { Ledger, chunks, generateEvents, generator, sendAll, sleep } from '../traffic';
import { pendingEvents } from '../verify';

/**
 * Two worker processes; while the stream is sent and scored, one of them at random is killed with SIGKILL (no
 * drain, its active jobs left locked in Redis) and a new one started, `kills` times. Jobs of a killed worker
 * come back through BullMQ's stalled-job check and the reconciler; re-folds make the repeat harmless.
 */
export function workerKillScenario(kills?: number): Scenario {
  return {
    name: 'worker-kill',
    description: 'kill -9 a worker repeatedly during the stream',
    defaultEvents: 100_000,
    run: (options: ScenarioOptions): Promise<ScenarioResult> =>
      withSystem(() => FaultSystem.start('worker-kill', { workers: 2 }), async (faults) => {
        const started = Date.now();
        const random = generator(options.seed + 1);
        const targetKills = kills ?? Math.max(2, Math.round(options.events / 10_000));
        const events = generateEvents(options.events, Math.max(10, Math.ceil(options.events / 50)), options.seed, 'kill');
        const ledger = new Ledger();
        const batches = chunks(events, 500);
        let sending = true;
        let senderWaiting = false;
        let killed = 0;
        // The stream outlasts the kills whatever the scoring speed: it is sent in targetKills + 1 parts, and part k
        // waits for the k-th kill, so every kill hits a worker with freshly sent work in hand.
        const parts = chunks(batches, Math.ceil(batches.length / (targetKills + 1)));
        const sender = (async () => {
          for (const [k, part] of parts.entries()) {
            senderWaiting = true;
            while (killed < Math.min(k, targetKills)) await sleep(50);
            senderWaiting = false;
            await sendAll(part, 2, ledger, { gateway: () => faults.url('ingestion-gateway'), ingestKey: faults.ingestKey });
          }
        })().finally(() => { sending = false; });

        // The first kill once a third of the stream is accepted (or the sender waits for it), then one every few
        // seconds.
        const killedDuring = { ingest: 0, scoring: 0 };
        const problems: string[] = [];
        const killer = (async () => {
          while (ledger.accepted.size < options.events / 3 && sending && !senderWaiting) await sleep(100);
          while (killed < targetKills) {
            const pending = await pendingEvents(faults.mongoUri).catch(() => 1);
            if (!sending && pending === 0) break;
            const running = faults.running('scoring-worker');
            const victim = running[Math.floor(random() * running.length)];
            await victim.process.stop('SIGKILL');
            killed += 1;
            killedDuring[sending ? 'ingest' : 'scoring'] += 1;
            options.log(`  kill -9 worker pid ${victim.process.pid} (${killed}/${targetKills}, ${ledger.accepted.size} accepted, ${pending} pending)`);
            await faults.startInstance('scoring-worker').catch((error: Error) => problems.push(`restarting a worker failed: ${error.message}`));
            await sleep(2000 + Math.floor(random() * 3000));
          }
        })();
        await Promise.all([sender, killer]);
        options.log(`  sent ${ledger.sent} events in ${ledger.requests} requests; ${killed} kills`);
        if (killed === 0) problems.push('no worker was killed: the stream was scored before the first kill');
        const result = await conclude('worker-kill', faults, ledger, started, options, {
          kills: killed, kills_during_ingest: killedDuring.ingest, kills_during_scoring: killedDuring.scoring,
        }, problems);
        // A worker killed between its rollup write and the end of its job: its partition is recounted.
        await checkAnalytics(result, faults, [faults.url('realtime-gateway')]);
        return result;
      }),
  };
}
