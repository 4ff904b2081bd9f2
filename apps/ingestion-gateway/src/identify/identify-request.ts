import { ErrorDetail, IDENTIFY_EVENT, NormalizedEvent, validateEvent } from '@lead-scoring/contracts';

const FIELDS = new Set(['email', 'lead_id', 'traits', 'timestamp', 'occurred_at', 'event_id', 'eventId', 'source']);
const IDENTITY_KEYS = ['email', 'lead_id'];

/**
 * `POST /api/identify` `{email | lead_id, traits, timestamp?, event_id?}` as an IDENTIFY event: the traits become its
 * metadata, beside the identity, so they are validated, stored and replayed like any event's (and score no
 * engagement points). Errors name the request's own fields (`traits.title`, not `metadata.title`).
 */
export function identifyEvent(body: unknown): { ok: true; event: NormalizedEvent } | { ok: false; details: ErrorDetail[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, details: [{ field: 'body', message: 'must be a JSON object' }] };
  const request = body as Record<string, unknown>;
  const unknown = Object.keys(request).filter((key) => !FIELDS.has(key));
  if (unknown.length > 0) return { ok: false, details: unknown.map((key) => ({ field: key, message: 'is not a known field' })) };
  const traits = request.traits;
  if (typeof traits !== 'object' || traits === null || Array.isArray(traits)) return { ok: false, details: [{ field: 'traits', message: 'must be an object of trait names and values' }] };
  const clashes = IDENTITY_KEYS.filter((key) => Object.hasOwn(traits, key));
  if (clashes.length > 0) return { ok: false, details: clashes.map((key) => ({ field: `traits.${key}`, message: `is the lead's identity: give ${key} at the top level` })) };

  const identity = Object.fromEntries(IDENTITY_KEYS.filter((key) => request[key] !== undefined).map((key) => [key, request[key]]));
  const { traits: _traits, email: _email, lead_id: _leadId, ...rest } = request;
  const validation = validateEvent({ ...rest, event_type: IDENTIFY_EVENT, metadata: { ...traits, ...identity } });
  if (validation.ok) return validation;
  return {
    ok: false,
    details: validation.details.map((detail) => {
      const key = /^metadata\.(.*)$/.exec(detail.field)?.[1];
      if (key === undefined) return detail;
      return { ...detail, field: IDENTITY_KEYS.includes(key.split('.')[0]) ? key : `traits.${key}` };
    }),
  };
}
