import { LeadDocument } from '@lead-scoring/persistence';

/**
 * What a worker remembers of leads at most, as JSON: about twice that on the heap (7,300 leads of 1.1 KB took
 * 16.7 MiB), against the 192 MiB a worker has (docs/deployment.md).
 */
export const REMEMBERED_LEAD_BYTES = 8 * 1024 * 1024;

/** A remembered lead, with its size as counted against its partition's share. */
interface Remembered {
  lead: LeadDocument;
  bytes: number;
}

/**
 * The lead documents this process saved last, by partition, each as it was saved: a scoring job builds on them
 * instead of reading its leads back, which on the hot path was a storage round trip per lead. Only worth trusting
 * while no other job has run in the partition since this process's last one (PartitionHandover tells): the caller
 * forgets a partition otherwise, and whenever one of its jobs fails. Bounded by bytes (a lead's size as JSON, its
 * traits and triggers included), each partition a share, the least recently used forgotten first. Copies in and
 * out: nothing a caller does to a lead changes what is remembered.
 */
export class RememberedLeads {
  private readonly partitions = new Map<number, Map<string, Remembered>>();
  private readonly bytesOf = new Map<number, number>();

  constructor(private readonly bytesPerPartition: number) {}

  /** The lead as this process last saved it, or undefined if it is not remembered. */
  get(partition: number, leadKey: string): LeadDocument | undefined {
    const leads = this.partitions.get(partition);
    const found = leads?.get(leadKey);
    if (!leads || !found) return undefined;
    // Most recently used last: a Map keeps insertion order.
    leads.delete(leadKey);
    leads.set(leadKey, found);
    return structuredClone(found.lead);
  }

  /** Remembers leads just saved. One larger than its partition's share is not remembered (and read when needed). */
  remember(partition: number, saved: LeadDocument[]): void {
    let leads = this.partitions.get(partition);
    if (!leads) this.partitions.set(partition, (leads = new Map()));
    let total = this.bytesOf.get(partition) ?? 0;
    for (const lead of saved) {
      total -= leads.get(lead._id)?.bytes ?? 0;
      leads.delete(lead._id);
      const bytes = JSON.stringify(lead).length;
      if (bytes > this.bytesPerPartition) continue;
      leads.set(lead._id, { lead: structuredClone(lead), bytes });
      total += bytes;
      for (const [oldest, { bytes: oldestBytes }] of leads) {
        if (total <= this.bytesPerPartition) break;
        leads.delete(oldest);
        total -= oldestBytes;
      }
    }
    this.bytesOf.set(partition, total);
  }

  forgetPartition(partition: number): void {
    this.partitions.delete(partition);
    this.bytesOf.delete(partition);
  }

  /** Leads remembered in a partition, and their bytes as counted. */
  sizeOf(partition: number): { leads: number; bytes: number } {
    return { leads: this.partitions.get(partition)?.size ?? 0, bytes: this.bytesOf.get(partition) ?? 0 };
  }
}
