import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ActivityTrend, AnalyticsSummary, CompanyDistribution, LeaderboardResponse, LeadsPage, ScoreDistribution } from '@lead-scoring/contracts';
import { startSystem, stopSystem } from './support/harness';
import { REPO_ROOT } from './support/infrastructure';
import { waitFor } from './support/ports';
import { ModelEvent, activityOf, allPages, companiesOf, defaultActivityRange, leadsOf, scoreDistributionOf, sortLeads, summaryOf } from './support/read-model';
import { RunningSystem } from './support/services';

// The seed file (layout event_id,event_type,lead_id,email,timestamp,metadata) uploaded as a user would: every
// read must agree with a model computed here from the file. Its dates are in the past (January 2026), and the
// default activity trend still shows them because it ends at the newest event, not at now.

function readSample(): ModelEvent[] {
  const lines = readFileSync(join(REPO_ROOT, 'sample_batch.csv'), 'utf8').trim().split('\n').slice(1);
  return lines.map((line) => {
    const match = /^([^,]*),([^,]*),([^,]*),([^,]*),([^,]*),"(.*)"$/.exec(line);
    if (!match) throw new Error(`unexpected sample line ${line}`);
    const metadata = JSON.parse(match[6].replace(/""/g, '"')) as { name?: string; company?: string };
    return { event_id: match[1], event_type: match[2], email: match[4], timestamp: match[5], name: metadata.name, company: metadata.company };
  });
}

describe('Reads of the seed sample uploaded through POST /api/events/upload', () => {
  let system: RunningSystem;
  const events = readSample();
  const leads = leadsOf(events);
  const get = async <T>(path: string): Promise<T> => {
    const response = await system.read(path);
    if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };

  beforeAll(async () => {
    system = await startSystem('reads-sample', { RATE_LIMIT_PER_SECOND: '0' });
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(readFileSync(join(REPO_ROOT, 'sample_batch.csv')))], { type: 'text/csv' }), 'sample_batch.csv');
    const response = await fetch(`${system.url('ingestion-gateway')}/api/events/upload`, { method: 'POST', headers: { 'x-api-key': system.ingestKey }, body: form });
    expect(await response.json()).toMatchObject({ rows: events.length, accepted: events.length, rejected: 0 });
    // A job writes its rollup documents a few per command: the summary can count its events a moment before the
    // days of the trend do.
    await waitFor('the sample to be scored', async () => {
      const [summary, board, trend] = await Promise.all([get<AnalyticsSummary>('/api/analytics/summary'), get<LeaderboardResponse>('/api/leaderboard?limit=100'), get<ActivityTrend>('/api/analytics/activity')]);
      const trended = trend.points.reduce((sum, point) => sum + point.total, 0);
      return summary.total_events === events.length && trended === events.length && board.items.length === leads.length;
    }, 240_000);
  }, 300_000);

  afterAll(async () => {
    await stopSystem(system);
  });

  it('has 400 behavioural events and an identify call (traits) per lead, of 50 leads, in January 2026', () => {
    expect(events.filter((event) => event.event_type !== 'IDENTIFY')).toHaveLength(400);
    expect(events.filter((event) => event.event_type === 'IDENTIFY')).toHaveLength(50);
    expect(leads).toHaveLength(50);
  });

  it('summarises, trends, ranks companies and bands scores as the file says', async () => {
    const summary = await get<AnalyticsSummary>('/api/analytics/summary');
    // events_last_24h: the sample is older than a day.
    expect(summary).toMatchObject({ ...summaryOf(leads, new Date()), events_last_24h: 0 });

    const range = defaultActivityRange(leads, 'day');
    const trend = await get<ActivityTrend>('/api/analytics/activity');
    expect(trend).toEqual(activityOf(leads, range.from, range.to, 'day'));
    expect(trend.points.reduce((sum, point) => sum + point.total, 0)).toBe(events.length);
    expect(trend.to).toBe('2026-01-12T00:00:00.000Z');
    const hourly = defaultActivityRange(leads, 'hour');
    expect(await get<ActivityTrend>('/api/analytics/activity?bucket=hour')).toEqual(activityOf(leads, hourly.from, hourly.to, 'hour'));

    expect(await get<CompanyDistribution>('/api/analytics/companies?limit=100')).toEqual(companiesOf(leads, 100));
    expect(await get<ScoreDistribution>('/api/analytics/score-distribution')).toEqual(scoreDistributionOf(leads));
  });

  it('lists and ranks the sample leads', async () => {
    const board = await get<LeaderboardResponse>('/api/leaderboard?limit=10');
    expect(board.items.map((item) => [item.rank, item.email, item.score])).toEqual(sortLeads(leads, '-score').slice(0, 10).map((lead, i) => [i + 1, lead.email, lead.score]));
    const listed = await allPages((cursor) => get<LeadsPage>(`/api/leads?limit=7${cursor ? `&cursor=${cursor}` : ''}`));
    expect(listed.items.map((lead) => [lead.email, lead.score, lead.stage, lead.company])).toEqual(sortLeads(leads, '-score').map((lead) => [lead.email, lead.score, lead.stage, lead.company]));
    const company = leads[0].company as string;
    const filtered = await get<LeadsPage>(`/api/leads?company=${encodeURIComponent(company)}&sort=name&limit=100`);
    expect(filtered.items.map((lead) => lead.email)).toEqual(sortLeads(leads.filter((lead) => lead.company === company), 'name').map((lead) => lead.email));
    expect(filtered.total).toBe(leads.filter((lead) => lead.company === company).length);
  });
});
