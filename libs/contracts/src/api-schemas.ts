import { z } from 'zod';

// Answers of the ingestion API as schemas: the TypeScript types are inferred from them, and the OpenAPI page at
// /api/docs is generated from them, so the documentation cannot drift from what the code returns.

export const errorDetailSchema = z.object({
  field: z.string().meta({ description: 'Dotted path of the field at fault', example: 'metadata.email' }),
  message: z.string().meta({ example: 'must be an email' }),
});

export const errorBodySchema = z
  .object({
    error: z.string().meta({ description: 'Machine-readable code', example: 'validation_failed' }),
    message: z.string().meta({ description: 'One sentence for humans' }),
    details: z.array(errorDetailSchema).optional(),
  })
  .meta({ id: 'Error' });

export const ingestResultSchema = z
  .object({
    event_id: z.string().meta({ description: 'The idempotency key the event is stored under' }),
    status: z.enum(['accepted', 'duplicate']),
  })
  .meta({ id: 'IngestResult' });

export const batchItemResultSchema = z.object({
  index: z.number().int(),
  event_id: z.string().nullable(),
  status: z.enum(['accepted', 'duplicate', 'rejected']),
  errors: z.array(errorDetailSchema),
});

export const batchResultSchema = z
  .object({
    accepted: z.number().int(),
    duplicates: z.number().int(),
    rejected: z.number().int(),
    results: z.array(batchItemResultSchema).meta({ description: 'One per event, in request order' }),
  })
  .meta({ id: 'BatchResult' });

export const webhookResultSchema = z
  .object({ accepted: z.number().int(), duplicates: z.number().int(), results: z.array(ingestResultSchema) })
  .meta({ id: 'WebhookResult' });

export const uploadRowErrorSchema = z
  .object({ row: z.number().int().meta({ description: 'Data row number (header excluded)' }), message: z.string() })
  .meta({ id: 'UploadRowError' });

export const uploadResultSchema = z
  .object({
    upload_id: z.string(),
    rows: z.number().int(),
    accepted: z.number().int(),
    duplicates: z.number().int(),
    rejected: z.number().int(),
    errors: z.array(uploadRowErrorSchema).meta({ description: 'The first 100 rejected rows' }),
  })
  .meta({ id: 'UploadResult' });

export const uploadProgressSchema = z
  .object({
    upload_id: z.string(),
    filename: z.string().nullable(),
    state: z.enum(['receiving', 'processing', 'done', 'failed']),
    bytes: z.number().int().meta({ description: 'Bytes of the file received so far' }),
    rows: z.number().int(),
    accepted: z.number().int(),
    duplicates: z.number().int(),
    rejected: z.number().int(),
    started_at: z.string(),
    updated_at: z.string(),
    finished_at: z.string().nullable(),
    failure: z.string().nullable(),
  })
  .meta({ id: 'UploadProgress' });

export type ErrorDetail = z.infer<typeof errorDetailSchema>;
export type ErrorBody = z.infer<typeof errorBodySchema>;
export type IngestResult = z.infer<typeof ingestResultSchema>;
export type IngestStatus = IngestResult['status'];
export type BatchItemResult = z.infer<typeof batchItemResultSchema>;
export type BatchResult = z.infer<typeof batchResultSchema>;
export type WebhookResult = z.infer<typeof webhookResultSchema>;
export type UploadRowError = z.infer<typeof uploadRowErrorSchema>;
export type UploadResult = z.infer<typeof uploadResultSchema>;
export type UploadProgress = z.infer<typeof uploadProgressSchema>;
export type UploadState = UploadProgress['state'];
