import {
  COMPANY_BUCKETS, MAX_EVENT_TYPES_PER_ROLLUP, OTHER_EVENT_TYPES, applyActivity, applyCompanyLead, applyEvent, applyLead, bandOf, companyBucketOf, companyRollupId, compactCompanyRollup, compactLeadRollup, emptyActivityRollup,
  emptyCompanyRollup, emptyLeadRollup, rollupIdsOf, rollupsAfter, RollupTally,
} from './analytics-rollup.math';
import { model } from 'mongoose';
import { AnalyticsRollupDocument, AnalyticsRollupSchema, CompanyRollupDocument, LeadRollupDocument } from './schemas/analytics-rollup.schema';

const lead = (score: number, stage: string, company: string | null, event_count: number) => ({ score, stage, company, event_count });

describe('analytics rollup math', () => {
  it('bands scores by 100 with one open band from 1000, negative scores included', () => {
    expect([0, 99, 100, 950, 1000, 4000, -1, -100, -101].map(bandOf)).toEqual([0, 0, 100, 900, 1000, 1000, -100, -100, -200]);
  });

  it('moves a lead between stage, band and company by applying after minus before', () => {
    const rollup = emptyLeadRollup(3);
    const companies = emptyCompanyRollup(3, 0);
    const apply = (facts: ReturnType<typeof lead>, sign: 1 | -1) => {
      applyLead(rollup, facts, sign);
      applyCompanyLead(companies, facts.company as string, facts, sign);
    };
    apply(lead(40, 'cold', 'Acme.Inc', 2), 1);
    apply(lead(10, 'cold', '$Dollar', 1), 1);
    // The first lead gains 100 points and changes company.
    apply(lead(40, 'cold', 'Acme.Inc', 2), -1);
    apply(lead(140, 'hot', 'Globex', 3), 1);
    compactLeadRollup(rollup);
    compactCompanyRollup(companies);
    expect(rollup).toMatchObject({
      _id: 'p3|leads', lead_count: 2, total_score: 150, companies: [],
      stages: [{ stage: 'cold', count: 1 }, { stage: 'hot', count: 1 }],
      bands: [{ min: 0, count: 1 }, { min: 100, count: 1 }],
    });
    expect(companies.companies).toEqual([{ company: '$Dollar', leads: 1, events: 1, total_score: 10 }, { company: 'Globex', leads: 1, events: 3, total_score: 140 }]);
  });

  it('spreads companies over COMPANY_BUCKETS documents by a hash of the name that never changes', () => {
    const names = Array.from({ length: 3200 }, (_, i) => `company-${i}.example`);
    const perBucket = new Array<number>(COMPANY_BUCKETS).fill(0);
    for (const name of names) perBucket[companyBucketOf(name)] += 1;
    // Every bucket in use, none with more than twice its share.
    expect(Math.min(...perBucket)).toBeGreaterThan(0);
    expect(Math.max(...perBucket)).toBeLessThan((2 * names.length) / COMPANY_BUCKETS);
    // Pinned (FNV-1a modulo 32): the same in every process, so that two workers' jobs agree on a company's document.
    expect(['acme.com', 'Ünïcødé GmbH', ''].map(companyBucketOf)).toEqual([0, 14, 5]);
  });

  it("rewrites only the company documents of a job's leads' companies, and none for leads without one", () => {
    const changes = [
      { before: lead(10, 'cold', 'acme.com', 1), after: lead(20, 'cold', 'globex.com', 2), newly_scored: [] },
      { before: null, after: lead(5, 'cold', null, 1), newly_scored: [] },
    ];
    const ids = rollupIdsOf(4, changes);
    expect(ids).toEqual(['p4|leads', ...new Set([companyRollupId(4, companyBucketOf('acme.com')), companyRollupId(4, companyBucketOf('globex.com'))])]);
    expect(rollupIdsOf(4, [changes[1]])).toEqual(['p4|leads']);
    const next = rollupsAfter(4, changes, () => null);
    expect(next.map((document) => document._id)).toEqual(ids);
    // Built on nothing stored (a document of an earlier version holds the rest): the moves alone, which add up.
    const entries = next.filter((document): document is CompanyRollupDocument => document.kind === 'companies').flatMap((document) => document.companies);
    expect(entries.sort((a, b) => a.company.localeCompare(b.company))).toEqual([
      { company: 'acme.com', leads: -1, events: -1, total_score: -10 },
      { company: 'globex.com', leads: 1, events: 2, total_score: 20 },
    ]);
  });

  it('counts events per type and per UTC hour of their day, and keeps the newest event time', () => {
    const rollup = emptyLeadRollup(0);
    const day = emptyActivityRollup(0, '2026-01-10');
    for (const [type, iso] of [['PAGE_VIEW', '2026-01-10T11:33:22Z'], ['PAGE_VIEW', '2026-01-10T11:59:59Z'], ['PURCHASE', '2026-01-10T00:00:00Z']]) {
      const event = { event_type: type, timestamp: new Date(iso) };
      applyEvent(rollup, event);
      applyActivity(day, event);
    }
    expect(rollup.events_total).toBe(3);
    expect(rollup.events_by_type).toEqual([{ event_type: 'PAGE_VIEW', count: 2 }, { event_type: 'PURCHASE', count: 1 }]);
    expect(rollup.newest_event_at?.toISOString()).toBe('2026-01-10T11:59:59.000Z');
    expect(day).toMatchObject({ _id: 'p0|day|2026-01-10', month: '2026-01' });
    expect(day.types.map((entry) => [entry.event_type, entry.hours[11], entry.hours[0], entry.hours.reduce((a, b) => a + b, 0)])).toEqual([['PAGE_VIEW', 2, 0, 2], ['PURCHASE', 0, 1, 1]]);
  });

  it('counts events of types past MAX_EVENT_TYPES_PER_ROLLUP under (other), in the summary and in the day, and keeps the totals', () => {
    const rollup = emptyLeadRollup(0);
    const day = emptyActivityRollup(0, '2026-01-10');
    const count = (type: string) => {
      const event = { event_type: type, timestamp: new Date('2026-01-10T07:00:00Z') };
      applyEvent(rollup, event);
      applyActivity(day, event);
    };
    for (let i = 0; i < MAX_EVENT_TYPES_PER_ROLLUP + 50; i++) count(`FORM_SUBMIT_${i}`);
    // A type named before the limit keeps its name.
    count('FORM_SUBMIT_0');
    expect(rollup.events_total).toBe(MAX_EVENT_TYPES_PER_ROLLUP + 51);
    expect(rollup.events_by_type).toHaveLength(MAX_EVENT_TYPES_PER_ROLLUP + 1);
    expect(rollup.events_by_type.find((entry) => entry.event_type === 'FORM_SUBMIT_0')?.count).toBe(2);
    expect(rollup.events_by_type.find((entry) => entry.event_type === OTHER_EVENT_TYPES)?.count).toBe(50);
    expect(day.types).toHaveLength(MAX_EVENT_TYPES_PER_ROLLUP + 1);
    expect(day.types.find((entry) => entry.event_type === OTHER_EVENT_TYPES)?.hours[7]).toBe(50);
    expect(day.types.reduce((sum, entry) => sum + entry.hours[7], 0)).toBe(MAX_EVENT_TYPES_PER_ROLLUP + 51);
  });

  it("builds a job's documents on the stored ones without changing them, and names every document it moves", () => {
    const event = (type: string, iso: string) => ({ event_type: type, timestamp: new Date(iso) });
    const first = [{ before: null, after: lead(10, 'cold', 'Acme', 1), newly_scored: [event('PAGE_VIEW', '2026-01-10T08:00:00Z')] }];
    const stored = new Map<string, AnalyticsRollupDocument>(rollupsAfter(2, first, () => null).map((document) => [document._id, document]));
    const snapshot = structuredClone([...stored.values()]);

    const second = [{ before: lead(10, 'cold', 'Acme', 1), after: lead(60, 'warm', 'Acme', 3), newly_scored: [event('PAGE_VIEW', '2026-01-10T08:30:00Z'), event('PURCHASE', '2026-01-11T01:00:00Z')] }];
    const acme = companyRollupId(2, companyBucketOf('Acme'));
    expect(rollupIdsOf(2, second)).toEqual(['p2|leads', acme, 'p2|day|2026-01-10', 'p2|day|2026-01-11']);
    const next = rollupsAfter(2, second, (id) => stored.get(id) ?? null);
    expect(next.map((document) => document._id)).toEqual(rollupIdsOf(2, second));
    const byId = new Map(next.map((document) => [document._id, document]));
    expect(byId.get('p2|leads')).toMatchObject({ lead_count: 1, total_score: 60, stages: [{ stage: 'warm', count: 1 }], events_total: 3, companies: [] });
    expect(byId.get(acme)).toMatchObject({ companies: [{ company: 'Acme', leads: 1, events: 3, total_score: 60 }] });
    expect(byId.get('p2|day|2026-01-10')).toMatchObject({ types: [{ event_type: 'PAGE_VIEW', hours: expect.arrayContaining([2]) }] });
    expect(byId.get('p2|day|2026-01-11')).toMatchObject({ month: '2026-01', types: [{ event_type: 'PURCHASE' }] });
    expect([...stored.values()]).toEqual(snapshot);
  });

  it("needs no casting to be stored: Mongoose casting a job's built documents gives them back unchanged", () => {
    // AnalyticsRollupRepository.apply writes them as they are; a field built in another type than its schema's,
    // or left out where the schema has a default, would be stored unlike a cast document.
    const RollupModel = model('RollupCastCheck', AnalyticsRollupSchema);
    const event = (type: string, iso: string) => ({ event_type: type, timestamp: new Date(iso) });
    const hostile = ['Acme.Inc', '$Dollar', '', 'Ünïcødé 🚀', 'a'.repeat(2000)];
    const changes = hostile.map((company, i) => ({
      before: i % 2 ? lead(1e308, 'cold', company, 1) : null,
      after: lead(-0.5, company || 'stage', i % 3 ? company : null, 2),
      newly_scored: [event(company || '$type', '2026-01-10T08:00:00Z'), event('a.b', '2026-02-28T23:59:59Z')],
    }));
    const built = rollupsAfter(1, changes, () => null);
    expect(new Set(built.map((document) => document.kind))).toEqual(new Set(['leads', 'companies', 'activity']));
    for (const document of built) {
      const stored = { ...document, revision: 'job-token' };
      expect(new RollupModel(stored).toBSON()).toStrictEqual(stored);
    }
  });
});

describe('RollupTally', () => {
  it('counts leads and events into their own partitions, and writes a partition added without any', () => {
    const tally = new RollupTally();
    tally.addPartition(2);
    tally.addLead(0, { score: 40, stage: 'cold', company: 'Acme', event_count: 2 });
    tally.addEvent(0, { event_type: 'PAGE_VIEW', timestamp: new Date('2026-03-01T10:00:00Z') });
    tally.addEvent(0, { event_type: 'PAGE_VIEW', timestamp: new Date('2026-03-02T11:00:00Z') });
    const documents = tally.documents(new Date('2026-03-03T00:00:00Z'));
    // Every company document of each partition, empty ones too: writing them replaces whatever was counted before.
    const buckets = (partition: number) => Array.from({ length: COMPANY_BUCKETS }, (_, bucket) => companyRollupId(partition, bucket));
    expect(documents.map((document) => document._id).sort()).toEqual(['p0|day|2026-03-01', 'p0|day|2026-03-02', 'p0|leads', 'p2|leads', ...buckets(0), ...buckets(2)].sort());
    const summary = documents.find((document) => document._id === 'p0|leads') as LeadRollupDocument;
    expect(summary).toMatchObject({ lead_count: 1, total_score: 40, events_total: 2, events_by_type: [{ event_type: 'PAGE_VIEW', count: 2 }], companies: [] });
    expect(documents.find((document) => document._id === companyRollupId(0, companyBucketOf('Acme')))).toMatchObject({ bucket: companyBucketOf('Acme'), companies: [{ company: 'Acme', leads: 1, events: 2, total_score: 40 }] });
    expect(documents.filter((document) => document.kind === 'companies' && document.companies.length > 0)).toHaveLength(1);
    expect(documents.find((document) => document._id === 'p2|leads')).toMatchObject({ lead_count: 0, events_total: 0 });
  });
});
