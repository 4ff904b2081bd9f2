import { FaultSystem } from '../fault-system';
import { Scenario, ScenarioOptions, ScenarioResult, conclude, withSystem } from '../scenario';
import { FaultEvent, Ledger, byEventTime, chunks, generateEvents, generator, sendAll, shuffled } from '../traffic';
import { scoredByPath } from '../worker-metrics';

/**
 * Events of half the leads sent newest first, of the other half in random order, interleaved, in small batches
 * sent one after the other: late events really arrive after later ones were scored, so leads are re-folded.
 */
export const timeOrderScenario: Scenario = {
  name: 'time-order',
  description: 'events in reverse and random time order',
  defaultEvents: 20_000,
  run: (options: ScenarioOptions): Promise<ScenarioResult> =>
    withSystem(() => FaultSystem.start('time-order'), async (faults) => {
      const started = Date.now();
      const random = generator(options.seed);
      const events = generateEvents(options.events, Math.max(5, Math.ceil(options.events / 50)), options.seed, 'ord');
      const byLead = new Map<string, FaultEvent[]>();
      for (const event of events) byLead.set(event.metadata.email, [...(byLead.get(event.metadata.email) ?? []), event]);
      const queues = [...byLead.values()].map((log, i) => (i % 2 === 0 ? [...log].sort(byEventTime).reverse() : shuffled(log, random)));
      const order: FaultEvent[] = [];
      const cursors = queues.map(() => 0);
      let open = queues.map((_, i) => i);
      while (open.length > 0) {
        const lead = open[Math.floor(random() * open.length)];
        order.push(queues[lead][cursors[lead]++]);
        if (cursors[lead] === queues[lead].length) open = open.filter((i) => i !== lead);
      }
      const ledger = new Ledger();
      const size = Math.max(20, Math.min(500, Math.floor(options.events / 40)));
      await sendAll(chunks(order, size), 1, ledger, { gateway: () => faults.url('ingestion-gateway'), ingestKey: faults.ingestKey });
      options.log(`  sent ${ledger.sent} events in ${ledger.requests} batches, reversed or shuffled per lead`);
      const result = await conclude('time-order', faults, ledger, started, options, {});
      const paths = await scoredByPath(faults.running('scoring-worker').map((i) => i.url));
      result.figures.refolded = paths.refold ?? 0;
      result.figures.incremental = paths.incremental ?? 0;
      return result;
    }),
};
