import { MongoClient } from 'mongodb';
import mongoose from 'mongoose';
import { AnalyticsSummary, LeadDetail } from '@lead-scoring/contracts';
import { COMPANY_BUCKETS, LEADS_COLLECTION, LEAD_ALIASES_COLLECTION, LeadAliasSchema, LeadDocument, LeadRepository, LeadSchema, publicLeadId } from '@lead-scoring/persistence';
import { partitionFor } from '@lead-scoring/queue';
import { startSystem, stopSystem } from './support/harness';
import { waitFor } from './support/ports';
import { RunningSystem } from './support/services';

const PARTITIONS = 4;

/**
 * The analytics rollups count each scored event once even when a scoring attempt dies after counting, or an event
 * reaches the log without its inbox copy: the job that finds such events has its partition's rollups counted again.
 */
describe('analytics stay exact when storage fails half-way', () => {
  let system: RunningSystem;
  let mongo: MongoClient;

  beforeAll(async () => {
    system = await startSystem('analytics-recount', { RECONCILE_GRACE_MS: '1000', RECONCILE_INTERVAL_MS: '500', RATE_LIMIT_PER_SECOND: '0' });
    mongo = await MongoClient.connect(system.infra.mongoUri());
  });

  afterAll(async () => {
    await mongo?.close();
    await stopSystem(system);
  });

  const summary = async () => (await (await system.read('/api/analytics/summary')).json()) as AnalyticsSummary;
  const leadWith = (email: string, count: number) => waitFor(`${email} with ${count} events`, async () => {
    const response = await system.read(`/api/leads/${email}`);
    const body = response.status === 200 ? ((await response.json()) as LeadDetail) : undefined;
    return body?.event_count === count ? body : undefined;
  }, 30_000);
  /** What a rebuild would count: every stored event out of the inbox. */
  const scoredInStorage = async () => (await mongo.db().collection('events').countDocuments()) - (await mongo.db().collection('pending_events').countDocuments({ event: { $exists: true } }));
  const recountMarks = () => mongo.db().collection('analytics_recounts').countDocuments({ marked_at: { $exists: true } });
  /** The recounts the worker has done, exact or deferred. */
  const recountsDone = async () => {
    const text = await (await fetch(`${system.url('scoring-worker')}/metrics`)).text();
    return [...text.matchAll(/^rollup_recounts_total\{result="[a-z]+"\} (\d+)/gm)].reduce((sum, match) => sum + Number(match[1]), 0);
  };
  /** Once no recount is left to do: the summary's events, those of its types, and the scored events stored. */
  const settledCounts = async () => {
    await waitFor('no partition left to recount', async () => (await recountMarks()) === 0, 30_000);
    const settled = await summary();
    return { total: settled.total_events, byType: settled.events_by_type.reduce((sum, entry) => sum + entry.count, 0), stored: await scoredInStorage() };
  };
  /** As the gateway stores an event whose inbox write then fails: in the log only. */
  const storeWithoutCopy = (event: { event_id: string; event_type: string; timestamp: string }, email: string) =>
    mongo.db().collection('events').insertOne({
      ...event, key_source: 'client', lead_key: email, source: 'api', timestamp: new Date(event.timestamp), received_at: new Date(),
      metadata: { email }, email, company: 'example.com', partition: partitionFor(email, PARTITIONS),
    });
  const expectExact = (counts: { total: number; byType: number; stored: number }) => expect(counts).toEqual({ total: counts.stored, byType: counts.stored, stored: counts.stored });

  it('counts once an event folded by an attempt that died before taking it out of the inbox', async () => {
    const email = 'attempt-died@example.com';
    const before = await recountsDone();
    const send = (n: number, day: string) => system.postEvent({ event_id: `attempt-died-${n}`, event_type: 'PAGE_VIEW', timestamp: `2026-04-${day}T00:00:00Z`, metadata: { email } });
    expect((await send(1, '01')).status).toBe(202);
    expect((await send(2, '02')).status).toBe(202);
    await leadWith(email, 2);
    await waitFor('two events counted', async () => (await summary()).total_events === 2, 30_000);
    // As an attempt that saved the lead and counted its events, and died before deleting their inbox entries: the
    // lead was saved under that attempt's token, which never finished, and the second event's copy is back in the
    // inbox. The next job folds it again, with a new event.
    const stored = await mongo.db().collection('events').findOne({ event_id: 'attempt-died-2' });
    await mongo.db().collection('leads').updateOne({ _id: email as never }, { $set: { saved_by: 'an-attempt-that-died' } });
    await mongo.db().collection('pending_events').insertOne({ _id: 'attempt-died-2' as never, lead_key: email, partition: partitionFor(email, PARTITIONS), received_at: stored?.received_at, event: stored });
    expect((await send(3, '03')).status).toBe(202);
    expect((await leadWith(email, 3)).score).toBe(15);
    await waitFor('the inbox emptied', async () => (await mongo.db().collection('pending_events').countDocuments({ lead_key: email })) === 0, 30_000);
    expectExact(await settledCounts());
    expect(await recountsDone()).toBeGreaterThan(before);
  });

  it('counts once an event whose copy came after a re-fold had read it from the log (no recount)', async () => {
    // In a partition never counted again: after a recount, such a copy has its partition counted again (see below).
    const email = 'copy-after-refold@example.com';
    const before = await recountsDone();
    const send = (n: number, day: string) => system.postEvent({ event_id: `copy-late-${n}`, event_type: 'EMAIL_OPEN', timestamp: `2026-06-${day}T00:00:00Z`, metadata: { email } });
    expect((await send(1, '01')).status).toBe(202);
    expect((await send(3, '03')).status).toBe(202);
    await leadWith(email, 2);
    // The gateway stored the second event in the log and has not written its copy yet when a late event (the
    // fourth) re-folds the lead from its log: the second is folded in, not counted. Its copy then comes.
    const late = { event_id: 'copy-late-2', event_type: 'EMAIL_OPEN', timestamp: new Date('2026-06-02T00:00:00Z') };
    const document = { ...late, key_source: 'client', lead_key: email, source: 'api', metadata: { email }, received_at: new Date(Date.now() - 10 * 60_000), email, company: 'example.com', partition: partitionFor(email, PARTITIONS) };
    await mongo.db().collection('events').insertOne(document);
    expect((await send(4, '01')).status).toBe(202);
    await leadWith(email, 4);
    const stored = await mongo.db().collection('events').findOne({ event_id: 'copy-late-2' });
    await mongo.db().collection('pending_events').insertOne({ _id: 'copy-late-2' as never, lead_key: email, partition: partitionFor(email, PARTITIONS), received_at: stored?.received_at, event: stored });
    expect((await send(5, '05')).status).toBe(202);
    await leadWith(email, 5);
    await waitFor('the inbox emptied', async () => (await mongo.db().collection('pending_events').countDocuments({ lead_key: email })) === 0, 30_000);
    expectExact(await settledCounts());
    expect(await recountsDone()).toBe(before);
  });

  it('counts an event that reached the log without its inbox copy, once its sender sends it again', async () => {
    const email = 'copy-lost@example.com';
    const event = (n: number, day: string) => ({ event_id: `copy-lost-${n}`, event_type: 'PAGE_VIEW', timestamp: `2026-05-${day}T00:00:00Z`, metadata: { email } });
    expect((await system.postEvent(event(1, '01'))).status).toBe(202);
    expect((await system.postEvent(event(3, '03'))).status).toBe(202);
    await leadWith(email, 2);
    // Storage went away between the gateway's log and inbox writes: the event is in the log only, earlier than the
    // lead's last event. Its sender's retry is a duplicate, whose recheck marker has a worker fold it in.
    const lost = event(2, '02');
    await storeWithoutCopy(lost, email);
    const response = await system.postEvent(lost);
    expect((await response.json()).status).toBe('duplicate');
    expect((await leadWith(email, 3)).score).toBe(15);
    expectExact(await settledCounts());
  });

  it('counts an event a re-fold took from the log before its sender sent it again', async () => {
    const email = 'resent-after-refold@example.com';
    const event = (n: number, day: string) => ({ event_id: `resent-after-refold-${n}`, event_type: 'PAGE_VIEW', timestamp: `2026-08-${day}T00:00:00Z`, metadata: { email } });
    expect((await system.postEvent(event(1, '02'))).status).toBe(202);
    expect((await system.postEvent(event(3, '05'))).status).toBe(202);
    await leadWith(email, 2);
    // Storage went away between the gateway's log and inbox writes of an event earlier than the lead's last. Before
    // its sender tries again, a late event re-folds the lead from its log: the lost one is folded in, as if its copy
    // were on its way. The retry's recheck marker then finds it folded; its copy never comes.
    const lost = event(2, '04');
    await storeWithoutCopy(lost, email);
    expect((await system.postEvent(event(4, '01'))).status).toBe(202);
    expect((await leadWith(email, 4)).score).toBe(20);
    expect((await (await system.postEvent(lost)).json()).status).toBe('duplicate');
    await waitFor('the inbox emptied', async () => (await mongo.db().collection('pending_events').countDocuments({ lead_key: email })) === 0, 30_000);
    expectExact(await settledCounts());
  });

  it('counts once an event a recount took as scored while its copy was still on its way', async () => {
    const crashed = 'crashed@example.com';
    const late = 'on-its-way@example.com';
    const partition = partitionFor(crashed, PARTITIONS);
    expect(partitionFor(late, PARTITIONS)).toBe(partition);
    const before = await recountsDone();
    const event = (email: string, n: number) => ({ event_id: `${email.split('@')[0]}-${n}`, event_type: 'PAGE_VIEW', timestamp: `2026-07-0${n}T00:00:00Z`, metadata: { email } });
    for (const [email, n] of [[crashed, 1], [crashed, 2], [late, 2], [late, 4]] as const) expect((await system.postEvent(event(email, n))).status).toBe(202);
    await leadWith(crashed, 2);
    await leadWith(late, 2);
    const logged = (email: string, n: number, receivedAt: Date) => {
      const { timestamp, ...rest } = event(email, n);
      return { ...rest, timestamp: new Date(timestamp), key_source: 'client', lead_key: email, source: 'api', received_at: receivedAt, email, company: 'example.com', partition };
    };
    const copyOf = (document: { event_id: string; lead_key: string; received_at: Date }) => ({ _id: document.event_id as never, lead_key: document.lead_key, partition, received_at: document.received_at, event: document });
    // One job finds two things. An attempt that died after saving the first lead (its second event's copy is back in
    // the inbox) has the partition counted again after the job. A late event re-folds the second lead from its log,
    // where the gateway has just stored another late event and not yet written its copy: the lead holds it, and the
    // recount takes it as scored. When its copy comes, the job that folds it counts it again, and has the partition
    // counted again.
    await mongo.db().collection('leads').updateOne({ _id: crashed as never }, { $set: { saved_by: 'an-attempt-that-died' } });
    const counted = await mongo.db().collection('events').findOne({ event_id: 'crashed-2' });
    const onItsWay = logged(late, 3, new Date());
    const lateOne = logged(late, 1, new Date(Date.now() - 60_000));
    await mongo.db().collection('events').insertMany([onItsWay, lateOne]);
    await mongo.db().collection('pending_events').insertMany([copyOf(counted as never), copyOf(lateOne)]);
    await waitFor('the recount after that job', async () => (await recountsDone()) > before, 30_000);
    const afterFirst = await recountsDone();
    await mongo.db().collection('pending_events').insertOne(copyOf(onItsWay));
    expect((await leadWith(late, 4)).score).toBe(20);
    await waitFor('the inbox emptied', async () => (await mongo.db().collection('pending_events').countDocuments({ partition })) === 0, 30_000);
    expectExact(await settledCounts());
    expect(await recountsDone()).toBeGreaterThan(afterFirst);
  });

  it('recounts a lead saved by an attempt that died, when the next job folds only later events of it', async () => {
    const email = 'saved-by-the-dead@example.com';
    const partition = partitionFor(email, PARTITIONS);
    const event = (n: number) => ({ event_id: `saved-by-the-dead-${n}`, event_type: 'PAGE_VIEW', timestamp: `2026-09-0${n}T00:00:00Z`, metadata: { email } });
    for (const n of [1, 2]) expect((await system.postEvent(event(n))).status).toBe(202);
    await leadWith(email, 2);
    expectExact(await settledCounts());
    // As an attempt that saved the new lead with both events and died before counting anything: the rollups lack
    // the lead and its events (written under a new revision, so that the worker reads them again), and the lead
    // is saved under that attempt's token. Its copies are not in the batch of the next job, which folds a later
    // event: that job must have the partition counted again, since the job that later takes the copies finds the
    // lead saved by a job that finished.
    const rollups = mongo.db().collection<{ _id: string; lead_count: number; events_total: number; events_by_type: { event_type: string; count: number }[]; revision?: string }>('analytics_rollups');
    const before = await rollups.findOne({ _id: `p${partition}|leads` });
    if (!before) throw new Error(`no rollup of partition ${partition}`);
    const events_by_type = before.events_by_type.map((entry) => (entry.event_type === 'PAGE_VIEW' ? { ...entry, count: entry.count - 2 } : entry));
    await rollups.replaceOne({ _id: before._id }, { ...before, lead_count: before.lead_count - 1, events_total: before.events_total - 2, events_by_type, revision: 'before-the-attempt' });
    await mongo.db().collection('leads').updateOne({ _id: email as never }, { $set: { saved_by: 'an-attempt-that-died' } });
    expect((await system.postEvent(event(3))).status).toBe(202);
    await leadWith(email, 3);
    const copies = await mongo.db().collection('events').find({ event_id: { $in: [event(1).event_id, event(2).event_id] } }).toArray();
    await mongo.db().collection('pending_events').insertMany(copies.map((copy) => ({ _id: copy.event_id, lead_key: email, partition, received_at: copy.received_at, event: copy })) as never[]);
    expect((await system.postEvent(event(4))).status).toBe(202);
    await leadWith(email, 4);
    await waitFor('the inbox emptied', async () => (await mongo.db().collection('pending_events').countDocuments({ lead_key: email })) === 0, 30_000);
    expectExact(await settledCounts());
    expect((await summary()).total_leads).toBe(await mongo.db().collection('leads').countDocuments());
  });

  it('stops an attempt that saves leads another attempt of its job saved since it read them', async () => {
    // Two attempts of one job at once (a lock that expired under a live worker) would fold and count the same events
    // from the same saved leads: the one that saves second must fail before it counts.
    const connection = await mongoose.createConnection(system.environment.MONGO_URI as string).asPromise();
    try {
      const options = { mongoUri: system.environment.MONGO_URI as string, mongoPoolSize: 2, updatesPerCommand: 8, redisUrl: system.infra.redisUrl, keyPrefix: 'unused' };
      const leads = new LeadRepository(connection.model<LeadDocument>(LEADS_COLLECTION, LeadSchema), connection.model(LEAD_ALIASES_COLLECTION, LeadAliasSchema), options);
      const scored = 'two-attempts-template@example.com';
      expect((await system.postEvent({ event_id: 'two-attempts-template', event_type: 'PAGE_VIEW', metadata: { email: scored } })).status).toBe(202);
      await leadWith(scored, 1);
      const [template] = await leads.findByKeys([scored]);
      const key = 'two-attempts@example.com';
      const first = { ...(template as LeadDocument), _id: key, lead_id: publicLeadId(key), email: key, saved_by: 'first' };
      await leads.saveAll([{ before: null, after: first }]);
      // An attempt that read the lead as never saved...
      await expect(leads.saveAll([{ before: null, after: { ...first, saved_by: 'second' } }])).rejects.toThrow(/saved by another attempt/);
      const [read] = (await leads.findByKeys([key])) as LeadDocument[];
      await leads.saveAll([{ before: read, after: { ...read, score: 99, saved_by: 'third' } }]);
      // ...or as an earlier attempt saved it.
      await expect(leads.saveAll([{ before: read, after: { ...read, saved_by: 'fourth' } }])).rejects.toThrow(/saved by another attempt/);
      expect(await leads.findByKeys([key])).toMatchObject([{ saved_by: 'third', score: 99 }]);
    } finally {
      await connection.close();
    }
  });

  it('recounts a partition marked by a job that died, with no event to wake it', async () => {
    const before = await settledCounts();
    const partition = partitionFor('attempt-died@example.com', PARTITIONS);
    // A job marked the partition, saved its leads and died; meanwhile its rollups went wrong.
    const rollups = mongo.db().collection('analytics_rollups');
    expect((await rollups.updateOne({ _id: `p${partition}|leads` as never }, { $inc: { events_total: 100 } })).modifiedCount).toBe(1);
    await mongo.db().collection('analytics_recounts').updateOne({ _id: partition as never }, { $set: { marked_at: new Date() } }, { upsert: true });
    expect(await settledCounts()).toEqual(before);
    expectExact(before);
  });

  it("adds an earlier version's one company document to the company buckets, until a recount replaces it", async () => {
    type CompanyEntry = { company: string; leads: number; events: number; total_score: number };
    type CompanyRollup = { _id: string; kind: string; partition: number; bucket?: number; companies: CompanyEntry[] };
    const email = 'legacy-companies@globex.example';
    const partition = partitionFor(email, PARTITIONS);
    // By name: the endpoint orders by leads and events, which the new event changes.
    const companies = async () => ((await (await system.read('/api/analytics/companies?limit=100')).json()) as { items: CompanyEntry[] }).items.sort((a, b) => a.company.localeCompare(b.company));
    const send = (n: number) => system.postEvent({ event_id: `legacy-companies-${n}`, event_type: 'PAGE_VIEW', timestamp: `2026-07-0${n}T00:00:00Z`, metadata: { email } });
    const recount = async () => {
      await mongo.db().collection('analytics_recounts').updateOne({ _id: partition as never }, { $set: { marked_at: new Date() } }, { upsert: true });
      await settledCounts();
    };
    expect((await send(1)).status).toBe(202);
    await leadWith(email, 1);
    // Counted exactly first: a test above saves a lead (two-attempts@) without counting it, which a recount adds.
    await recount();
    const before = await companies();
    expect(before).toContainEqual({ company: 'globex.example', leads: 1, events: 1, total_score: 5 });

    // As an earlier version kept them: every company of the partition in one document, without a bucket.
    const rollups = mongo.db().collection<CompanyRollup>('analytics_rollups');
    const buckets = await rollups.find({ kind: 'companies', partition }).toArray();
    expect(buckets.length).toBeGreaterThan(0);
    expect(buckets.every((document) => document._id === `p${partition}|companies|${document.bucket}`)).toBe(true);
    await rollups.deleteMany({ kind: 'companies', partition });
    await rollups.insertOne({ _id: `p${partition}|companies`, kind: 'companies', partition, companies: buckets.flatMap((document) => document.companies) });
    expect(await companies()).toEqual(before);

    // A job counts its moves into a bucket, beside that document.
    expect((await send(2)).status).toBe(202);
    await leadWith(email, 2);
    const expected = before.map((entry) => (entry.company === 'globex.example' ? { ...entry, events: 2, total_score: 10 } : entry));
    await waitFor('the new event counted for its company', async () => JSON.stringify(await companies()) === JSON.stringify(expected), 30_000);
    expect(await rollups.findOne({ _id: `p${partition}|companies` })).not.toBeNull();

    // A recount counts the partition into buckets and deletes the old document; the totals stay.
    await recount();
    expect(await rollups.findOne({ _id: `p${partition}|companies` })).toBeNull();
    expect(await rollups.countDocuments({ kind: 'companies', partition })).toBe(COMPANY_BUCKETS);
    expect(await companies()).toEqual(expected);
  });
});
