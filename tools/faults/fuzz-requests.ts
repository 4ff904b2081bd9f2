// Malformed requests for the fuzzer scenario. Every request here must be refused whole (4xx, or an upload that
// stores no row): none may store an event, answer 5xx or take a process down.
import { createHmac, randomBytes } from 'node:crypto';
import { generator } from './traffic';

export interface FuzzRequest {
  category: string;
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string | FormData;
  /** Authenticate (default true), with the ingestion key unless `key` says otherwise. */
  auth?: boolean;
  /** The service that receives it (default the ingestion gateway). */
  service?: 'ingestion-gateway' | 'realtime-gateway';
  key?: 'ingest' | 'admin';
  /** A read: it stores nothing, so a 2xx is fine; only a 5xx or no answer counts against it. */
  read?: boolean;
}

export const WEBHOOK_SECRET = randomBytes(24);
export const WEBHOOK_SECRETS_ENV = `default=whsec_${WEBHOOK_SECRET.toString('base64')}`;

const VALID = { event_type: 'PAGE_VIEW', timestamp: '2025-05-05T10:00:00.000Z', metadata: { email: 'fuzz@faults.example', url: '/x' } };
const json = (value: unknown) => JSON.stringify(value);

function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: 1 };
  for (let i = 0; i < depth; i++) value = { n: value };
  return value;
}

/** Event variants that violate one rule each of SPEC.md "The event". */
function invalidEvents(random: () => number): { category: string; event: unknown }[] {
  const id = () => `fz-${Math.floor(random() * 1e12).toString(36)}`;
  const base = () => ({ ...VALID, event_id: id(), metadata: { ...VALID.metadata } });
  return [
    { category: 'wrong types', event: { ...base(), event_type: 42 } },
    { category: 'wrong types', event: { ...base(), event_type: ['PAGE_VIEW'] } },
    { category: 'wrong types', event: { ...base(), event_type: null } },
    { category: 'wrong types', event: { ...base(), event_type: 'page view!' } },
    { category: 'wrong types', event: { ...base(), event_type: 'X'.repeat(65) } },
    { category: 'wrong types', event: { ...base(), metadata: 'alice@example.com' } },
    { category: 'wrong types', event: { ...base(), metadata: [VALID.metadata] } },
    { category: 'wrong types', event: { ...base(), metadata: null } },
    { category: 'wrong types', event: { event_type: 'PAGE_VIEW', event_id: id() } },
    { category: 'wrong types', event: { ...base(), metadata: { email: 12345 } } },
    { category: 'wrong types', event: { ...base(), metadata: { email: 'not-an-email' } } },
    { category: 'wrong types', event: { ...base(), metadata: { name: 'no identity' } } },
    { category: 'wrong types', event: { ...base(), event_id: 17 } },
    { category: 'wrong types', event: { ...base(), event_id: '' } },
    { category: 'wrong types', event: { ...base(), event_id: 'x'.repeat(129) } },
    { category: 'wrong types', event: { ...base(), source: { a: 1 } } },
    { category: 'wrong types', event: { ...base(), source: 's'.repeat(65) } },
    { category: 'wrong types', event: 'PAGE_VIEW' },
    { category: 'wrong types', event: null },
    { category: 'wrong types', event: 12 },
    { category: 'dollar and dot keys', event: { ...base(), metadata: { ...VALID.metadata, $where: 'sleep(1000)' } } },
    { category: 'dollar and dot keys', event: { ...base(), metadata: { ...VALID.metadata, 'a.b': 1 } } },
    { category: 'dollar and dot keys', event: { ...base(), metadata: { ...VALID.metadata, deep: { $gt: 1 } } } },
    { category: 'dollar and dot keys', event: { ...base(), metadata: { ...VALID.metadata, list: [{ 'x.y': 1 }] } } },
    { category: 'dollar and dot keys', event: { ...base(), metadata: { ...VALID.metadata, email: { $ne: null } } } },
    { category: 'NUL', event: { ...base(), metadata: { ...VALID.metadata, 'k\u0000ey': 1 } } },
    { category: 'NUL', event: { ...base(), event_id: `nul\u0000${id()}` } },
    { category: 'NUL', event: { ...base(), metadata: { email: 'fu\u0000zz@faults.example' } } },
    { category: 'NUL', event: { ...base(), event_type: 'PAGE\u0000VIEW' } },
    { category: 'NUL', event: { ...base(), source: 'cr\u0000m' } },
    { category: 'NUL', event: { ...base(), metadata: { ...VALID.metadata, name: 'Nul\u0000Name', note: 'x\u0000' } } },
    { category: 'deep nesting', event: { ...base(), metadata: { ...VALID.metadata, deep: nested(5 + Math.floor(random() * 20)) } } },
    { category: 'deep nesting', event: { ...base(), metadata: { ...VALID.metadata, deep: JSON.parse('['.repeat(50) + ']'.repeat(50)) } } },
    { category: 'bad timestamps', event: { ...base(), timestamp: '2026-13-45T25:61:00Z' } },
    { category: 'bad timestamps', event: { ...base(), timestamp: 'yesterday' } },
    { category: 'bad timestamps', event: { ...base(), timestamp: '2025-05-05T10:00:00' } },
    { category: 'bad timestamps', event: { ...base(), timestamp: '1999-12-31T23:59:59Z' } },
    { category: 'bad timestamps', event: { ...base(), timestamp: new Date(Date.now() + 3 * 86_400_000).toISOString() } },
    { category: 'bad timestamps', event: { ...base(), timestamp: 1_700_000_000_000 } },
    { category: 'bad timestamps', event: { ...base(), timestamp: '' } },
    { category: 'bad timestamps', event: { ...base(), timestamp: '+275760-09-13T00:00:00.000Z' } },
    { category: 'huge bodies', event: { ...base(), metadata: { ...VALID.metadata, blob: 'z'.repeat(33 * 1024) } } },
  ];
}

const BAD_JSON = ['{', '{"event_type": "PAGE_VIEW",}', '{"event_type": PAGE_VIEW}', '[1, 2', 'null x', '{"a":"\\u12"}', "{'event_type': 'PAGE_VIEW'}", '\u0000\u0001\u0002', ''];

function sign(id: string, timestamp: number, body: string, secret = WEBHOOK_SECRET): string {
  return `v1,${createHmac('sha256', secret).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

function csvUpload(content: string | Uint8Array<ArrayBuffer>, field = 'file', type = 'text/csv'): FormData {
  const form = new FormData();
  form.append(field, new Blob([content], { type }), 'events.csv');
  return form;
}

/** One malformed request per call, cycling through the categories with random variants. */
export function fuzzRequests(count: number, seed: number): FuzzRequest[] {
  const random = generator(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const jsonHeaders = { 'content-type': 'application/json' };
  const makers: (() => FuzzRequest)[] = [
    () => ({ category: 'bad JSON', path: pick(['/api/events', '/api/events/batch']), headers: jsonHeaders, body: pick(BAD_JSON) }),
    () => ({ category: 'bad JSON', path: '/api/events', headers: jsonHeaders, body: json(VALID).slice(0, 1 + Math.floor(random() * 60)) }),
    () => {
      const { category, event } = pick(invalidEvents(random));
      return { category, path: '/api/events', headers: jsonHeaders, body: json(event) };
    },
    () => {
      // A batch whose every item is invalid: 400, nothing stored.
      const items = Array.from({ length: 1 + Math.floor(random() * 20) }, () => pick(invalidEvents(random)).event);
      return { category: 'wrong types', path: '/api/events/batch', headers: jsonHeaders, body: json(random() < 0.5 ? { events: items } : items) };
    },
    () => ({ category: 'wrong types', path: '/api/events/batch', headers: jsonHeaders, body: json(pick([{ events: 'x' }, { events: {} }, {}, { events: [] }, 'events', 5, { events: null }])) }),
    () => ({ category: 'huge bodies', path: '/api/events/batch', headers: jsonHeaders, body: json({ events: Array.from({ length: 1001 }, (_, i) => ({ ...VALID, event_id: `fz-over-${seed}-${i}-${random()}` })) }) }),
    () => ({ category: 'huge bodies', path: '/api/events/batch', headers: jsonHeaders, body: json({ events: [{ ...VALID, metadata: { ...VALID.metadata, blob: 'y'.repeat(6 * 1024 * 1024) } }] }) }),
    () => ({ category: 'huge bodies', path: '/api/events', headers: jsonHeaders, body: json({ ...VALID, metadata: { ...VALID.metadata, blob: 'q'.repeat(2 * 1024 * 1024) } }) }),
    () => ({ category: 'deep nesting', path: '/api/events', headers: jsonHeaders, body: `{"event_type":"PAGE_VIEW","metadata":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}` }),
    () => ({ category: 'deep nesting', path: '/api/events/batch', headers: jsonHeaders, body: `${'['.repeat(20_000)}${']'.repeat(20_000)}` }),
    () => ({ category: 'wrong content type', path: pick(['/api/events', '/api/events/batch']), headers: { 'content-type': pick(['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) }, body: json(VALID) }),
    () => ({ category: 'no or wrong key', path: '/api/events', headers: { ...jsonHeaders, ...(random() < 0.5 ? { 'x-api-key': `wrong-${random()}` } : {}) }, body: json({ ...VALID, event_id: `fz-auth-${random()}` }), auth: false }),
    () => ({ category: 'bad Idempotency-Key', path: '/api/events', headers: { ...jsonHeaders, 'idempotency-key': pick(['', 'k'.repeat(200)]) }, body: json({ ...VALID, timestamp: undefined }) }),
    () => ({
      category: 'bad CSVs', path: '/api/events/upload', body: csvUpload(pick([
        '', 'event_type,email\n', 'email,name\nfuzz@faults.example,Fuzz\n', 'event_type,email\nPAGE_VIEW,not-an-email\n,fuzz@faults.example\n',
        'event_type,email,timestamp\nPAGE_VIEW,fuzz@faults.example,not-a-date\n', 'event_type,email\n"PAGE_VIEW,fuzz@faults.example\n',
        'event_id,event_type,lead_id,email,timestamp,metadata\ne1,PAGE_VIEW,,fuzz@faults.example,2025-01-01T00:00:00Z,{not json}\n',
        'event_id,event_type,lead_id,email,timestamp,metadata\ne2,PAGE_VIEW,,fuzz@faults.example,2025-01-01T00:00:00Z,"{""$x"":1}"\n',
        'event_type,email,$where\nPAGE_VIEW,fuzz@faults.example,1\n', 'event_type,email,a.b\nPAGE_VIEW,fuzz@faults.example,1\n',
        'event_type,email\npage view!,fuzz@faults.example\n',
      ]) as string),
    }),
    () => ({ category: 'bad CSVs', path: '/api/events/upload', body: csvUpload(new Uint8Array(randomBytes(64 + Math.floor(random() * 2000)))) }),
    () => ({ category: 'bad CSVs', path: '/api/events/upload', body: csvUpload('event_type,email\nPAGE_VIEW,fuzz@faults.example\n', 'not_file') }),
    () => ({ category: 'bad CSVs', path: '/api/events/upload', headers: { 'content-type': 'multipart/form-data; boundary=xyz' }, body: '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nevent_type,em' }),
    () => pick(hostileReadsAndSettings(random)),
    () => {
      // Standard Webhooks: a well-formed event with a wrong, stale, malformed or missing signature.
      const body = json({ ...VALID, event_id: `fz-wh-${random()}` });
      const id = `msg_${Math.floor(random() * 1e9)}`;
      const now = Math.floor(Date.now() / 1000);
      const variants: Record<string, string>[] = [
        { 'webhook-id': id, 'webhook-timestamp': String(now), 'webhook-signature': sign(id, now, `${body} `) },
        { 'webhook-id': id, 'webhook-timestamp': String(now - 3600), 'webhook-signature': sign(id, now - 3600, body) },
        { 'webhook-id': id, 'webhook-timestamp': String(now), 'webhook-signature': sign(id, now, body, randomBytes(24)) },
        { 'webhook-id': id, 'webhook-timestamp': String(now), 'webhook-signature': 'v1,!!!not-base64' },
        { 'webhook-id': id, 'webhook-timestamp': 'soon', 'webhook-signature': sign(id, now, body) },
        { 'webhook-timestamp': String(now), 'webhook-signature': sign(id, now, body) },
        {},
      ];
      return { category: 'bad signatures', path: pick(['/api/webhook', '/api/webhooks/default', '/api/webhooks/unknown']), headers: { ...jsonHeaders, ...pick(variants) }, body, auth: false };
    },
    ...unstorableValueRequests(random),
  ];
  return Array.from({ length: count }, (_, i) => makers[i % makers.length]());
}

/**
 * Values that pass a naive schema but that storage refuses or changes, or that are hostile to the scoring engine:
 * non-finite numbers (JSON `1e309` is Infinity) in every input path, impossible calendar dates, lone surrogates,
 * keys named like prototype members hiding operators, control characters and bad IDN domains in emails, and
 * regex rules that RE2 cannot run or that are too large. Every one must be refused (4xx naming the field, or an
 * upload row error), never stored and never a 5xx. Bodies are written as JSON text: JSON.stringify would turn
 * Infinity into null.
 */
function unstorableValueRequests(random: () => number): (() => FuzzRequest)[] {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const jsonHeaders = { 'content-type': 'application/json' };
  const id = () => `fz-val-${Math.floor(random() * 1e12).toString(36)}`;
  const nonFinite = () => pick(['1e309', '-1e309', '1E400', '-2e308', '123456789e999']);
  const impossibleDate = () => pick(['2026-02-30T00:00:00Z', '2025-02-29T12:00:00Z', '2026-13-01T00:00:00Z', '2026-01-10T25:00:00Z', '2026-01-10T24:00:00Z', '2026-04-31T10:00:00+02:00', '2026-01-10T11:33:60Z', '2026-01-10T11:33:22+01:75']);
  const email = JSON.stringify(VALID.metadata.email);
  /** One event as JSON text, broken in one of the ways above. */
  const hostileEvent = (): string => pick([
    () => `{"event_id":"${id()}","event_type":"PAGE_VIEW","metadata":{"email":${email},"amount":${nonFinite()}}}`,
    () => `{"event_id":"${id()}","event_type":"PAGE_VIEW","metadata":{"email":${email},"cart":{"items":[1,${nonFinite()}]}}}`,
    () => json({ ...VALID, event_id: id(), timestamp: impossibleDate() }),
    () => json({ ...VALID, event_id: id(), occurred_at: impossibleDate(), timestamp: undefined }),
    () => `{"event_id":"${id()}","event_type":"PAGE_VIEW","metadata":{"email":${email},"note":"a\\ud800b"}}`,
    () => `{"event_id":"${id()}\\udfff","event_type":"PAGE_VIEW","metadata":{"email":${email}}}`,
    () => `{"event_id":"${id()}","event_type":"PAGE_VIEW","metadata":{"email":${email},"__proto__":{"$where":"1"}}}`,
    () => `{"event_id":"${id()}","event_type":"PAGE_VIEW","metadata":{"email":${email},"constructor":{"prototype":{"a.b":1}}}}`,
    () => json({ ...VALID, event_id: id(), metadata: { email: pick(['fu\u0007zz@faults.example', 'fu\u200dzz@faults.example', 'fuzz\u202e@faults.example', 'fuzz@xn--zz.example', 'fuzz@fa ults.example', 'fu\u001bzz@faults.example']) } }),
  ])();
  const webhook = (body: string): FuzzRequest => {
    const webhookId = `msg_val_${Math.floor(random() * 1e9)}`;
    const now = Math.floor(Date.now() / 1000);
    const headers = { ...jsonHeaders, 'webhook-id': webhookId, 'webhook-timestamp': String(now), 'webhook-signature': sign(webhookId, now, body) };
    return { category: 'unstorable values', path: '/api/webhooks/default', headers, body, auth: false };
  };
  const rule = (condition: string): string => `{"name":"fuzz rule","event_type":"PAGE_VIEW","points":5,"conditions":[${condition}]}`;
  return [
    () => ({ category: 'unstorable values', path: '/api/events', headers: jsonHeaders, body: hostileEvent() }),
    // A batch whose every item is hostile: 400 naming each, nothing stored (the e2e suite covers mixed batches).
    () => ({ category: 'unstorable values', path: '/api/events/batch', headers: jsonHeaders, body: `{"events":[${Array.from({ length: 1 + Math.floor(random() * 5) }, hostileEvent).join(',')}]}` }),
    () => webhook(hostileEvent()),
    () => webhook(`{"type":"page.viewed","timestamp":${JSON.stringify(impossibleDate())},"data":{"email":${email}}}`),
    () => webhook(`{"type":"order.completed","data":{"email":${email},"amount":${nonFinite()}}}`),
    () => ({
      category: 'unstorable values', path: '/api/events/upload', body: csvUpload(pick([
        `event_type,email,metadata\nPURCHASE,fuzz@faults.example,"{""amount"":${nonFinite()}}"\n`,
        `event_type,email,timestamp\nPAGE_VIEW,fuzz@faults.example,${impossibleDate()}\n`,
        `event_type,email,metadata\nPAGE_VIEW,fuzz@faults.example,"{""note"":""\\ud800""}"\n`,
        'event_type,email\nPAGE_VIEW,fu\u0007zz@faults.example\n',
        'event_type,email,metadata\nPAGE_VIEW,fuzz@faults.example,"{""a\\u0000b"":1,""c\\ud800"":2}"\n',
        'event_type,email,metadata\nPAGE_VIEW,fuzz@faults.example,"{""__proto__"":{""$gt"":1}}"\n',
      ])),
    }),
    () => ({
      category: 'hostile regex rules', path: '/api/rules', key: 'admin', headers: jsonHeaders,
      body: rule(json({ field: 'metadata.url', op: 'regex', value: pick(['(a)\\1', 'foo(?=bar)', '^(?!admin)', '(?<=@)x', 'a++', '(', 'a{1001}', '(?:[a-z]+\\s?){40}!', '(.*a){20}$', `(${'a|'.repeat(200)}b)`]) })),
    }),
    () => ({
      category: 'unstorable values', path: '/api/rules', key: 'admin', headers: jsonHeaders,
      body: rule(pick([
        `{"field":"metadata.amount","op":"in","value":[1,${nonFinite()}]}`,
        `{"field":"metadata.amount","op":"gt","value":${nonFinite()}}`,
        `{"field":"metadata.amount","op":"eq","value":${nonFinite()}}`,
        '{"field":"metadata.plan","op":"in","value":["a",{"$ne":1}]}',
        '{"field":"metadata.__proto__","op":"eq","value":"a\\ud800"}',
      ])),
    }),
    () => ({
      category: 'unstorable values', path: '/api/settings', method: 'PUT', key: 'admin', headers: jsonHeaders,
      body: pick([
        `{"min_score":${nonFinite()},"max_score":1000,"stages":[{"name":"cold","min":0}],"decay":{"enabled":false,"percent":10,"period_days":30}}`,
        `{"min_score":0,"max_score":1000,"stages":[{"name":"cold","min":${nonFinite()}}],"decay":{"enabled":false,"percent":10,"period_days":30}}`,
        `{"min_score":0,"max_score":1000,"stages":[{"name":"cold","min":0}],"decay":{"enabled":true,"percent":${nonFinite()},"period_days":30}}`,
      ]),
    }),
  ];
}

const LEAD_SORTS = ['score', '-score', 'last_event_at', '-last_event_at', 'name', '-name', 'email', '-email'];
const cursorOf = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/**
 * Crafted cursors, extreme query parameters and unbounded settings, sent with the admin key: reads answer 2xx or
 * a 400 naming the parameter, settings and rules a 400 naming the field; never a 5xx. (A cursor of the right shape
 * with a text score once reached Redis as "(NaN" and answered 500; a floor of -1e12 once made the score
 * distribution exhaust the realtime gateway's heap.)
 */
export function hostileReadsAndSettings(random: () => number): FuzzRequest[] {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const weird = () => pick<unknown>(['x', '', 1e308, -1e308, 9e15, -0.5, null, true, [], {}, { $gt: 1 }, 'a\u0000b', 'ld_1', '\u0000ld_1', 'z'.repeat(3000)]);
  const cursor = () =>
    pick([
      'eyJzIjoiLXNjb3JlIiwidiI6IngiLCJpZCI6IngifQ',
      cursorOf({ s: pick(LEAD_SORTS), v: weird(), id: weird() }),
      cursorOf({ t: weird(), id: weird() }),
      cursorOf({ t: pick(['2026-02-30T00:00:00.000Z', '+275760-09-13T00:00:00.000Z', '1970-01-01T00:00:00.000Z']), id: 'evt_1' }),
      cursorOf(pick(['{', '[]', 'null', '"x"', '1e309', '{"s":"-score","v":1e309,"id":"x"}'])),
      randomBytes(1 + Math.floor(random() * 64)).toString('base64url'),
      'A'.repeat(5000 + Math.floor(random() * 100_000)),
      '%00', '..%2F..', '!!!',
    ]);
  const extreme = () => pick(['0', '-1', '1e309', '1e3', '99999999999999999999', '0x10', '1.5', 'NaN', 'Infinity', '', ' 5', '5&limit=6']);
  const read = (path: string): FuzzRequest => ({ category: 'crafted cursors and extreme reads', path, method: 'GET', service: 'realtime-gateway', key: 'admin', read: true });
  const admin = (path: string, method: string, body: string): FuzzRequest => ({
    category: 'unbounded settings and rules', path, method, body, headers: { 'content-type': 'application/json' }, key: 'admin',
  });
  const settings = { min_score: 0, max_score: 1000, stages: [{ name: 'cold', min: 0 }], decay: { enabled: false, percent: 10, period_days: 30 } };
  const sort = pick([...LEAD_SORTS, 'secret', '$natural']);
  return [
    read(`/api/leads?sort=${sort}&cursor=${cursor()}`),
    read(`/api/leads/${pick(['fuzz@faults.example', 'ld_nope', '%00'])}/${pick(['events', 'history'])}?cursor=${cursor()}&limit=${extreme()}`),
    read(`/api/leads?limit=${extreme()}&q=${encodeURIComponent(pick(['.*', '(a+)+$', '%', 'q'.repeat(201), '\u0000']))}&stage=${pick(['', 'hot', 's'.repeat(65)])}`),
    read(`/api/leaderboard?limit=${extreme()}`),
    read(`/api/analytics/companies?limit=${extreme()}`),
    read(`/api/analytics/activity?bucket=${pick(['hour', 'day', 'minute', ''])}&from=${pick(['0001-01-01', '9999-12-31', '2026-02-30', '+275760-09-13', 'x', ''])}&to=${pick(['0001-01-02', '9999-12-31T23:59:59Z', '2026-13-01', ''])}`),
    read('/api/analytics/score-distribution'),
    admin('/api/settings', 'PUT', JSON.stringify({ ...settings, min_score: pick([-1e12, -1e308, 1e15, 2.5]) })),
    admin('/api/settings', 'PUT', JSON.stringify({ ...settings, max_score: pick([1e12, -1e12, 'max', {}]) })),
    admin('/api/settings', 'PUT', JSON.stringify({ ...settings, stages: pick([[{ name: 'cold', min: -1e12 }], Array.from({ length: 21 }, (_, i) => ({ name: `s${i}`, min: i })), [], [{ name: '', min: 0 }]]) })),
    admin('/api/settings', 'PUT', JSON.stringify({ ...settings, decay: { enabled: true, percent: pick([0, -1, 101, 1e12]), period_days: pick([0, 1e9, -5]) } })),
    admin('/api/settings', 'PUT', pick(['{"min_score":1e309,"max_score":null,"stages":[{"name":"a","min":0}],"decay":{"enabled":false,"percent":10,"period_days":30}}', '{"min_score":-1e400}', '[]', 'null'])),
    admin('/api/rules', 'POST', JSON.stringify({ name: 'fuzz', event_type: 'PAGE_VIEW', points: pick([1e9, -1e9, 0.5]), max_per_lead: pick([1e12, 0, -1, 1.5]) })),
    admin('/api/rules', 'POST', '{"name":"fuzz","event_type":"PAGE_VIEW","points":1e309}'),
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// The HTTP edge against a determined caller: unauthenticated large and deeply nested bodies (answered before
// they are read), malformed Content-Encoding, random keys on webhooks, a webhook body naming another source.
// Like every request above, each is refused whole; none may answer 5xx.

/** Requests for the hostile-edge categories, cycling like fuzzRequests. */
export function hostileEdgeRequests(count: number, seed: number): FuzzRequest[] {
  const random = generator(seed ^ 0x5eed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const jsonHeaders = { 'content-type': 'application/json' };
  const makers: (() => FuzzRequest)[] = [
    // 1 MB of nested brackets, without a key or with a random one: 401 before a byte is parsed.
    () => ({
      category: 'unauthenticated large bodies', path: pick(['/api/events', '/api/events/batch', '/api/rules']), auth: false,
      headers: { ...jsonHeaders, ...(random() < 0.5 ? { 'x-api-key': randomBytes(12).toString('hex') } : {}) },
      body: pick(['[', '{"a":']).repeat(pick([1, 200_000])),
    }),
    // The same nesting with a key: 400 (too deep), from a byte scan rather than a parse.
    () => ({ category: 'unauthenticated large bodies', path: '/api/events/batch', headers: jsonHeaders, body: '['.repeat(100_000) + ']'.repeat(100_000) }),
    // gzip/deflate/br claimed on a plain body, or an encoding nobody knows: 400 or 415.
    () => ({
      category: 'malformed encodings', path: pick(['/api/events', '/api/events/batch', '/api/webhook']), auth: random() < 0.8,
      headers: { ...jsonHeaders, 'content-encoding': pick(['gzip', 'deflate', 'br', 'x-unknown', 'gzip, gzip', 'identity, gzip']) },
      body: json({ ...VALID, event_id: `fz-enc-${random()}` }),
    }),
    // Random keys on a webhook: the key buys nothing (limited per source and address); unsigned, so 401.
    () => ({
      category: 'random keys on webhooks', path: pick(['/api/webhook', '/api/webhooks/default', '/api/webhooks/other']), auth: false,
      headers: { ...jsonHeaders, 'x-api-key': randomBytes(16).toString('hex') }, body: json({ ...VALID, event_id: `fz-whk-${random()}` }),
    }),
    // A body naming another source with a wrong signature: 401 (a valid one would be stored as source default).
    () => {
      const body = json({ ...VALID, source: 'billing', event_id: `fz-src-${random()}` });
      const now = Math.floor(Date.now() / 1000);
      return { category: 'random keys on webhooks', path: '/api/webhook', auth: false, headers: { ...jsonHeaders, 'webhook-id': 'msg_src', 'webhook-timestamp': String(now), 'webhook-signature': sign('msg_src', now, `${body} `) }, body };
    },
  ];
  return Array.from({ length: count }, (_, i) => makers[i % makers.length]());
}

/**
 * Multipart uploads cut off mid-body (the connection closed after part of the announced length): the gateway
 * must drop them without an answer in the 5xx range and without keeping the partial file. Returns problems.
 */
export async function cutOffUploads(gatewayUrl: string, ingestKey: string, count: number): Promise<string[]> {
  const { request } = await import('node:http');
  const problems: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const boundary = `cut${i}`;
    const part = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cut.csv"\r\nContent-Type: text/csv\r\n\r\nevent_type,email\r\n${'PAGE_VIEW,cut@faults.example\r\n'.repeat(2000 + i * 100)}`;
    const status = await new Promise<number>((resolve) => {
      const outgoing = request(new URL('/api/events/upload', gatewayUrl), {
        method: 'POST',
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(part.length * 4), 'x-api-key': ingestKey },
      });
      outgoing.on('response', (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      outgoing.on('error', () => resolve(0));
      outgoing.write(part, () => setTimeout(() => outgoing.destroy(), 20));
    });
    if (status >= 500) problems.push(`uploads cut off mid-body: answered ${status}`);
  }
  return problems;
}

/**
 * Two signed deliveries whose webhook-ids collided under the old `wh_<source>_<id>[_<i>]` keys: `col_<n>` with
 * two events, then `col_<n>_1` with one. The second must be accepted, not refused as a duplicate. This stores
 * three events, so the scenario runs it after counting what the malformed requests stored. Returns problems.
 */
export async function collidingWebhookIds(gatewayUrl: string, source = 'default'): Promise<string[]> {
  const problems: string[] = [];
  const base = `col_${randomBytes(4).toString('hex')}`;
  const deliver = async (id: string, events: unknown[]) => {
    const body = json(events.length === 1 ? events[0] : events);
    const now = Math.floor(Date.now() / 1000);
    const path = source === 'default' ? '/api/webhook' : `/api/webhooks/${source}`;
    const response = await fetch(`${gatewayUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(now), 'webhook-signature': sign(id, now, body) },
      body,
    });
    return { status: response.status, result: (await response.json()) as { accepted?: number; duplicates?: number } };
  };
  const event = (email: string) => ({ event_type: 'PAGE_VIEW', metadata: { email } });
  const first = await deliver(base, [event('col-a@faults.example'), event('col-b@faults.example')]);
  const later = await deliver(`${base}_1`, [event('col-c@faults.example')]);
  for (const [name, answer, accepted] of [['first', first, 2], ['later', later, 1]] as const) {
    if (answer.status >= 500) problems.push(`colliding webhook ids: the ${name} delivery answered ${answer.status}`);
    else if (answer.result.accepted !== accepted) problems.push(`colliding webhook ids: the ${name} delivery stored ${answer.result.accepted ?? 0} of ${accepted} events (${answer.result.duplicates ?? 0} taken for duplicates)`);
  }
  return problems;
}
