import { z } from 'zod';
// Importing the contracts registers their schemas (with ids) in zod's global registry.
import '@lead-scoring/contracts';

type Json = Record<string, unknown>;

/**
 * JSON Schemas of every contract schema that has an id (`.meta({ id })`), as OpenAPI components: what a client
 * sends (`input`, e.g. aliases before they are folded) or receives (`output`).
 */
function componentSchemas(io: 'input' | 'output'): Record<string, Json> {
  const { schemas } = z.toJSONSchema(z.globalRegistry, {
    io,
    unrepresentable: 'any',
    target: 'openapi-3.0',
    uri: (id) => `#/components/schemas/${id}`,
  }) as { schemas: Record<string, Json> };
  for (const schema of Object.values(schemas)) {
    delete schema['$schema'];
    delete schema['id'];
  }
  return schemas;
}

const json = (schema: Json) => ({ content: { 'application/json': { schema } } });
const errorResponse = (description: string) => ({ description, ...json({ $ref: '#/components/schemas/Error' }) });
const ERRORS = {
  '400': errorResponse('Invalid input; `details` names every field at fault'),
  '401': errorResponse('Missing or wrong key (or webhook signature)'),
  '413': errorResponse('Body too large'),
  '415': errorResponse('Wrong content type'),
  '429': errorResponse('Rate limited; see Retry-After'),
  '503': errorResponse('MongoDB or Redis is down; nothing was accepted, retry after Retry-After'),
};
const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const ingestionAuth = [{ apiKey: [] }, { bearer: [] }];

/**
 * The OpenAPI description of the ingestion gateway. Request and response schemas come from the same zod schemas
 * that validate requests and type responses (libs/contracts); only the routes' prose lives here.
 */
export function buildOpenApiDocument(): Json {
  // Request bodies are described as clients write them (before defaults and normalisation), answers as sent.
  const inputs = componentSchemas('input');
  const schemas = { ...componentSchemas('output'), Event: inputs['Event'], RuleInput: inputs['RuleInput'], RulePatch: inputs['RulePatch'], Settings: inputs['Settings'], TriggerInput: inputs['TriggerInput'], TriggerPatch: inputs['TriggerPatch'] };
  const adminAuth = ingestionAuth;
  const rule = { allOf: [ref('RuleInput'), { type: 'object', properties: { id: { type: 'string' } } }] };
  const versioned = (schema: Json) => ({ allOf: [schema, { type: 'object', properties: { ruleset_version: { type: 'integer' } } }] });
  const ruleId = [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }];
  const idParam = ruleId;
  const trigger = { allOf: [ref('TriggerInput'), { type: 'object', properties: { id: { type: 'string' }, created_at: { type: 'string' }, updated_at: { type: 'string' } } }] };
  const withSecret = { allOf: [trigger, { type: 'object', properties: { secret: { type: 'string', description: 'whsec_...; shown only in this answer' } } }] };
  return {
    openapi: '3.0.3',
    info: {
      title: 'Lead scoring: ingestion gateway',
      version: '1',
      description: 'Every write: events, batches, CSV uploads, signed webhooks, rules, triggers. A 202 means the event is stored durably and will be scored.',
    },
    components: {
      securitySchemes: {
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        bearer: { type: 'http', scheme: 'bearer' },
      },
      schemas,
    },
    paths: {
      '/api/events': {
        post: {
          summary: 'Send one event',
          security: ingestionAuth,
          parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 128 }, description: 'Key for an event without event_id' }],
          requestBody: { required: true, ...json(ref('Event')) },
          responses: {
            '202': { description: 'Stored durably; will be scored', ...json(ref('IngestResult')) },
            '200': { description: 'Seen before: not stored or scored again', ...json(ref('IngestResult')) },
            ...ERRORS,
          },
        },
      },
      '/api/events/batch': {
        post: {
          summary: 'Send up to 1,000 events (5 MB); valid ones are stored even when others are not',
          security: ingestionAuth,
          requestBody: {
            required: true,
            ...json({ oneOf: [{ type: 'object', properties: { events: { type: 'array', items: ref('Event'), maxItems: 1000 } }, required: ['events'] }, { type: 'array', items: ref('Event'), maxItems: 1000 }] }),
          },
          responses: { '202': { description: 'One result per event, in request order', ...json(ref('BatchResult')) }, ...ERRORS },
        },
      },
      '/api/events/upload': {
        post: {
          summary: 'Upload a CSV of any size (seed layout with a JSON metadata column, or flat columns)',
          security: ingestionAuth,
          parameters: [{ name: 'upload_id', in: 'query', required: false, schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{8,64}$' }, description: 'Choose the id to follow progress before the answer arrives' }],
          requestBody: { required: true, content: { 'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] } } } },
          responses: {
            '202': { description: 'Every row stored or rejected', ...json(ref('UploadResult')) },
            '408': errorResponse('No byte arrived for UPLOAD_IDLE_TIMEOUT_SECONDS (default 60); the partial file was deleted'),
            '409': errorResponse('upload_id taken'),
            ...ERRORS,
          },
        },
      },
      '/api/uploads/{upload_id}': {
        get: {
          summary: 'Progress of an upload (also pushed as Socket.io upload.progress)',
          security: ingestionAuth,
          parameters: [{ name: 'upload_id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': { description: 'Progress and the first 100 row errors', ...json({ allOf: [ref('UploadProgress'), { type: 'object', properties: { errors: { type: 'array', items: ref('UploadRowError') } } }] }) },
            '404': errorResponse('No such upload'),
          },
        },
      },
      ...Object.fromEntries(
        ['/api/webhook', '/api/webhooks/{source}'].map((path) => [
          path,
          {
            post: {
              summary: path === '/api/webhook' ? 'Signed webhook of source "default"' : 'Signed webhook of a source',
              description: 'Standard Webhooks: webhook-signature is v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{raw body}"> with the source secret from WEBHOOK_SECRETS. The body is an event, an array of events, or an envelope {"type", "timestamp", "data"}. Events carry the source of the URL (default for /api/webhook), whatever the body says. Limited per source and client address, not per key.',
              parameters: [
                ...(path.includes('{source}') ? [{ name: 'source', in: 'path', required: true, schema: { type: 'string' } }] : []),
                { name: 'webhook-id', in: 'header', required: true, schema: { type: 'string' }, description: 'Idempotency key of the delivery: events without an event_id get whk_<source>_<hash of source, webhook-id and position>' },
                { name: 'webhook-timestamp', in: 'header', required: true, schema: { type: 'integer' }, description: 'Unix seconds, within 5 minutes of the server clock' },
                { name: 'webhook-signature', in: 'header', required: true, schema: { type: 'string' } },
              ],
              requestBody: { required: true, ...json({}) },
              responses: { '202': { description: 'Stored', ...json(ref('WebhookResult')) }, ...ERRORS },
            },
          },
        ]),
      ),
      '/api/identify': {
        post: {
          summary: 'Set traits of a lead (for fit rules): stored as an IDENTIFY event in its log, scoring no engagement points',
          security: ingestionAuth,
          requestBody: {
            required: true,
            ...json({
              type: 'object',
              required: ['traits'],
              properties: {
                email: { type: 'string' },
                lead_id: { type: 'string' },
                traits: { type: 'object', additionalProperties: true, example: { title: 'VP Sales', company_size: 500, industry: 'software', country: 'US' } },
                timestamp: { type: 'string', format: 'date-time' },
                event_id: { type: 'string' },
              },
            }),
          },
          responses: { '202': { description: 'Stored', ...json(ref('IngestResult')) }, '200': { description: 'Seen before', ...json(ref('IngestResult')) }, ...ERRORS },
        },
      },
      '/api/rules': {
        get: { summary: 'The rules and the current ruleset version (admin key)', security: adminAuth, responses: { '200': { description: 'Rules', ...json({ type: 'object', properties: { items: { type: 'array', items: rule }, ruleset_version: { type: 'integer' } } }) }, '401': ERRORS['401'] } },
        post: {
          summary: 'Create a rule; every lead is re-scored in the background (admin key)',
          security: adminAuth,
          requestBody: { required: true, ...json(ref('RuleInput')) },
          responses: { '201': { description: 'Created, with the new ruleset version', ...json(versioned(rule)) }, ...ERRORS },
        },
      },
      '/api/rules/recompute': {
        get: {
          summary: 'Progress of the re-score that follows every change (also Socket.io recompute.progress)',
          security: adminAuth,
          responses: { '200': { description: 'Progress', ...json({ type: 'object', properties: { version: { type: 'integer' }, state: { type: 'string', enum: ['running', 'done'] }, processed: { type: 'integer' }, total: { type: 'integer' } } }) }, '401': ERRORS['401'] },
        },
      },
      '/api/rules/{id}': {
        get: { summary: 'One rule', security: adminAuth, parameters: ruleId, responses: { '200': { description: 'The rule', ...json(rule) }, '404': errorResponse('No such rule') } },
        patch: {
          summary: 'Change some fields of a rule (points, conditions, active...); re-scores every lead',
          security: adminAuth,
          parameters: ruleId,
          requestBody: { required: true, ...json(ref('RulePatch')) },
          responses: { '200': { description: 'The rule as changed', ...json(versioned(rule)) }, '404': errorResponse('No such rule'), ...ERRORS },
        },
        delete: { summary: 'Delete a rule; re-scores every lead', security: adminAuth, parameters: ruleId, responses: { '200': { description: 'Deleted' }, '404': errorResponse('No such rule'), '401': ERRORS['401'] } },
      },
      '/api/settings': {
        get: { summary: 'Score range, stages and decay (admin key)', security: adminAuth, responses: { '200': { description: 'Settings', ...json(versioned(ref('Settings'))) }, '401': ERRORS['401'] } },
        put: {
          summary: 'Replace the settings; re-scores every lead',
          security: adminAuth,
          requestBody: { required: true, ...json(ref('Settings')) },
          responses: { '200': { description: 'The settings, stages sorted', ...json(versioned(ref('Settings'))) }, ...ERRORS },
        },
      },
      '/api/triggers': {
        get: { summary: 'The triggers (admin key)', security: adminAuth, responses: { '200': { description: 'Triggers', ...json({ type: 'object', properties: { items: { type: 'array', items: trigger } } }) }, '401': ERRORS['401'] } },
        post: {
          summary: 'Create a trigger; the answer holds its signing secret, shown this once. A private or metadata destination is a 400 naming url',
          security: adminAuth,
          requestBody: { required: true, ...json(ref('TriggerInput')) },
          responses: { '201': { description: 'Created, with `secret`', ...json(withSecret) }, ...ERRORS },
        },
      },
      '/api/triggers/preview': {
        post: {
          summary: 'How many leads a condition holds for now (a new trigger records those as suppressed)',
          security: adminAuth,
          requestBody: { required: true, ...json({ type: 'object', properties: { condition: ref('TriggerInput') } }) },
          responses: { '200': { description: 'Counts', ...json({ type: 'object', properties: { matching: { type: 'integer' }, total: { type: 'integer' } } }) }, ...ERRORS },
        },
      },
      '/api/triggers/{id}': {
        get: { summary: 'One trigger', security: adminAuth, parameters: idParam, responses: { '200': { description: 'The trigger', ...json(trigger) }, '404': errorResponse('No such trigger') } },
        patch: {
          summary: 'Change some fields of a trigger; a new condition or a re-activation suppresses the firings it would find on leads already past the line',
          security: adminAuth,
          parameters: idParam,
          requestBody: { required: true, ...json(ref('TriggerPatch')) },
          responses: { '200': { description: 'The trigger as changed', ...json(trigger) }, '404': errorResponse('No such trigger'), ...ERRORS },
        },
        delete: { summary: 'Delete a trigger; its pending deliveries fail at their next attempt', security: adminAuth, parameters: idParam, responses: { '200': { description: 'Deleted' }, '404': errorResponse('No such trigger'), '401': ERRORS['401'] } },
      },
      '/api/triggers/{id}/rotate-secret': {
        post: { summary: 'A new signing secret; the previous one signs too for 24 h', security: adminAuth, parameters: idParam, responses: { '200': { description: 'The trigger with its new `secret`', ...json(withSecret) }, '404': errorResponse('No such trigger') } },
      },
      '/api/triggers/{id}/test': {
        post: {
          summary: 'Send a signed sample firing now and answer with what the destination said',
          security: adminAuth,
          parameters: idParam,
          responses: { '200': { description: 'The outcome', ...json({ type: 'object', properties: { ok: { type: 'boolean' }, status_code: { type: 'integer', nullable: true }, error: { type: 'string', nullable: true }, duration_ms: { type: 'integer' }, response_excerpt: { type: 'string', nullable: true } } }) }, '404': errorResponse('No such trigger') },
        },
      },
      '/api/triggers/{id}/deliveries': {
        get: {
          summary: "A trigger's deliveries, newest first, with every attempt",
          security: adminAuth,
          parameters: [
            ...idParam,
            { name: 'status', in: 'query', schema: { type: 'string', enum: ['pending', 'delivered', 'failed', 'suppressed'] } },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 50 } },
            { name: 'cursor', in: 'query', schema: { type: 'string' } },
          ],
          responses: { '200': { description: 'A page of deliveries', ...json({ type: 'object', properties: { items: { type: 'array', items: { type: 'object' } }, next_cursor: { type: 'string', nullable: true } } }) }, '404': errorResponse('No such trigger'), ...ERRORS },
        },
      },
      '/api/deliveries/{id}/retry': {
        post: { summary: 'Send a failed delivery again (409 for any other status)', security: adminAuth, parameters: idParam, responses: { '200': { description: 'The delivery, pending again' }, '404': errorResponse('No such delivery'), '409': errorResponse('The delivery is not failed') } },
      },
      '/api/system/queues/retry-failed': {
        post: {
          summary: 'Send every failed job back to its queue (admin key); GET /api/system/queues on the realtime gateway lists them with their reasons',
          security: adminAuth,
          responses: { '200': { description: 'How many failed jobs were retried', ...json({ type: 'object', properties: { retried: { type: 'integer' } } }) }, '401': ERRORS['401'] },
        },
      },
      '/health': { get: { summary: 'Liveness', responses: { '200': { description: 'The process answers' } } } },
      '/health/ready': { get: { summary: 'Readiness: MongoDB and Redis reachable', responses: { '200': { description: 'Ready' }, '503': { description: 'A dependency is down; the body names it with a code and a sentence (the detail is in the service log)' } } } },
      '/metrics': { get: { summary: 'Prometheus metrics', responses: { '200': { description: 'Text exposition format' } } } },
    },
  };
}
