import { z } from 'zod';
import { validateEvent } from '@lead-scoring/contracts';
import {
  DEFAULT_WEBHOOK_TYPE_MAP,
  MAX_WEBHOOK_EVENTS,
  parseWebhookTypeMaps,
  webhookBodyToEvents,
  webhookEventId,
  webhookEventTypesVar,
  webhookTypeMapFor,
} from './webhook-envelope';

const event = { event_type: 'PAGE_VIEW', metadata: { email: 'a@b.io', url: '/pricing' } };
const BODY_SHAPE = 'must be an event (with event_type), an array of events, or an envelope {"type", "timestamp", "data"}';

describe('webhookBodyToEvents', () => {
  it('passes a single event through as a list of one', () => {
    expect(webhookBodyToEvents(event, DEFAULT_WEBHOOK_TYPE_MAP)).toEqual({ events: [event] });
  });

  it('treats an object with event_type as an event even if it also has a type key', () => {
    const both = { ...event, type: 'email.opened' };
    expect(webhookBodyToEvents(both, DEFAULT_WEBHOOK_TYPE_MAP)).toEqual({ events: [both] });
  });

  it('passes the events of an array through unvalidated and maps its envelopes, up to the limit', () => {
    const items = [event, { ...event, event_id: 'e2' }, 'not an event'];
    const result = webhookBodyToEvents(items, DEFAULT_WEBHOOK_TYPE_MAP);
    expect(result).toEqual({ events: items });
    const mixed = webhookBodyToEvents([event, { type: 'page.viewed', data: { email: 'a@b.io' } }], DEFAULT_WEBHOOK_TYPE_MAP);
    expect(mixed).toEqual({ events: [event, { event_type: 'PAGE_VIEW', metadata: { email: 'a@b.io' } }] });
    expect(webhookBodyToEvents([event, { type: 'nope', data: {} }], DEFAULT_WEBHOOK_TYPE_MAP)).toEqual({
      error: { field: '1.type', message: expect.stringContaining('is not a known webhook type') },
    });
    const full = Array.from({ length: MAX_WEBHOOK_EVENTS }, () => event);
    expect(webhookBodyToEvents(full, DEFAULT_WEBHOOK_TYPE_MAP)).toEqual({ events: full });
  });

  it('rejects an empty array and one over the limit', () => {
    expect(webhookBodyToEvents([], DEFAULT_WEBHOOK_TYPE_MAP)).toEqual({
      error: { field: 'body', message: 'must hold at least one event' },
    });
    const tooMany = Array.from({ length: MAX_WEBHOOK_EVENTS + 1 }, () => event);
    expect(webhookBodyToEvents(tooMany, DEFAULT_WEBHOOK_TYPE_MAP)).toEqual({
      error: { field: 'body', message: 'must hold at most 1000 events (got 1001)' },
    });
  });

  it('maps an envelope to an event whose metadata is its data, without source', () => {
    const envelope = {
      type: 'email.opened',
      timestamp: '2026-01-10T11:33:22Z',
      data: { email: 'Alice@Microsoft.com', campaign: 'spring' },
      id: 'ignored-envelope-key',
    };
    const result = webhookBodyToEvents(envelope, DEFAULT_WEBHOOK_TYPE_MAP);
    expect(result).toEqual({
      events: [{ event_type: 'EMAIL_OPEN', timestamp: '2026-01-10T11:33:22Z', metadata: { email: 'Alice@Microsoft.com', campaign: 'spring' } }],
    });
    // The mapped event is one validateEvent accepts once the caller has set the source.
    const [mapped] = 'events' in result ? result.events : [];
    expect(validateEvent({ ...(mapped as object), source: 'mailer' })).toMatchObject({ ok: true, event: { email: 'alice@microsoft.com' } });
  });

  it('maps every default type, and leaves the timestamp out when the envelope has none', () => {
    for (const [type, eventType] of Object.entries(DEFAULT_WEBHOOK_TYPE_MAP)) {
      expect(webhookBodyToEvents({ type, data: { email: 'a@b.io' } }, DEFAULT_WEBHOOK_TYPE_MAP)).toEqual({
        events: [{ event_type: eventType, metadata: { email: 'a@b.io' } }],
      });
    }
  });

  it('uses the given type map, not only the defaults', () => {
    const typeMap = { ...DEFAULT_WEBHOOK_TYPE_MAP, 'invoice.paid': 'PURCHASE' };
    expect(webhookBodyToEvents({ type: 'invoice.paid', data: { email: 'a@b.io' } }, typeMap)).toEqual({
      events: [{ event_type: 'PURCHASE', metadata: { email: 'a@b.io' } }],
    });
  });

  it('rejects an unknown envelope type, naming the field and listing the known types', () => {
    const unknown = {
      error: {
        field: 'type',
        message: 'is not a known webhook type; known types: demo.requested, email.opened, form.submitted, order.completed, page.viewed',
      },
    };
    expect(webhookBodyToEvents({ type: 'email.bounced', data: { email: 'a@b.io' } }, DEFAULT_WEBHOOK_TYPE_MAP)).toEqual(unknown);
    expect(webhookBodyToEvents({ type: 42, data: {} }, DEFAULT_WEBHOOK_TYPE_MAP)).toEqual(unknown);
    // Inherited names are not types.
    expect(webhookBodyToEvents({ type: 'constructor', data: {} }, DEFAULT_WEBHOOK_TYPE_MAP)).toEqual(unknown);
    expect(webhookBodyToEvents({ type: 'toString', data: {} }, DEFAULT_WEBHOOK_TYPE_MAP)).toEqual(unknown);
  });

  it('rejects an envelope whose data is not an object', () => {
    const dataError = { error: { field: 'data', message: 'must be an object (the event metadata, with email)' } };
    for (const data of [undefined, null, 'a@b.io', [{ email: 'a@b.io' }]]) {
      expect(webhookBodyToEvents({ type: 'page.viewed', data }, DEFAULT_WEBHOOK_TYPE_MAP)).toEqual(dataError);
    }
  });

  it('rejects bodies that are neither events, arrays nor envelopes', () => {
    for (const body of [null, undefined, 'text', 42, { metadata: { email: 'a@b.io' } }]) {
      expect(webhookBodyToEvents(body, DEFAULT_WEBHOOK_TYPE_MAP)).toEqual({ error: { field: 'body', message: BODY_SHAPE } });
    }
  });
});

describe('parseWebhookTypeMaps', () => {
  it('gives no overrides when unset or empty', () => {
    expect(parseWebhookTypeMaps(undefined)).toEqual({ typeMaps: new Map(), errors: [] });
    expect(parseWebhookTypeMaps(' ; ')).toEqual({ typeMaps: new Map(), errors: [] });
  });

  it('merges each source override over the defaults, upper-casing event types', () => {
    const { typeMaps, errors } = parseWebhookTypeMaps(
      'shop:invoice.paid=PURCHASE; shop:email.opened = newsletter_open ;crm:contact:created=SIGNUP;shop:invoice.paid=PURCHASE',
    );
    expect(errors).toEqual([]);
    expect(typeMaps.get('shop')).toEqual({ ...DEFAULT_WEBHOOK_TYPE_MAP, 'invoice.paid': 'PURCHASE', 'email.opened': 'NEWSLETTER_OPEN' });
    expect(typeMaps.get('crm')).toEqual({ ...DEFAULT_WEBHOOK_TYPE_MAP, 'contact:created': 'SIGNUP' });
    // The defaults themselves are untouched.
    expect(DEFAULT_WEBHOOK_TYPE_MAP['email.opened']).toBe('EMAIL_OPEN');
  });

  it('names every bad entry', () => {
    const { typeMaps, errors } = parseWebhookTypeMaps(
      [
        'shop:ok.type=OK',
        'no-colon=PURCHASE',
        'shop:no-equals',
        'Shop:x=PURCHASE',
        'shop:.dot=PURCHASE',
        'shop:x=1BAD',
        'shop:ok.type=OTHER',
      ].join(';'),
    );
    expect(errors).toEqual([
      'entry 2 ("no-colon=PURCHASE"): expected source:webhook.type=EVENT_TYPE',
      'entry 3 ("shop:no-equals"): expected source:webhook.type=EVENT_TYPE',
      'entry 4 ("Shop:x=PURCHASE"): the source name must match ^[a-z0-9][a-z0-9_-]{0,63}$',
      'entry 5 ("shop:.dot=PURCHASE"): the webhook type must be 1-128 letters, digits and . _ : / - (starting with a letter or digit)',
      'entry 6 ("shop:x=1BAD"): the event type must match ^[A-Z][A-Z0-9_]{0,63}$',
      'entry 7 ("shop:ok.type=OTHER"): ok.type is already mapped to OK for this source',
    ]);
    expect(typeMaps.get('shop')?.['ok.type']).toBe('OK');
  });

  it('hands out the override of a source, else the defaults', () => {
    const { typeMaps } = parseWebhookTypeMaps('shop:invoice.paid=PURCHASE');
    expect(webhookTypeMapFor(typeMaps, 'shop')['invoice.paid']).toBe('PURCHASE');
    expect(webhookTypeMapFor(typeMaps, 'default')).toBe(DEFAULT_WEBHOOK_TYPE_MAP);
  });
});

describe('webhookEventTypesVar', () => {
  const schema = z.object({ WEBHOOK_EVENT_TYPES: webhookEventTypesVar });

  it('turns the variable into per-source maps, empty when unset', () => {
    expect(schema.parse({}).WEBHOOK_EVENT_TYPES).toEqual(new Map());
    expect(schema.parse({ WEBHOOK_EVENT_TYPES: 'shop:a.b=X' }).WEBHOOK_EVENT_TYPES.get('shop')?.['a.b']).toBe('X');
  });

  it('fails with one issue per bad entry, on the variable', () => {
    const parsed = schema.safeParse({ WEBHOOK_EVENT_TYPES: 'shop:a.b=X;oops' });
    expect(parsed.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['WEBHOOK_EVENT_TYPES', 'entry 2 ("oops"): expected source:webhook.type=EVENT_TYPE'],
    ]);
  });
});

describe('webhookEventId', () => {
  it('is deterministic: a redelivery of the same webhook gets the same keys', () => {
    expect(webhookEventId('crm', 'msg_2Lh9', 0)).toBe(webhookEventId('crm', 'msg_2Lh9', 0));
    expect(webhookEventId('crm', 'msg_2Lh9', 0)).toMatch(/^whk_crm_[0-9a-f]{40}$/);
  });

  it('gives every event of a delivery its own key', () => {
    expect(webhookEventId('crm', 'msg_2Lh9', 0)).not.toBe(webhookEventId('crm', 'msg_2Lh9', 1));
  });

  it('never gives two deliveries the same key, whatever their ids hold (the colliding pair secrev_col / secrev_col_1)', () => {
    const firstDelivery = [0, 1].map((index) => webhookEventId('crm', 'secrev_col', index));
    const laterDelivery = [0].map((index) => webhookEventId('crm', 'secrev_col_1', index));
    expect(firstDelivery).not.toContain(laterDelivery[0]);
    // Sources may hold `_` too: (a, b_c) and (a_b, c) are different senders and ids.
    expect(webhookEventId('a', 'b_c', 0)).not.toBe(webhookEventId('a_b', 'c', 0));
  });

  it('is a valid event id for any webhook-id: at most 128 printable characters, even for long or control-character ids', () => {
    for (const webhookId of ['m'.repeat(10_000), 'msg\t1', 'caf\u00e9']) {
      const key = webhookEventId('s'.repeat(64), webhookId, 999);
      expect(key.length).toBeLessThanOrEqual(128);
      expect(key).toMatch(/^[\x21-\x7e]+$/);
    }
  });

  it('cannot equal a key of the old form (wh_...), which a new delivery would otherwise be refused as a duplicate of', () => {
    expect(webhookEventId('crm', 'x', 0).startsWith('wh_')).toBe(false);
  });
});
