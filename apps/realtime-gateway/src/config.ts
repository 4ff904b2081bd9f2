import { z } from 'zod';
import { apiKeysVar, commaList, portVar, sharedConfigShape } from '@lead-scoring/runtime';

export const realtimeConfigSchema = z.object({
  ...sharedConfigShape,
  REALTIME_PORT: portVar(7778),
  HOST: z.string().min(1).default('127.0.0.1'),
  ADMIN_API_KEYS: apiKeysVar,
  CORS_ORIGINS: z.string().default('http://127.0.0.1:5173,http://localhost:5173').transform(commaList),
});

export type RealtimeConfig = z.infer<typeof realtimeConfigSchema>;
