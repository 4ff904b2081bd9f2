import { Injectable } from '@nestjs/common';
import { EventRepository, PartitionLayoutRepository } from '@lead-scoring/persistence';
import { ScoringProducer } from '@lead-scoring/queue';

/** Inbox entries read per round out of a partition this worker does not have. */
const ENTRIES_PER_ROUND = 5000;

/** A gateway writes its note every 30 s while it runs (PartitionCountCheck): one this old is of a gateway gone. */
const GATEWAY_GONE_AFTER_MS = 10 * 60_000;

/**
 * Moves the inbox entries filed under partitions this worker does not have (no job of its reads them) to their
 * leads' partitions. They are there when SCORING_PARTITIONS shrank (entries filed under the old count), or when a
 * gateway runs with a higher count than the worker's (each notes its count: PartitionLayoutRepository). One
 * equality query per such partition when there is nothing to move; the notes of gateways gone are dropped once
 * what they filed is moved, so such queries do not go on for ever after one misconfigured start.
 */
@Injectable()
export class GonePartitionEntries {
  constructor(
    private readonly layout: PartitionLayoutRepository,
    private readonly events: EventRepository,
    private readonly scoring: ScoringProducer,
  ) {}

  /** Returns how many leads had entries moved, and the partitions they went to (to be woken). */
  async move(): Promise<{ leads: number; to: number[] }> {
    const partitions = this.scoring.partitionQueues.length;
    const noteOfGatewayGone = new Date(Date.now() - GATEWAY_GONE_AFTER_MS);
    const filedUpTo = await this.layout.filedUpTo();
    const leads = new Set<string>();
    const to = new Set<number>();
    for (let gone = partitions; gone < filedUpTo; gone++) {
      // Rounds until one comes back short: a gateway filing there all the while does not keep this loop going (the
      // next sweep takes what came since).
      let found: string[];
      do {
        found = await this.events.findStalePendingInPartition(gone, new Date(), ENTRIES_PER_ROUND);
        if (found.length === 0) break;
        for (const partition of await this.events.refilePending(found, (leadKey) => this.scoring.partitionOf(leadKey))) to.add(partition);
        for (const leadKey of found) leads.add(leadKey);
      } while (found.length === ENTRIES_PER_ROUND);
    }
    await this.layout.forgetGatewaysSilentSince(noteOfGatewayGone);
    return { leads: leads.size, to: [...to] };
  }
}
