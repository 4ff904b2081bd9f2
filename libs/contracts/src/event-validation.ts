import { z } from 'zod';
import { ErrorDetail } from './api-schemas';
import { normalizeEmail } from './email';
import { NormalizedEvent, companyFromEmail } from './event';
import { parseIsoDateTime } from './iso-date-time';
import { pathKey, unstorableFields } from './storable';

export const EVENT_TYPE_PATTERN = /^[A-Z][A-Z0-9_]{0,63}$/;
export const MAX_EVENT_BYTES = 32 * 1024;
export const MAX_METADATA_DEPTH = 5;
/** Events may not claim to come from before this instant. */
export const EARLIEST_EVENT_TIME = Date.parse('2000-01-01T00:00:00Z');
/** Clock skew allowed for events stamped in the future. */
export const MAX_FUTURE_SKEW_MS = 24 * 60 * 60 * 1000;

// Printable: no control or format characters (they break logs, CSV exports and Redis keys).
const PRINTABLE = /^[^\p{C}]+$/u;

const eventIdSchema = z
  .string('must be a string')
  .min(1, 'must not be empty')
  .max(128, 'must be at most 128 characters')
  .regex(PRINTABLE, 'must contain printable characters only');

const timestampSchema = z.string('must be a string').superRefine((value, ctx) => {
  const millis = parseIsoDateTime(value);
  if (millis === undefined) {
    ctx.addIssue({ code: 'custom', message: 'must be an ISO-8601 date-time with an offset that exists in the calendar, e.g. 2026-01-10T11:33:22Z' });
  } else if (millis < EARLIEST_EVENT_TIME) {
    ctx.addIssue({ code: 'custom', message: 'must not be before 2000-01-01' });
  } else if (millis > Date.now() + MAX_FUTURE_SKEW_MS) {
    ctx.addIssue({ code: 'custom', message: 'must not be more than 24 hours in the future' });
  }
});

const metadataSchema = z
  .object(
    {
      email: z
        .string('must be a string')
        .trim()
        .max(254, 'must be at most 254 characters')
        .transform((value, ctx) => {
          const normalized = normalizeEmail(value);
          if (normalized.ok) return normalized.email;
          ctx.addIssue({ code: 'custom', message: normalized.message });
          return z.NEVER;
        })
        .optional(),
      lead_id: eventIdSchema.optional(),
      name: z.string('must be a string').max(256, 'must be at most 256 characters').optional(),
      company: z.string('must be a string').max(256, 'must be at most 256 characters').optional(),
    },
    'must be an object',
  )
  .catchall(z.unknown())
  .meta({ description: 'Names the lead by email and/or lead_id; any other keys are kept for rule conditions', example: { email: 'alice@microsoft.com', name: 'Alice Johnson', company: 'Microsoft', amount: 99 } });

/**
 * The shape of an incoming event. validateEvent adds what a schema cannot say: the size and key limits, alias
 * conflicts, and that metadata names the lead by email or lead_id. Also the source of the OpenAPI description.
 */
export const incomingEventSchema = z.strictObject(
  {
    event_id: eventIdSchema.optional().meta({ description: 'Idempotency key: an event id is stored and scored once, ever', example: 'evt_0001' }),
    eventId: eventIdSchema.optional().meta({ description: 'Alias of event_id' }),
    event_type: z
      .string('must be a string')
      .transform((value) => value.trim().toUpperCase())
      .pipe(z.string().regex(EVENT_TYPE_PATTERN, 'must match ^[A-Z][A-Z0-9_]{0,63}$ (letters, digits, underscores)'))
      .meta({ description: 'Upper-cased on receipt; types without a rule are stored and score 0', example: 'PURCHASE' }),
    source: z.string('must be a string').min(1, 'must not be empty').max(64, 'must be at most 64 characters').optional().meta({ description: 'Default api', example: 'manual' }),
    timestamp: timestampSchema.optional().meta({ description: 'ISO-8601 with an offset; default: time of receipt. Not before 2000, not over 24 h ahead', example: '2026-01-10T11:33:22.553Z' }),
    occurred_at: timestampSchema.optional().meta({ description: 'Alias of timestamp' }),
    metadata: metadataSchema,
  },
  'must be a JSON object',
).meta({ id: 'Event' });

export type EventValidation = { ok: true; event: NormalizedEvent } | { ok: false; details: ErrorDetail[] };

/**
 * Checks one incoming event against SPEC.md and normalizes it. Every problem is reported with the
 * dotted path of its field, so the caller can fix all of them in one go.
 */
export function validateEvent(input: unknown): EventValidation {
  const structural = checkShapeLimits(input);
  if (structural.length > 0) return { ok: false, details: structural };

  const parsed = incomingEventSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, details: parsed.error.issues.map(issueToDetail) };
  }
  const raw = parsed.data;
  const details: ErrorDetail[] = [];
  if (raw.event_id !== undefined && raw.eventId !== undefined && raw.event_id !== raw.eventId) {
    details.push({ field: 'eventId', message: 'conflicts with event_id; send one of them' });
  }
  if (raw.timestamp !== undefined && raw.occurred_at !== undefined && raw.timestamp !== raw.occurred_at) {
    details.push({ field: 'occurred_at', message: 'conflicts with timestamp; send one of them' });
  }
  const { email: rawEmail, lead_id, name, company } = raw.metadata;
  if (rawEmail === undefined && lead_id === undefined) {
    details.push({ field: 'metadata.email', message: 'is required (or metadata.lead_id) to identify the lead' });
  }
  if (details.length > 0) return { ok: false, details };

  // Already in its canonical form (normalizeEmail): every spelling of an address names the same lead.
  const email = rawEmail;
  const timestamp = raw.timestamp ?? raw.occurred_at;
  const resolvedCompany = company ?? (email ? companyFromEmail(email) : undefined);
  const metadata: Record<string, unknown> = { ...raw.metadata };
  if (email !== undefined) metadata['email'] = email;
  if (resolvedCompany !== undefined) metadata['company'] = resolvedCompany;

  return {
    ok: true,
    event: dropUndefined({
      event_id: raw.event_id ?? raw.eventId,
      event_type: raw.event_type,
      source: raw.source ?? 'api',
      timestamp: timestamp === undefined ? undefined : new Date(parseIsoDateTime(timestamp) as number).toISOString(),
      metadata,
      email,
      lead_id,
      name,
      company: resolvedCompany,
    }),
  };
}

function issueToDetail(issue: z.core.$ZodIssue): ErrorDetail {
  let path = issue.path.map(pathKey);
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') {
    path = [...path, pathKey(issue.keys[0] ?? '')];
    message = 'is not a known field (custom fields belong in metadata)';
  } else if (issue.code === 'invalid_type' && issue.input === undefined) {
    message = 'is required';
  }
  return { field: path.length > 0 ? path.join('.') : 'body', message };
}

/**
 * Nesting far beyond any valid event, refused before the size is measured: JSON.stringify recurses, and a body
 * nested thousands of levels deep overflowed the stack (a 500 found by the fault suite's fuzzer).
 */
const HOPELESS_DEPTH = 64;

/**
 * Size and depth limits, and everything MongoDB or FerretDB would refuse or change (unstorableFields), checked
 * on the body as sent so that the details name the fields the client wrote (metadata copies some).
 */
function checkShapeLimits(input: unknown): ErrorDetail[] {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return [{ field: 'body', message: 'must be a JSON object' }];
  }
  for (const [field, value] of Object.entries(input)) {
    if (depthExceeds(value, HOPELESS_DEPTH)) return [{ field, message: `must not be nested more than ${MAX_METADATA_DEPTH} levels deep` }];
  }
  if (new TextEncoder().encode(JSON.stringify(input)).length > MAX_EVENT_BYTES) {
    return [{ field: 'body', message: `must be at most ${MAX_EVENT_BYTES / 1024} KB` }];
  }
  const details: ErrorDetail[] = [];
  const metadata = (input as Record<string, unknown>)['metadata'];
  // Depth counts from the event itself: the metadata object is level 2.
  walkDepth(metadata, 'metadata', 2, details);
  return details.length > 0 ? details : unstorableFields(input);
}

function walkDepth(value: unknown, path: string, depth: number, details: ErrorDetail[]): void {
  if (typeof value !== 'object' || value === null || details.length >= 20) return;
  if (depth > MAX_METADATA_DEPTH) {
    details.push({ field: path, message: `must not be nested more than ${MAX_METADATA_DEPTH} levels deep` });
    return;
  }
  for (const [key, child] of Object.entries(value)) walkDepth(child, `${path}.${pathKey(key)}`, depth + 1, details);
}

/** Without recursion, whatever the depth of the input. */
function depthExceeds(input: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[input, 1]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop() as [unknown, number];
    if (typeof value !== 'object' || value === null) continue;
    if (depth > limit) return true;
    for (const child of Object.values(value)) stack.push([child, depth + 1]);
  }
  return false;
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
