import { FaultSystem } from '../fault-system';
import { Scenario, ScenarioOptions, ScenarioResult, checkAnalytics, conclude, withSystem } from '../scenario';
import { Ledger, chunks, generateEvents, generator, sendAll, shuffled } from '../traffic';

const SENDERS = 10;

/**
 * The same events from 10 concurrent senders, each in its own random order and batch split: every event must be
 * answered "accepted" exactly once across all senders and "duplicate" to the other nine, stored once, counted once
 * (in the analytics too).
 */
export const duplicateStormScenario: Scenario = {
  name: 'duplicate-storm',
  description: `the same events from ${SENDERS} concurrent senders`,
  defaultEvents: 20_000,
  run: (options: ScenarioOptions): Promise<ScenarioResult> =>
    withSystem(() => FaultSystem.start('duplicate-storm'), async (faults) => {
      const started = Date.now();
      const random = generator(options.seed + 7);
      const events = generateEvents(options.events, Math.max(5, Math.ceil(options.events / 50)), options.seed, 'dup');
      const ledger = new Ledger();
      await Promise.all(Array.from({ length: SENDERS }, (_, sender) =>
        sendAll(chunks(shuffled(events, random), 100 + sender * 20), 1, ledger, { gateway: () => faults.url('ingestion-gateway'), ingestKey: faults.ingestKey })));
      const problems: string[] = [];
      const expectedDuplicates = options.events * (SENDERS - 1);
      if (ledger.duplicates !== expectedDuplicates) problems.push(`${ledger.duplicates} "duplicate" answers, expected ${expectedDuplicates}`);
      if (ledger.accepted.size !== options.events) problems.push(`${ledger.accepted.size} distinct events accepted, expected ${options.events}`);
      const result = await conclude('duplicate-storm', faults, ledger, started, options, { senders: SENDERS, duplicate_answers: ledger.duplicates, accepted_answers_twice: ledger.acceptedTwice.length }, problems);
      // Recheck markers of duplicates whose original copy was still on its way must not count an event twice.
      await checkAnalytics(result, faults, [faults.url('realtime-gateway')]);
      return result;
    }),
};
