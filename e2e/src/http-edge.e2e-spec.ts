import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSystem, stopSystem } from './support/harness';
import { waitFor } from './support/ports';
import { RunningSystem, ServiceName } from './support/services';

/**
 * The HTTP edge against hostile callers: bodies read only after auth and rate limit, body errors as 4xx on
 * every service, webhook ids and sources, the webhook rate limit, uploads cut off or stalled mid-body, and
 * secrets kept out of the logs.
 */
const crmSecret = randomBytes(32);
const RATE_LIMIT = 20;

function sign(secret: Buffer, id: string, timestamp: number, body: string): string {
  return `v1,${createHmac('sha256', secret).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

interface RawAnswer {
  status: number;
  body: string;
}

/** A request through node:http, which (unlike fetch) sends any method with any body and any headers. */
function rawRequest(url: string, options: { method: string; path: string; headers?: Record<string, string>; body?: Buffer | string }): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const target = new URL(options.path, url);
    // An explicit length: Node frames a GET body only with one (it does not chunk GETs).
    const headers = options.body === undefined ? options.headers : { ...options.headers, 'content-length': String(Buffer.byteLength(options.body)) };
    const outgoing = httpRequest(target, { method: options.method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

describe('HTTP edge against hostile callers', () => {
  let system: RunningSystem;
  let uploadFolder: string;

  beforeAll(async () => {
    uploadFolder = join(tmpdir(), `lead-scoring-e2e-uploads-${randomBytes(4).toString('hex')}`);
    system = await startSystem('http-edge', {
      WEBHOOK_SECRETS: `crm=whsec_${crmSecret.toString('base64')},flood=whsec_${randomBytes(32).toString('base64')}`,
      RATE_LIMIT_PER_SECOND: String(RATE_LIMIT),
      UPLOAD_TMP_DIR: uploadFolder,
      UPLOAD_IDLE_TIMEOUT_SECONDS: '1',
      // Request lines of client errors are logged at info: the redaction and encoding tests read them.
      LOG_LEVEL: 'info',
    });
  });

  afterAll(async () => {
    await stopSystem(system);
  });

  const gateway = () => system.url('ingestion-gateway');
  const gatewayPid = () => system.processes.find((process) => process.name === 'ingestion-gateway')!.pid!;
  const openFds = () => readdirSync(`/proc/${gatewayPid()}/fd`).length;
  const spooledFiles = () => readdirSync(uploadFolder);

  function deliver(source: string, webhookId: string, body: string): Promise<Response> {
    const now = Math.floor(Date.now() / 1000);
    return fetch(`${gateway()}/api/webhooks/${source}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'webhook-id': webhookId, 'webhook-timestamp': String(now), 'webhook-signature': sign(crmSecret, webhookId, now, body) },
      body,
    });
  }

  describe('bodies are read after authentication', () => {
    it('answers 401 to an unauthenticated body without parsing it (invalid JSON is not even noticed)', async () => {
      const response = await rawRequest(gateway(), { method: 'POST', path: '/api/events/batch', headers: { 'content-type': 'application/json' }, body: '{"events": [ not json' });
      expect(response.status).toBe(401);
    });

    it('answers 401 to 4.8 MB of nested [ without a key, and 400 (too deep) with one', async () => {
      const nested = Buffer.alloc(4.8 * 1024 * 1024, '[');
      const anonymous = await rawRequest(gateway(), { method: 'POST', path: '/api/events/batch', headers: { 'content-type': 'application/json' }, body: nested });
      expect(anonymous.status).toBe(401);
      const keyed = await rawRequest(gateway(), { method: 'POST', path: '/api/events/batch', headers: { 'content-type': 'application/json', 'x-api-key': system.ingestKey }, body: nested });
      expect(keyed.status).toBe(400);
      expect(JSON.parse(keyed.body)).toMatchObject({ error: 'invalid_json', message: expect.stringContaining('deeper than'), details: [{ field: 'body' }] });
    });
  });

  it.each<ServiceName>(['ingestion-gateway', 'realtime-gateway', 'scoring-worker'])('%s: a request line over 16 KB is a 431 in the error contract', async (service) => {
    const answer = await rawRequest(system.url(service), { method: 'GET', path: `/api/leads?cursor=${'A'.repeat(20_000)}` });
    expect(answer.status).toBe(431);
    expect(JSON.parse(answer.body)).toEqual({ error: 'headers_too_large', message: expect.any(String) });
  });

  describe('a malformed Content-Encoding is a 4xx on every service', () => {
    const plainJson = JSON.stringify({ event_type: 'PAGE_VIEW', metadata: { email: 'enc@example.com' } });

    it.each<[ServiceName, string, string]>([
      ['ingestion-gateway', 'POST', '/api/events'],
      ['realtime-gateway', 'GET', '/api/leads'],
      ['scoring-worker', 'GET', '/health/ready'],
    ])('%s: gzip on a plain body is 400, an unknown encoding 415, and neither logs an error', async (service, method, path) => {
      const logFile = join(system.infra.logDir, `${service}.log`);
      // The log is appended to across runs: only what this test adds is read.
      const logStart = statSync(logFile).size;
      const headers = { 'content-type': 'application/json', authorization: `Bearer ${system.adminKey}` };
      const gzipOnPlain = await rawRequest(system.url(service), { method, path, headers: { ...headers, 'content-encoding': 'gzip' }, body: plainJson });
      expect(gzipOnPlain.status).toBe(400);
      expect(JSON.parse(gzipOnPlain.body)).toMatchObject({ error: 'invalid_encoding', details: [{ field: 'content-encoding' }] });
      const unknown = await rawRequest(system.url(service), { method, path, headers: { ...headers, 'content-encoding': 'x-compress-9' }, body: plainJson });
      expect(unknown.status).toBe(415);
      // The worker serves only health and metrics, which are not request-logged: there is no line to wait for,
      // and its 400/415 above already show the error path (a 500 with a logged stack) was not taken.
      if (service === 'scoring-worker') return;
      const added = await waitFor(`${service} to log both requests`, async () => {
        const text = readFileSync(logFile).subarray(logStart).toString('utf8');
        return text.includes('"statusCode":415') ? text : undefined;
      });
      expect(added).toContain('"statusCode":400');
      expect(added).not.toMatch(/"level":50/);
    });
  });

  describe('webhooks', () => {
    it('gives two different deliveries different ids, whatever their webhook-ids look like (secrev_col, then secrev_col_1)', async () => {
      const two = JSON.stringify([
        { event_type: 'PAGE_VIEW', metadata: { email: 'col-a@example.com' } },
        { event_type: 'PAGE_VIEW', metadata: { email: 'col-b@example.com' } },
      ]);
      const first = await deliver('crm', 'secrev_col', two);
      expect(await first.json()).toMatchObject({ accepted: 2, duplicates: 0 });
      const later = await deliver('crm', 'secrev_col_1', JSON.stringify({ event_type: 'PAGE_VIEW', metadata: { email: 'col-c@example.com' } }));
      expect(await later.json()).toMatchObject({ accepted: 1, duplicates: 0 });
      const redelivery = await deliver('crm', 'secrev_col', two);
      expect(await redelivery.json()).toMatchObject({ accepted: 0, duplicates: 2 });
    });

    it('stores webhook events with the source of the endpoint that verified them, not the one in the body', async () => {
      const response = await deliver('crm', 'src_1', JSON.stringify({ event_type: 'PAGE_VIEW', source: 'billing', metadata: { email: 'spoof@example.com' } }));
      expect(response.status).toBe(202);
      const events = await waitFor('the spoof event to be readable', async () => {
        const answer = await system.read('/api/leads/spoof@example.com/events');
        if (answer.status !== 200) return undefined;
        const body = (await answer.json()) as { items: { source: string }[] };
        return body.items.length > 0 ? body.items : undefined;
      });
      expect(events.map((event) => event.source)).toEqual(['crm']);
    });
  });

  describe('uploads cut off or stalled mid-body', () => {
    /** Starts a multipart upload that announces `total` bytes and sends the first `sent`; returns the request. */
    function partialUpload(uploadId: string, sent: number) {
      const boundary = 'edge-boundary';
      const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\nContent-Type: text/csv\r\n\r\nemail,event_type\r\n`;
      const row = 'someone@example.com,PAGE_VIEW\r\n';
      const body = head + row.repeat(Math.ceil(sent / row.length));
      const outgoing = httpRequest(new URL(`/api/events/upload?upload_id=${uploadId}`, gateway()), {
        method: 'POST',
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(body.length * 10), 'x-api-key': system.ingestKey },
      });
      const answer = new Promise<RawAnswer | 'closed'>((resolve) => {
        outgoing.on('response', (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        });
        outgoing.on('error', () => resolve('closed'));
      });
      outgoing.write(body);
      return { outgoing, answer };
    }

    it('spools into a private folder (0700) and a private file (0600), and an aborted upload leaves no file and no open descriptor', async () => {
      // Warm up: the connections the harness keeps open are part of the baseline.
      await fetch(`${gateway()}/health`);
      const baseline = openFds();
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const uploadId = `aborted_${attempt}_${randomBytes(4).toString('hex')}`;
        const { outgoing, answer } = partialUpload(uploadId, 256 * 1024);
        await waitFor('the partial file to be spooled', async () => spooledFiles().includes(`${uploadId}.csv`));
        expect(statSync(uploadFolder).mode & 0o777).toBe(0o700);
        expect(statSync(join(uploadFolder, `${uploadId}.csv`)).mode & 0o777).toBe(0o600);
        outgoing.destroy();
        await answer;
      }
      await waitFor('every partial file to be deleted', async () => spooledFiles().length === 0, 10_000);
      // A leaked upload keeps its file descriptor open: five aborts would add five.
      const after = await waitFor('the descriptors to be closed', async () => (openFds() <= baseline + 1 ? openFds() : undefined), 10_000).catch(() => openFds());
      expect(after).toBeLessThanOrEqual(baseline + 1);
    });

    it('answers 400 to a complete request whose multipart body ends mid-file, deletes the partial file and stays up', async () => {
      const uploadId = `unterminated_${randomBytes(4).toString('hex')}`;
      const body = '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nevent_type,email\r\nPAGE_VIEW,a@example.com';
      const answer = await rawRequest(gateway(), { method: 'POST', path: `/api/events/upload?upload_id=${uploadId}`, headers: { 'content-type': 'multipart/form-data; boundary=xyz', 'x-api-key': system.ingestKey }, body });
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body)).toMatchObject({ error: 'validation_failed', details: [{ field: 'file' }] });
      await waitFor('the partial file to be deleted', async () => !spooledFiles().includes(`${uploadId}.csv`), 10_000);
      expect((await fetch(`${gateway()}/health`)).status).toBe(200);
    });

    it('abandons an upload that sends nothing for UPLOAD_IDLE_TIMEOUT_SECONDS with 408, and deletes its partial file', async () => {
      const uploadId = `stalled_${randomBytes(4).toString('hex')}`;
      const { outgoing, answer } = partialUpload(uploadId, 16 * 1024);
      const result = await answer;
      outgoing.destroy();
      expect(result).not.toBe('closed');
      expect((result as RawAnswer).status).toBe(408);
      expect(JSON.parse((result as RawAnswer).body)).toMatchObject({ error: 'upload_timeout', details: [{ field: 'file' }] });
      await waitFor('the partial file to be deleted', async () => !spooledFiles().includes(`${uploadId}.csv`), 10_000);
      const status = await fetch(`${gateway()}/api/uploads/${uploadId}`, { headers: { 'x-api-key': system.ingestKey } });
      expect(await status.json()).toMatchObject({ state: 'failed' });
    });
  });

  describe('secrets in logs', () => {
    it('redacts keys in query strings and headers from every log line', async () => {
      const marker = randomBytes(6).toString('hex');
      const response = await fetch(`${gateway()}/api/uploads/none_${marker}?api_key=${system.adminKey}&token=tok_${marker}`, {
        headers: { 'x-api-key': system.ingestKey, 'webhook-signature': `v1,sig_${marker}` },
      });
      expect(response.status).toBe(404);
      const log = await waitFor('the request to be logged', async () => {
        const text = readFileSync(join(system.infra.logDir, 'ingestion-gateway.log'), 'utf8');
        return text.includes(`none_${marker}`) ? text : undefined;
      });
      expect(log).toContain('[redacted]');
      for (const secret of [system.adminKey, system.ingestKey, `tok_${marker}`, `sig_${marker}`]) expect(log).not.toContain(secret);
    });
  });

  describe('request log lines', () => {
    it('leaves an accepted event out of the log at info, and logs the client error sent after it', async () => {
      const marker = randomBytes(6).toString('hex');
      const accepted = await fetch(`${gateway()}/api/events?seen=accepted_${marker}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': system.ingestKey },
        body: JSON.stringify({ event_type: 'PAGE_VIEW', metadata: { email: `log-${marker}@example.com` } }),
      });
      expect(accepted.status).toBe(202);
      const missing = await fetch(`${gateway()}/api/uploads/missing_${marker}`, { headers: { 'x-api-key': system.ingestKey } });
      expect(missing.status).toBe(404);
      // Lines are written in the order the answers end: once the 404's line is there, the 202's would be too.
      const log = await waitFor('the 404 to be logged', async () => {
        const text = readFileSync(join(system.infra.logDir, 'ingestion-gateway.log'), 'utf8');
        return text.includes(`missing_${marker}`) ? text : undefined;
      });
      expect(log).not.toContain(`accepted_${marker}`);
    });
  });

  // Last: these fill the rate-limit buckets of this test's address.
  describe('rate limits that random keys cannot bypass', () => {
    const burst = (send: () => Promise<Response>) => Promise.all(Array.from({ length: RATE_LIMIT * 5 }, send)).then((answers) => answers.map((answer) => answer.status));

    it('limits a webhook source per client address, whatever X-API-Key each request carries', async () => {
      const statuses = await burst(() =>
        fetch(`${gateway()}/api/webhooks/flood`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': randomBytes(8).toString('hex') }, body: '{}' }),
      );
      expect(statuses).toContain(429);
      expect(statuses.every((status) => status === 401 || status === 429)).toBe(true);
    });

    it('limits unauthenticated requests per client address', async () => {
      const statuses = await burst(() =>
        fetch(`${gateway()}/api/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': randomBytes(8).toString('hex') }, body: '{}' }),
      );
      expect(statuses).toContain(429);
      expect(statuses.every((status) => status === 401 || status === 429)).toBe(true);
    });
  });
});
