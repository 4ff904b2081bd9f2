import { z } from 'zod';
import { apiKeysVar, commaList, portVar, sharedConfigShape } from '@lead-scoring/runtime';

export const ingestionConfigSchema = z.object({
  ...sharedConfigShape,
  INGESTION_PORT: portVar(7777),
  HOST: z.string().min(1).default('127.0.0.1'),
  INGEST_API_KEYS: apiKeysVar,
  ADMIN_API_KEYS: apiKeysVar,
  CORS_ORIGINS: z.string().default('http://127.0.0.1:5173,http://localhost:5173').transform(commaList),
});

export type IngestionConfig = z.infer<typeof ingestionConfigSchema>;
