import { AnalyticsSummary, DEFAULT_RULES, DEFAULT_SETTINGS, LeadDetail } from '@lead-scoring/contracts';
import { ScoringEvent, foldEvents, initialLeadState } from '@lead-scoring/scoring';
import { startSystem, stopSystem } from './support/harness';
import { waitFor } from './support/ports';
import { RunningSystem } from './support/services';

// A backlog that piled up while no worker ran is scored by jobs that each hold a bounded part of it: a job takes
// events up to about 4 MiB of them (however large each event is), and folds and writes its leads in groups.
// Whatever the split, every event counts once: in its lead and in the analytics.

const SMALL_LEADS = 5000; // about 1,250 per partition: more than one group of leads in a partition's first job
const LARGE_EVENTS = 200; // of about 30 KB each, one lead: about 6 MB, more than one job's share
const MiB = 1024 * 1024;

/** A histogram's buckets, count and sum from the worker's /metrics. */
async function histogram(workerUrl: string, name: string): Promise<{ buckets: Map<string, number>; count: number; sum: number }> {
  const text = await (await fetch(`${workerUrl}/metrics`)).text();
  const buckets = new Map<string, number>();
  for (const match of text.matchAll(new RegExp(`^${name}_bucket\\{le="([^"]+)"\\} (\\d+)`, 'gm'))) buckets.set(match[1], Number(match[2]));
  const value = (suffix: string) => Number(new RegExp(`^${name}_${suffix} (\\S+)`, 'm').exec(text)?.[1] ?? NaN);
  return { buckets, count: value('count'), sum: value('sum') };
}

describe('a backlog scored by bounded jobs', () => {
  let system: RunningSystem;

  beforeAll(async () => {
    system = await startSystem('backlog-jobs', { RATE_LIMIT_PER_SECOND: '0' });
  }, 120_000);

  afterAll(async () => {
    await stopSystem(system);
  });

  it('scores every event once when the backlog is larger than a job may hold, in events and in bytes', async () => {
    await system.processes.find((process) => process.name === 'scoring-worker')?.stop();

    // The large events first: they are what a partition's first job reads.
    const padding = 'x'.repeat(30 * 1024);
    const start = Date.parse('2026-01-01T00:00:00.000Z');
    const large = await Promise.all(Array.from({ length: LARGE_EVENTS }, (_, i) =>
      system.postEvent({ event_id: `large-${i}`, event_type: 'PAGE_VIEW', timestamp: new Date(start + i * 1000).toISOString(), metadata: { email: 'large@example.com', padding } })));
    expect(large.map((response) => response.status)).toEqual(large.map(() => 202));
    for (let offset = 0; offset < SMALL_LEADS; offset += 1000) {
      const events = Array.from({ length: Math.min(1000, SMALL_LEADS - offset) }, (_, i) => ({
        event_id: `small-${offset + i}`,
        event_type: 'EMAIL_OPEN',
        metadata: { email: `small-${offset + i}@example.com` },
      }));
      const response = await fetch(`${system.url('ingestion-gateway')}/api/events/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': system.ingestKey },
        body: JSON.stringify({ events }),
      });
      expect(response.status).toBe(202);
      expect(((await response.json()) as { accepted: number }).accepted).toBe(events.length);
    }

    await system.startService('scoring-worker');
    const summary = await waitFor('the whole backlog in the analytics', async () => {
      const response = await system.read('/api/analytics/summary');
      const body = (await response.json()) as AnalyticsSummary;
      return body.total_events >= SMALL_LEADS + LARGE_EVENTS ? body : undefined;
    }, 120_000);
    expect(summary.total_leads).toBe(SMALL_LEADS + 1);
    expect(summary.total_events).toBe(SMALL_LEADS + LARGE_EVENTS);

    const largeLead = (await (await system.read('/api/leads/large@example.com')).json()) as LeadDetail;
    expect(largeLead.event_count).toBe(LARGE_EVENTS);
    expect(largeLead.score).toBe(Math.min(1000, LARGE_EVENTS * 5));
    for (const i of [0, 999, 1000, 2777, SMALL_LEADS - 1]) {
      const lead = (await (await system.read(`/api/leads/small-${i}@example.com`)).json()) as LeadDetail;
      expect({ i, events: lead.event_count, score: lead.score }).toEqual({ i, events: 1, score: 10 });
    }
    const history = await (await system.read('/api/leads/small-2777@example.com/history')).json();
    expect(JSON.stringify(history)).toContain('small-2777');

    const workerUrl = system.url('scoring-worker');
    const bytes = await histogram(workerUrl, 'scoring_backlog_job_bytes');
    // The large events alone are more than one job may take, so they took at least two, none much above its limit.
    expect(bytes.sum).toBeGreaterThan(LARGE_EVENTS * 30 * 1024);
    expect(bytes.count).toBeGreaterThanOrEqual(5);
    expect(bytes.buckets.get(String(4.25 * MiB))).toBe(bytes.count);
    const entries = await histogram(workerUrl, 'scoring_backlog_job_entries');
    // Some job took more leads than one group holds (1,000), so their writes went in more than one group.
    expect(entries.buckets.get('1000')).toBeLessThan(entries.count);
  }, 300_000);

  it('re-folds a lead whose log is too large to hold a chunk at a time, as one fold of its whole log would', async () => {
    const workerUrl = system.url('scoring-worker');
    const streamedBefore = await counter(workerUrl, 'lead_log_reads_total', 'how="streamed"');
    // Earlier than all of the large lead's events: it has the lead re-folded from its whole log (about 6 MB).
    const late = { event_id: 'large-late', event_type: 'FORM_SUBMISSION', timestamp: '2025-12-31T00:00:00.000Z', metadata: { email: 'large@example.com', late: 'yes' } };
    expect((await system.postEvent(late)).status).toBe(202);
    const lead = await waitFor('the large lead re-folded with its late event', async () => {
      const body = (await (await system.read('/api/leads/large@example.com')).json()) as LeadDetail;
      return body.event_count === LARGE_EVENTS + 1 ? body : undefined;
    }, 60_000);
    expect(await counter(workerUrl, 'lead_log_reads_total', 'how="streamed"')).toBeGreaterThan(streamedBefore);

    const padding = 'x'.repeat(30 * 1024);
    const start = Date.parse('2026-01-01T00:00:00.000Z');
    // As stored: the gateway gives an event without a company its email's domain as one.
    const log: ScoringEvent[] = [late, ...Array.from({ length: LARGE_EVENTS }, (_, i) => ({
      event_id: `large-${i}`, event_type: 'PAGE_VIEW', timestamp: new Date(start + i * 1000).toISOString(), metadata: { email: 'large@example.com', padding },
    }))].map((event) => ({ ...event, source: 'api', metadata: { ...event.metadata, company: 'example.com' } }));
    const { state } = foldEvents(initialLeadState(DEFAULT_SETTINGS), log, { version: 0, rules: [...DEFAULT_RULES], settings: DEFAULT_SETTINGS });
    expect({ score: lead.score, stage: lead.stage, fit: lead.fit_score, grade: lead.grade, traits: lead.traits })
      .toEqual({ score: state.score, stage: state.stage, fit: state.fit_score, grade: state.grade, traits: state.traits });
    expect(lead.traits).toMatchObject({ late: 'yes' });
  }, 120_000);
});

/** A counter's value from the worker's /metrics (0 before its first increment). */
async function counter(workerUrl: string, name: string, labels: string): Promise<number> {
  const text = await (await fetch(`${workerUrl}/metrics`)).text();
  return Number(new RegExp(`^${name}\\{${labels}\\} (\\S+)`, 'm').exec(text)?.[1] ?? 0);
}
