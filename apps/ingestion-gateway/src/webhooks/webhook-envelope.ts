import { createHash } from 'node:crypto';
import { z } from 'zod';
import { EVENT_TYPE_PATTERN, ErrorDetail } from '@lead-scoring/contracts';
import { WEBHOOK_SOURCE_PATTERN } from './webhook-secrets';

/** Same cap as `POST /api/events/batch`: a webhook is not a way around the batch limit. */
export const MAX_WEBHOOK_EVENTS = 1000;

/** Envelope `type` -> event type for every source that has no override (SPEC.md). */
export const DEFAULT_WEBHOOK_TYPE_MAP: Readonly<Record<string, string>> = Object.freeze({
  'email.opened': 'EMAIL_OPEN',
  'page.viewed': 'PAGE_VIEW',
  'form.submitted': 'FORM_SUBMISSION',
  'demo.requested': 'DEMO_REQUEST',
  'order.completed': 'PURCHASE',
});

export type WebhookBodyConversion = { events: unknown[] } | { error: ErrorDetail };

const BODY_SHAPE = 'must be an event (with event_type), an array of events, or an envelope {"type", "timestamp", "data"}';

/**
 * Turns a webhook body into the events it carries, still unvalidated (the caller runs validateEvent on each):
 * - an event (has `event_type`): itself;
 * - an array (up to MAX_WEBHOOK_EVENTS): each item as above, events as they are and envelopes mapped;
 * - an envelope `{"type", "timestamp", "data"}`: one event whose type comes from `typeMap` and whose metadata
 *   is `data`. Other envelope keys are not part of the event and are dropped.
 * `source` is left out on purpose: the caller sets it from the URL, so a sender cannot post as another source.
 */
export function webhookBodyToEvents(body: unknown, typeMap: Readonly<Record<string, string>>): WebhookBodyConversion {
  if (Array.isArray(body)) {
    if (body.length === 0) return { error: { field: 'body', message: 'must hold at least one event' } };
    if (body.length > MAX_WEBHOOK_EVENTS) {
      return { error: { field: 'body', message: `must hold at most ${MAX_WEBHOOK_EVENTS} events (got ${body.length})` } };
    }
    const events: unknown[] = [];
    for (const [index, item] of body.entries()) {
      if (!isEnvelope(item)) {
        events.push(item);
        continue;
      }
      const mapped = envelopeToEvent(item, typeMap);
      if ('error' in mapped) return { error: { ...mapped.error, field: `${index}.${mapped.error.field}` } };
      events.push(...mapped.events);
    }
    return { events };
  }
  if (!isPlainObject(body)) return { error: { field: 'body', message: BODY_SHAPE } };
  if ('event_type' in body) return { events: [body] };
  if (!isEnvelope(body)) return { error: { field: 'body', message: BODY_SHAPE } };
  return envelopeToEvent(body, typeMap);
}

function isEnvelope(value: unknown): value is Record<string, unknown> {
  return isPlainObject(value) && 'type' in value && !('event_type' in value);
}

function envelopeToEvent(envelope: Record<string, unknown>, typeMap: Readonly<Record<string, string>>): WebhookBodyConversion {
  const { type, timestamp, data } = envelope;
  // hasOwn, not `in` or a plain lookup: `constructor` or `__proto__` must not resolve through the prototype.
  if (typeof type !== 'string' || !Object.hasOwn(typeMap, type)) {
    const known = Object.keys(typeMap).sort().join(', ');
    return { error: { field: 'type', message: `is not a known webhook type; known types: ${known}` } };
  }
  if (!isPlainObject(data)) return { error: { field: 'data', message: 'must be an object (the event metadata, with email)' } };
  const event: Record<string, unknown> = { event_type: typeMap[type], metadata: data };
  // Without a timestamp the gateway stamps the time of receipt, like any event that has none.
  if (timestamp !== undefined) event['timestamp'] = timestamp;
  return { events: [event] };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Per-source envelope type maps: each is an override merged over DEFAULT_WEBHOOK_TYPE_MAP. */
export interface WebhookTypeMapsParse {
  typeMaps: Map<string, Record<string, string>>;
  errors: string[];
}

// Webhook types are the senders' names (`email.opened`, `invoice:paid`, `crm/contact.updated`); `=` and `;`
// are excluded because they delimit the variable.
const WEBHOOK_TYPE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/;

/**
 * Parses WEBHOOK_EVENT_TYPES: `source:webhook.type=EVENT_TYPE;source2:other.type=OTHER`. Event types are
 * upper-cased like those of incoming events. A type mapped twice for one source to different event types is an
 * error: which one wins would otherwise depend on the order nobody reads.
 */
export function parseWebhookTypeMaps(value: string | undefined): WebhookTypeMapsParse {
  const overrides = new Map<string, Map<string, string>>();
  const errors: string[] = [];
  const entries = (value ?? '').split(';').map((entry) => entry.trim());
  for (const [index, entry] of entries.entries()) {
    if (entry === '') continue;
    // Type maps hold no secrets: the entry is quoted (shortened) so the operator finds it at once.
    const where = `entry ${index + 1} ("${entry.slice(0, 100)}")`;
    const parsed = parseTypeEntry(entry);
    if ('error' in parsed) {
      errors.push(`${where}: ${parsed.error}`);
      continue;
    }
    const forSource = overrides.get(parsed.source) ?? new Map<string, string>();
    const mappedBefore = forSource.get(parsed.webhookType);
    if (mappedBefore !== undefined && mappedBefore !== parsed.eventType) {
      errors.push(`${where}: ${parsed.webhookType} is already mapped to ${mappedBefore} for this source`);
      continue;
    }
    forSource.set(parsed.webhookType, parsed.eventType);
    overrides.set(parsed.source, forSource);
  }
  const typeMaps = new Map<string, Record<string, string>>();
  for (const [source, mapping] of overrides) {
    typeMaps.set(source, Object.fromEntries([...Object.entries(DEFAULT_WEBHOOK_TYPE_MAP), ...mapping]));
  }
  return { typeMaps, errors };
}

type TypeEntry = { source: string; webhookType: string; eventType: string } | { error: string };

function parseTypeEntry(entry: string): TypeEntry {
  const colon = entry.indexOf(':');
  // The last `=`: event types never hold one, and the first `:` splits off the source, so types may use `:`.
  const equals = entry.lastIndexOf('=');
  if (colon < 0 || equals < colon) return { error: 'expected source:webhook.type=EVENT_TYPE' };
  const source = entry.slice(0, colon).trim();
  const webhookType = entry.slice(colon + 1, equals).trim();
  const eventType = entry.slice(equals + 1).trim().toUpperCase();
  if (!WEBHOOK_SOURCE_PATTERN.test(source)) return { error: 'the source name must match ^[a-z0-9][a-z0-9_-]{0,63}$' };
  if (!WEBHOOK_TYPE_PATTERN.test(webhookType)) {
    return { error: 'the webhook type must be 1-128 letters, digits and . _ : / - (starting with a letter or digit)' };
  }
  if (!EVENT_TYPE_PATTERN.test(eventType)) return { error: 'the event type must match ^[A-Z][A-Z0-9_]{0,63}$' };
  return { source, webhookType, eventType };
}

/** The type map a source's envelopes are read with: its override when configured, else the defaults. */
export function webhookTypeMapFor(typeMaps: ReadonlyMap<string, Record<string, string>>, source: string): Readonly<Record<string, string>> {
  return typeMaps.get(source) ?? DEFAULT_WEBHOOK_TYPE_MAP;
}

/** WEBHOOK_EVENT_TYPES in a zod config schema; every bad entry stops the boot naming the variable. */
export const webhookEventTypesVar = z
  .string()
  .default('')
  .transform((value, ctx) => {
    const { typeMaps, errors } = parseWebhookTypeMaps(value);
    for (const message of errors) ctx.addIssue({ code: 'custom', message });
    return typeMaps;
  });

/**
 * The idempotency key of the `index`-th (0-based, like the batch results) event delivered under one
 * `webhook-id`: a redelivery of the same webhook gives the same keys, so nothing is stored or scored twice.
 *
 * `whk_<source>_<40 hex>`, the hex being SHA-256 of the JSON array `[source, webhookId, index]`. JSON encodes
 * the three parts unambiguously whatever characters the sender puts in its webhook-id, so two different
 * (source, id, index) triples never share a key; the readable source prefix only helps a person reading the
 * event log. (Before, `wh_<source>_<id>` and `wh_<source>_<id>_<index>` could collide: a two-event delivery
 * `abc` took the key that a later delivery `abc_1` needed, and that delivery was dropped as a duplicate.)
 * The prefix `whk_` differs from the old `wh_` so that no new key can equal an old one.
 *
 * NOTE for callers: an event in the body that carries its own `event_id` keeps it; this key is only for events
 * without one (the sender's id is the one it will retry or reference later).
 */
export function webhookEventId(source: string, webhookId: string, index: number): string {
  const digest = createHash('sha256').update(JSON.stringify([source, webhookId, index]), 'utf8').digest('hex').slice(0, 40);
  return `whk_${source}_${digest}`;
}
