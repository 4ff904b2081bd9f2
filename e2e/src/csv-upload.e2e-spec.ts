import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { io, Socket } from 'socket.io-client';
import { LeadDetail, UploadProgress } from '@lead-scoring/contracts';
import { startSystem, stopSystem } from './support/harness';
import { REPO_ROOT } from './support/infrastructure';
import { waitFor } from './support/ports';
import { RunningSystem } from './support/services';

interface SampleSummary {
  rows: number;
  leads: number;
  expected_total_score: number;
  top3: { email: string; score: number }[];
}

function upload(system: RunningSystem, csv: string | Buffer, filename = 'events.csv', query = ''): Promise<Response> {
  const form = new FormData();
  form.append('file', new Blob([typeof csv === 'string' ? csv : new Uint8Array(csv)], { type: 'text/csv' }), filename);
  return fetch(`${system.url('ingestion-gateway')}/api/events/upload${query}`, { method: 'POST', headers: { 'x-api-key': system.ingestKey }, body: form });
}

describe('CSV upload', () => {
  let system: RunningSystem;
  let socket: Socket;
  const progress: UploadProgress[] = [];

  beforeAll(async () => {
    system = await startSystem('csv-upload', { RATE_LIMIT_PER_SECOND: '0' });
    socket = io(system.url('realtime-gateway'), { auth: { token: system.adminKey }, transports: ['websocket'] });
    socket.on('upload.progress', (message: UploadProgress) => progress.push(message));
    await waitFor('the socket to connect', async () => socket.connected, 10_000);
  });

  afterAll(async () => {
    socket?.disconnect();
    await stopSystem(system);
  });

  it('loads sample_batch.csv, scores every lead as the generator predicts, and adds nothing the second time', async () => {
    // The generator prints what the default rules should make of its file.
    const summary = JSON.parse(execFileSync('node', [join(REPO_ROOT, 'tools/seed/generate-sample-batch.mjs'), join(system.infra.dataDir, 'sample.csv')], { encoding: 'utf8' })) as SampleSummary;
    const csv = readFileSync(join(REPO_ROOT, 'sample_batch.csv'));
    expect(readFileSync(join(system.infra.dataDir, 'sample.csv')).equals(csv)).toBe(true);

    const first = await upload(system, csv, 'sample_batch.csv', '?upload_id=sample-first');
    expect(first.status).toBe(202);
    expect(await first.json()).toEqual({ upload_id: 'sample-first', rows: summary.rows, accepted: summary.rows, duplicates: 0, rejected: 0, errors: [] });

    for (const expected of summary.top3) {
      const lead = await waitFor(`${expected.email} at ${expected.score}`, async () => {
        const response = await system.read(`/api/leads/${expected.email}`);
        const body = response.status === 200 ? ((await response.json()) as LeadDetail) : undefined;
        return body && body.score === expected.score ? body : undefined;
      }, 30_000);
      expect(lead.score).toBe(expected.score);
    }
    // The leaderboard is written once per scoring job: wait for the last job of the upload.
    const leaderboard = await waitFor('every lead on the leaderboard', async () => {
      const body = await (await system.read('/api/leaderboard?limit=100')).json();
      return body.items.length === summary.leads ? body : undefined;
    }, 30_000);
    expect(leaderboard.items.slice(0, 3).map((item: { email: string }) => item.email)).toEqual(summary.top3.map((lead) => lead.email));
    expect(leaderboard.items.reduce((sum: number, item: { score: number }) => sum + item.score, 0)).toBe(summary.expected_total_score);

    const again = await upload(system, csv, 'sample_batch.csv');
    expect(await again.json()).toMatchObject({ rows: summary.rows, accepted: 0, duplicates: summary.rows, rejected: 0 });

    const status = await (await fetch(`${system.url('ingestion-gateway')}/api/uploads/sample-first`, { headers: { 'x-api-key': system.ingestKey } })).json();
    expect(status).toMatchObject({ upload_id: 'sample-first', filename: 'sample_batch.csv', state: 'done', rows: summary.rows, accepted: summary.rows, bytes: csv.length });
    const pushed = await waitFor('upload.progress done', async () => progress.find((message) => message.upload_id === 'sample-first' && message.state === 'done'), 10_000);
    expect(pushed.accepted).toBe(summary.rows);
  });

  it('accepts the flat layout, reports bad rows by number, and keys rows without ids by the file', async () => {
    const csv = [
      'Event_Type,Email,Name,plan,url',
      'PAGE_VIEW,ivy@tailspin.com,Ivy Chen,pro,/pricing',
      'PAGE_VIEW,not-an-email,,,',
      'bad type!,ivy@tailspin.com,,,',
      'DEMO_REQUEST,ivy@tailspin.com,Ivy Chen,,',
    ].join('\n');
    const first = await (await upload(system, csv)).json();
    expect(first).toMatchObject({
      rows: 4, accepted: 2, duplicates: 0, rejected: 2,
      errors: [
        { row: 2, message: 'metadata.email: must be an email' },
        { row: 3, message: expect.stringContaining('event_type') },
      ],
    });
    expect(await (await upload(system, csv)).json()).toMatchObject({ accepted: 0, duplicates: 2, rejected: 2 });
    const lead = await waitFor('ivy to be scored', async () => {
      const response = await system.read('/api/leads/ivy@tailspin.com');
      const body = response.status === 200 ? ((await response.json()) as LeadDetail) : undefined;
      return body?.event_count === 2 ? body : undefined;
    }, 30_000);
    expect(lead.score).toBe(55);
    expect(lead.name).toBe('Ivy Chen');
  });

  it('answers 400 naming the file for an unusable header or no file, 415 without multipart, 409 for a reused id', async () => {
    const noHeader = await upload(system, 'name,company\nAnn,Acme\n');
    expect(noHeader.status).toBe(400);
    expect((await noHeader.json()).details).toEqual([{ field: 'file', message: expect.stringContaining('event_type') }]);
    const form = new FormData();
    form.append('other', 'x');
    const noFile = await fetch(`${system.url('ingestion-gateway')}/api/events/upload`, { method: 'POST', headers: { 'x-api-key': system.ingestKey }, body: form });
    expect(noFile.status).toBe(400);
    expect((await noFile.json()).details).toEqual([{ field: 'file', message: expect.stringContaining('required') }]);
    const json = await fetch(`${system.url('ingestion-gateway')}/api/events/upload`, { method: 'POST', headers: { 'x-api-key': system.ingestKey, 'content-type': 'application/json' }, body: '{}' });
    expect(json.status).toBe(415);
    expect((await upload(system, 'event_type,email\n', 'x.csv', '?upload_id=sample-first')).status).toBe(409);
  });
});
