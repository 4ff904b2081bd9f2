import { applyActivity, applyEvent, applyLead, bandOf, compactLeadRollup, emptyActivityRollup, emptyLeadRollup } from './analytics-rollup.math';

const lead = (score: number, stage: string, company: string | null, event_count: number) => ({ score, stage, company, event_count });

describe('analytics rollup math', () => {
  it('bands scores by 100 with one open band from 1000, negative scores included', () => {
    expect([0, 99, 100, 950, 1000, 4000, -1, -100, -101].map(bandOf)).toEqual([0, 0, 100, 900, 1000, 1000, -100, -100, -200]);
  });

  it('moves a lead between stage, band and company by applying after minus before', () => {
    const rollup = emptyLeadRollup(3);
    applyLead(rollup, lead(40, 'cold', 'Acme.Inc', 2), 1);
    applyLead(rollup, lead(10, 'cold', '$Dollar', 1), 1);
    // The first lead gains 100 points and changes company.
    applyLead(rollup, lead(40, 'cold', 'Acme.Inc', 2), -1);
    applyLead(rollup, lead(140, 'hot', 'Globex', 3), 1);
    compactLeadRollup(rollup);
    expect(rollup).toMatchObject({
      _id: 'p3|leads', lead_count: 2, total_score: 150,
      stages: [{ stage: 'cold', count: 1 }, { stage: 'hot', count: 1 }],
      bands: [{ min: 0, count: 1 }, { min: 100, count: 1 }],
      companies: [{ company: '$Dollar', leads: 1, events: 1, total_score: 10 }, { company: 'Globex', leads: 1, events: 3, total_score: 140 }],
    });
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
});
