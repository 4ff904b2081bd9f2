import { CopyCoordination } from '@lead-scoring/persistence';

interface GroupWrite {
  readonly eventIds: ReadonlySet<string>;
  /** The ids whose copies the group put in the inbox, once it has (none if it failed). */
  readonly copied: Promise<ReadonlySet<string>>;
}

/**
 * The groups of events this process is storing, until their copies are in the inbox. The gateway stores a group in
 * the log, then its copies in the inbox, then a recheck marker for each duplicate. A concurrent group sending one of
 * those events again finds it in the log; if its marker reached the worker before the first group's copy, the
 * worker would fold the event as a lost copy and have the partition's analytics counted again (and again when the
 * copy comes). So before writing its markers a group waits for the copies of every other group of this process
 * that holds the same events, and writes no marker for a copy written. Copies never wait, so two groups never wait
 * for each other. Other processes' groups are not seen: their duplicates still leave markers, and a copy that meets
 * one takes its place.
 */
export class CopiesInFlight {
  private readonly groups = new Set<GroupWrite>();

  /** Registers a group before its log write; EventRepository.insertNew reports its copies through the result. */
  start(eventIds: string[]): CopyCoordination {
    let resolve!: (copied: ReadonlySet<string>) => void;
    const group: GroupWrite = { eventIds: new Set(eventIds), copied: new Promise((done) => (resolve = done)) };
    this.groups.add(group);
    return {
      written: (copied) => {
        this.groups.delete(group);
        resolve(copied);
      },
      writtenElsewhere: async (duplicates) => {
        const others = [...this.groups].filter((other) => other !== group);
        const found = await Promise.all(
          duplicates.map(async (id) => {
            const holders = others.filter((other) => other.eventIds.has(id));
            const copied = await Promise.all(holders.map((other) => other.copied));
            return copied.some((ids) => ids.has(id)) ? [id] : [];
          }),
        );
        return new Set(found.flat());
      },
    };
  }
}
