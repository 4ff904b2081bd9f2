export interface PersistenceOptions {
  mongoUri: string;
  /** Most MongoDB operations this process has in flight at once (the driver queues the rest). */
  mongoPoolSize: number;
  /** Documents per bulk update command (see bulk-writes.ts): hundreds on MongoDB, 8 on FerretDB. */
  updatesPerCommand: number;
  redisUrl: string;
  /** Prefix of this deployment's Redis keys, so that several deployments (or test runs) can share a Redis. */
  keyPrefix: string;
  /** Seed the default rules and settings at start when the database has none (services that write). */
  seedDefaults?: boolean;
}

export const PERSISTENCE_OPTIONS = Symbol('PERSISTENCE_OPTIONS');
export const READ_MODEL_REDIS = Symbol('READ_MODEL_REDIS');
