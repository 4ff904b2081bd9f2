import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { mapConcurrently, writeInChunks } from '../bulk-writes';
import { closing } from '../query-cursor';
import { duplicateIndexesOf } from '../mongo-errors';
import { PERSISTENCE_OPTIONS, PersistenceOptions } from '../persistence.options';
import { EVENTS_COLLECTION, EventDocument, LEGACY_STATE_INDEX, LoggedEvent, PENDING_EVENTS_COLLECTION, PendingEntry } from '../schemas/event.schema';
import { EventPosition, TIMELINE_ORDER, timelinePageFilter, toPage } from './timeline-page';

/** A partition inbox no larger than this is cleared of a job's entries by one statement (see removePending). */
export const SMALL_INBOX_ENTRIES = 500;

/** Lookups of named leads' pending events in flight at once. */
const PENDING_READS_IN_FLIGHT = 8;

/**
 * Inbox entries a backlog read takes per round trip: a small inbox (SMALL_INBOX_ENTRIES) in one, and at most 16 MB
 * of 32 KB events held by the driver at once.
 */
const BACKLOG_READ_BATCH = 500;
/** An entry's fields but its metadata, counted as this many bytes: ids, names and dates, a few hundred at most. */
const ENTRY_BYTES_BESIDE_METADATA = 512;

/**
 * What an event (or an inbox entry) holds in memory, roughly: its metadata as JSON, the rest counted as a constant.
 * What bounds a backlog job's events (findBacklog) and the part of a lead's log read at once (findLogForLead).
 */
export function approximateEventBytes(metadata: Record<string, unknown> | undefined): number {
  return ENTRY_BYTES_BESIDE_METADATA + (metadata === undefined ? 0 : JSON.stringify(metadata).length);
}

/**
 * Events of a lead's log a read takes per round trip: at most 3.2 MB of 32 KB events (the driver holds a whole
 * batch, and a batch may otherwise be up to 16 MB), and one round trip for most leads.
 */
const LOG_READ_BATCH = 100;

/** What became of each document of an insert, in the order given. */
export type InsertStatus = 'inserted' | 'duplicate';

/** How concurrent calls of EventRepository.insertNew in one process tell each other which copies they wrote. */
export interface CopyCoordination {
  /** Called once, when this call's copies are in the inbox (none if it failed before). */
  written(eventIds: ReadonlySet<string>): void;
  /** Of these duplicates, those whose copies other calls wrote: waits for those calls' copies. */
  writtenElsewhere(eventIds: string[]): Promise<ReadonlySet<string>>;
}

const UNCOORDINATED: CopyCoordination = { written: () => undefined, writtenElsewhere: async () => new Set() };

/** An event's inbox entry: its copy, or (for a duplicate) a recheck marker. */
function inboxEntry(document: EventDocument, copy: boolean): PendingEntry {
  const { event_id, lead_key, partition, received_at } = document;
  return { _id: event_id, lead_key, partition: partition ?? 0, received_at, ...(copy ? { event: document } : {}) };
}

/**
 * The event log (insert-only) and its pending inbox (see PendingEntry): what is stored, and what is still to fold.
 */
@Injectable()
export class EventRepository {
  constructor(
    @InjectModel(EVENTS_COLLECTION) private readonly events: Model<EventDocument>,
    @InjectModel(PENDING_EVENTS_COLLECTION) private readonly pending: Model<PendingEntry>,
    @Inject(PERSISTENCE_OPTIONS) private readonly options: PersistenceOptions,
  ) {}

  /**
   * Stores events in one unordered insert, skipping those whose key is already stored (by an earlier call, or by
   * an earlier copy in this one), then puts them in the pending inbox: a copy of each new event, then a recheck
   * marker for each duplicate. Log first: an inbox entry always names a stored event. A failure between the log and
   * the inbox leaves new events stored with no entry; the caller answers 503, the sender sends them again, and
   * their markers have the worker find them in their leads' logs. Any failure is thrown: the caller must then not
   * promise durability.
   *
   * A marker for an event whose copy a concurrent call of the same process is about to write would reach the
   * worker first, perhaps, and have it folded as a lost copy: `copies` tells the other calls which copies this one
   * wrote, and which of this one's duplicates they wrote (it waits for their copies, which never wait themselves).
   */
  async insertNew(documents: EventDocument[], copies: CopyCoordination = UNCOORDINATED): Promise<InsertStatus[]> {
    if (documents.length === 0) {
      copies.written(new Set());
      return [];
    }
    let statuses: InsertStatus[] = [];
    const copied = new Set<string>();
    try {
      statuses = await this.insertIntoLog(documents);
      const entries = documents.filter((_, i) => statuses[i] === 'inserted').map((document) => inboxEntry(document, true));
      // An entry already there is the same event still pending, or a duplicate's recheck marker (the same event
      // sent twice at once, through another process): a copy takes the marker's place, so that the worker has the
      // event to fold rather than a marker to hold until its copy comes.
      const refused = await this.insertEntries(entries);
      await writeInChunks(refused, this.options.updatesPerCommand, (chunk) =>
        this.pending.bulkWrite(chunk.map((entry) => ({ replaceOne: { filter: { _id: entry._id, event: { $exists: false } }, replacement: entry } })), { ordered: false }),
      );
      for (const entry of entries) copied.add(entry._id);
    } finally {
      copies.written(copied);
    }
    const duplicates = documents.filter((document, i) => statuses[i] === 'duplicate' && !copied.has(document.event_id));
    if (duplicates.length > 0) {
      const copiedElsewhere = await copies.writtenElsewhere(duplicates.map((document) => document.event_id));
      // Refused where an entry is there already (the event pending, or marked): nothing more to say.
      await this.insertEntries(duplicates.filter((document) => !copiedElsewhere.has(document.event_id)).map((document) => inboxEntry(document, false)));
    }
    return statuses;
  }

  /** Inserts inbox entries, unordered; returns those refused because an entry with their id was there. */
  private async insertEntries(entries: PendingEntry[]): Promise<PendingEntry[]> {
    if (entries.length === 0) return [];
    return this.pending.insertMany(entries, { ordered: false, lean: true }).then(
      () => [],
      (error: unknown) => {
        const duplicates = duplicateIndexesOf(error);
        if (!duplicates) throw error;
        return [...duplicates].map((i) => entries[i]);
      },
    );
  }

  private async insertIntoLog(documents: EventDocument[]): Promise<InsertStatus[]> {
    try {
      await this.events.insertMany(documents, { ordered: false, lean: true });
      return documents.map(() => 'inserted');
    } catch (error) {
      const duplicateIndexes = duplicateIndexesOf(error);
      if (!duplicateIndexes) throw error;
      return documents.map((_, i) => (duplicateIndexes.has(i) ? 'duplicate' : 'inserted'));
    }
  }

  // Top-level equality filters only: FerretDB pushes those down to its backend, anything else scans.
  /**
   * The lead's whole log, or null as soon as it holds more than `maxBytes` (see approximateEventBytes): a log that
   * large is read as positions (findLogPositions) and streamed (streamLogForLead) instead.
   */
  async findLogForLead(leadKey: string, maxBytes: number): Promise<EventDocument[] | null> {
    const log: EventDocument[] = [];
    let bytes = 0;
    for await (const event of closing(this.events.find({ lead_key: leadKey }).batchSize(LOG_READ_BATCH).lean<EventDocument>().cursor())) {
      log.push(event);
      bytes += approximateEventBytes(event.metadata);
      if (bytes > maxBytes) return null;
    }
    return log;
  }

  /** The lead's log without the events' metadata: a few hundred bytes per event, however large they are. */
  findLogPositions(leadKey: string): Promise<LoggedEvent[]> {
    return this.events.find({ lead_key: leadKey }, { metadata: 0 }).lean<LoggedEvent[]>().exec();
  }

  /** The lead's log in event-time order (the server's), a batch at a time. */
  streamLogForLead(leadKey: string): AsyncIterable<EventDocument> {
    return closing(this.events.find({ lead_key: leadKey }).sort(TIMELINE_ORDER).batchSize(LOG_READ_BATCH).lean<EventDocument>().cursor());
  }

  /** The lead's inbox entries: usually a handful, whatever the length of its log. */
  findPendingForLead(leadKey: string): Promise<PendingEntry[]> {
    return this.pending.find({ lead_key: leadKey }).lean<PendingEntry[]>().exec();
  }

  /**
   * The inbox entries of these leads of `partition` (a recompute's slice, the reconciler's leads): the partition's
   * whole inbox in one query when it holds no more than SMALL_INBOX_ENTRIES entries (a re-score usually finds it
   * empty), else one indexed equality lookup per lead, a few at a time.
   */
  async findPendingForLeads(leadKeys: string[], partition: number): Promise<PendingEntry[]> {
    const inbox = await this.findPendingInPartition(partition, SMALL_INBOX_ENTRIES + 1);
    if (inbox.length <= SMALL_INBOX_ENTRIES) {
      const wanted = new Set(leadKeys);
      return inbox.filter((entry) => wanted.has(entry.lead_key));
    }
    return (await mapConcurrently(leadKeys, PENDING_READS_IN_FLIGHT, (leadKey) => this.findPendingForLead(leadKey))).flat();
  }

  /** Up to `limit` inbox entries of a scoring partition: its backlog, in one query. */
  findPendingInPartition(partition: number, limit: number): Promise<PendingEntry[]> {
    return this.pending.find({ partition }).limit(limit).lean<PendingEntry[]>().exec();
  }

  /**
   * A backlog job's share of its partition's inbox: up to `maxEntries` entries, and none after the one that brings
   * their events to `maxBytes` (approximately: their metadata as JSON, the rest counted as a constant). A job then
   * holds a bounded amount of memory whatever the events' size: 5,000 events of 32 KB would be 160 MB of JSON.
   * Read in batches of BACKLOG_READ_BATCH, so that a small inbox is still one query. `more`: it stopped before the
   * end of the inbox (or took exactly `maxEntries`), and another job should follow. `bytes`: the events' size as
   * counted.
   */
  async findBacklog(partition: number, maxEntries: number, maxBytes: number): Promise<{ entries: PendingEntry[]; more: boolean; bytes: number }> {
    const entries: PendingEntry[] = [];
    let bytes = 0;
    for await (const entry of closing(this.pending.find({ partition }).limit(maxEntries).batchSize(BACKLOG_READ_BATCH).lean<PendingEntry>().cursor())) {
      entries.push(entry);
      bytes += approximateEventBytes(entry.event?.metadata);
      if (bytes >= maxBytes) return { entries, more: true, bytes };
    }
    return { entries, more: entries.length >= maxEntries, bytes };
  }

  /**
   * Takes these entries out of the inbox, once their leads are written. Only the entries named: one added after
   * the caller read the inbox stays for its own job.
   *
   * With `smallInbox`, the entries are all of that partition, whose whole inbox the caller read and found no larger
   * than SMALL_INBOX_ENTRIES: one statement then, narrowed by the partition. FerretDB pushes that equality down and
   * checks the ids on the partition's entries, a few hundred at most: 11 ms for 60 entries of 50 leads, against 41
   * ms for a statement per lead, on the development FerretDB (docs/benchmarks.md). Otherwise one statement per lead, narrowed
   * by its lead_key: an `$in` of ids checked on every entry of a backlogged partition costs 0.75 s per 1,000 ids at
   * 20,000 entries, and 3.5 times a statement per lead at 2,000. MongoDB serves both by the _id index. Sent as bulk
   * commands of MONGO_UPDATES_PER_COMMAND statements (see bulk-writes.ts).
   */
  async removePending(entries: Pick<PendingEntry, '_id' | 'lead_key'>[], smallInbox?: { partition: number }): Promise<void> {
    if (entries.length === 0) return;
    if (smallInbox) {
      await this.pending.deleteMany({ partition: smallInbox.partition, _id: { $in: entries.map((entry) => entry._id) } }).exec();
      return;
    }
    const idsByLead = new Map<string, string[]>();
    for (const { _id, lead_key } of entries) {
      const ids = idsByLead.get(lead_key);
      if (ids) ids.push(_id);
      else idsByLead.set(lead_key, [_id]);
    }
    await writeInChunks([...idsByLead], this.options.updatesPerCommand, (chunk) =>
      this.pending.bulkWrite(chunk.map(([leadKey, ids]) => ({ deleteMany: { filter: { lead_key: leadKey, _id: { $in: ids } } } })), { ordered: false }),
    );
  }

  /**
   * Files every inbox entry of these leads under the lead's partition (SCORING_PARTITIONS changed since they were
   * filed): one statement per lead, narrowed by its lead_key. Returns the partitions they now belong to.
   */
  async refilePending(leadKeys: Iterable<string>, partitionOf: (leadKey: string) => number): Promise<number[]> {
    const moves = [...new Set(leadKeys)].map((leadKey) => ({ leadKey, partition: partitionOf(leadKey) }));
    await writeInChunks(moves, this.options.updatesPerCommand, (chunk) =>
      this.pending.bulkWrite(chunk.map(({ leadKey, partition }) => ({ updateMany: { filter: { lead_key: leadKey }, update: { $set: { partition } } } })), { ordered: false }),
    );
    return [...new Set(moves.map((move) => move.partition))];
  }

  /** The ids of the lead's events still pending (the rest of its log is folded in). */
  async pendingIdsOf(leadKey: string): Promise<Set<string>> {
    const entries = await this.pending.find({ lead_key: leadKey, event: { $exists: true } }, { _id: 1 }).lean<Pick<PendingEntry, '_id'>[]>().exec();
    return new Set(entries.map((entry) => entry._id));
  }

  /**
   * Leads with inbox entries in this partition older than `olderThan`: their queue job was lost or never written.
   * Narrowed by the partition (an equality FerretDB pushes down), whose inbox is small when its scoring is idle.
   */
  async findStalePendingInPartition(partition: number, olderThan: Date, limit: number): Promise<string[]> {
    const stale = await this.pending.find({ partition, received_at: { $lt: olderThan } }, { lead_key: 1 }).limit(limit).lean<Pick<PendingEntry, 'lead_key'>[]>().exec();
    return stale.map((entry) => entry.lead_key);
  }

  /**
   * Moves the events that an earlier version left pending (a `state` stored on each event, under the index it
   * kept for it) into the inbox, then drops that index. Runs once per database: without the index there is nothing
   * to move. Safe to run again after a crash half-way: copies already there are skipped. Returns the leads moved.
   */
  async adoptLegacyPending(): Promise<string[]> {
    const indexes = await this.events.collection.indexes();
    if (!indexes.some((index) => index.name === LEGACY_STATE_INDEX)) return [];
    const leads = new Set<string>();
    let page: EventDocument[] = [];
    const flush = async () => {
      await this.insertPendingCopies(page);
      page = [];
    };
    for await (const event of closing(this.events.find({ state: 'pending' }).lean<EventDocument>().cursor())) {
      page.push(event);
      leads.add(event.lead_key);
      if (page.length >= 500) await flush();
    }
    await flush();
    await this.events.collection.dropIndex(LEGACY_STATE_INDEX);
    return [...leads];
  }

  private async insertPendingCopies(events: EventDocument[]): Promise<void> {
    if (events.length === 0) return;
    const entries = events.map(({ state: _state, ...event }) => ({ _id: event.event_id, lead_key: event.lead_key, partition: event.partition ?? 0, received_at: event.received_at, event }));
    await this.pending.insertMany(entries, { ordered: false, lean: true }).catch((error: unknown) => {
      if (!duplicateIndexesOf(error)) throw error;
    });
  }

  /** A page of the lead's stored events in (timestamp, event_id) order after `after`: limit + 1 rows read, no more. */
  async pageForLead(leadKey: string, after: EventPosition | null, limit: number): Promise<{ items: EventDocument[]; more: boolean }> {
    const rows = await this.events.find(timelinePageFilter(leadKey, after)).sort(TIMELINE_ORDER).limit(limit + 1).lean<EventDocument[]>().exec();
    return toPage(rows, limit);
  }
}
